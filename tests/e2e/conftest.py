"""Browser tests: Playwright driving the system Chromium against live_server.

They skip when Chromium is missing on a developer's machine, and fail in CI
(CI=true), where .ci/run installs it.
"""

import datetime as dt
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
            # One test process runs every browser journey, one Chromium at a time (make
            # test runs them apart from the rest of the suite: each ends with a flush).
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


# The Saturday morning of the 2021 Race of Czech Republic (Most): qualifying has been run,
# the races are to come; Race of France (Pau-Arnos) is the next event and Race of Italy
# (Adria) has been moved. The home page and calendar show a race weekend's hero.
RACE_WEEKEND = dt.datetime(2021, 10, 9, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo_site(profiles_2021):
    """The demo as `manage.py demo` loads it: the 2021 season, the siblings' profiles and
    milestones, published articles with hero photos, the press contact."""
    from django.conf import settings

    from news.demo import load_news

    load_news(settings.BASE_DIR / "data" / "news.toml")
    return profiles_2021


@pytest.fixture
def site_clock(time_machine):
    """site_clock(moment, page=None): the live server's clock (time-machine, stopped) and,
    given a page, the browser's clock (countdowns) both read `moment`."""

    def freeze(moment, page=None):
        time_machine.move_to(moment, tick=False)
        if page is not None:
            page.clock.install(time=moment)

    return freeze
