"""Browser tests: Playwright driving the system Chromium against live_server.

They skip when Chromium is missing on a developer's machine, and fail in CI
(CI=true), where .ci/run installs it.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# Playwright's sync API runs an event loop in the test thread; Django's guard
# against ORM calls inside a loop would otherwise trip over it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
            # One test process runs every browser journey, one Chromium at a time, while
            # the others run the rest of the suite (pytest-xdist's loadgroup).
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests.")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def axe():
    """check(page): fail with axe-core's report when the page has violations."""
    engine = Axe()

    def check(page):
        results = engine.run(page)
        assert results.violations_count == 0, results.generate_report()
        return results

    return check


@pytest.fixture
def screenshot():
    """screenshot(page, name): keep a full-page PNG in test-results/ to look at."""

    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def open_context(browser, live_server):
    """open_context(**options) -> a page in a fresh browser context that records
    console errors (a CSP violation shows up there) in page.errors."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A browser test runs in a committed transaction and ends with a flush of every
    table: the staff roles the data migrations made are gone, and content types come back
    with new ids. Put both back as migrations left them, for the tests this process runs
    next (a test of the roles would otherwise find no group, an admin log entry a content
    type that no longer exists)."""
    yield
    if item.get_closest_marker("django_db") is None:
        return
    import importlib

    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from pytest_django.plugin import blocking_manager_key

    roles = importlib.import_module("news.migrations.0002_groups").GROUPS
    bylines = importlib.import_module("news.migrations.0003_author_bylines").AUTHOR_PERMISSIONS
    with item.config.stash[blocking_manager_key].unblock():
        # The flush's post_migrate made the content types and permissions again.
        ContentType.objects.clear_cache()
        for name, codenames in roles.items():
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.set(
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames
            )
        Group.objects.get(name="Press office").permissions.add(
            *Permission.objects.filter(content_type__app_label="news", codename__in=bylines)
        )
