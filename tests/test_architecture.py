"""The import graph between the project's apps, read with `ast` from the source: no cycle,
and none of the arrows the design forbids (docs/architecture.md)."""

import ast
import itertools
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
APPS = ["delivery", "images", "drivers", "events", "standings", "news", "wtcrsite"]
# Arrows each app may have (anything not listed is forbidden).
ALLOWED = {
    "delivery": set(),
    "images": set(),
    "events": {"delivery"},
    "drivers": {"delivery", "images", "events"},
    "standings": {"delivery", "drivers", "events"},
    "news": {"delivery", "images", "drivers", "events"},
    "wtcrsite": {"delivery", "images", "drivers", "events", "standings", "news"},
}


def imports(app):
    """{other app: [file:line, …]} for every import of another app in `app`'s code (its
    tests and migrations aside: they are not part of the app's running code)."""
    found = {}
    for path in sorted((BASE / app).rglob("*.py")):
        parts = path.relative_to(BASE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in APPS and top != app:
                    found.setdefault(top, []).append(f"{'/'.join(parts)}:{node.lineno}")
    return found


def graph():
    return {app: imports(app) for app in APPS}


def test_every_arrow_is_allowed():
    wrong = {
        f"{app} -> {other}": places
        for app, arrows in graph().items()
        for other, places in arrows.items()
        if other not in ALLOWED[app]
    }
    assert wrong == {}


def test_no_cycle_between_apps():
    arrows = {app: set(found) for app, found in graph().items()}
    for first, second in itertools.permutations(APPS, 2):
        assert not (second in arrows[first] and first in arrows[second]), (first, second)
    # And none longer: a topological order exists.
    order, left = [], dict(arrows)
    while left:
        ready = [app for app, needs in left.items() if needs <= set(order)]
        assert ready, f"a cycle among {sorted(left)}"
        order.extend(sorted(ready))
        for app in ready:
            del left[app]


def test_no_app_imports_the_project_package():
    for app in APPS:
        if app != "wtcrsite":
            assert "wtcrsite" not in imports(app), app


def test_the_allowed_graph_itself_has_no_cycle():
    order, left = [], {app: set(arrows) for app, arrows in ALLOWED.items()}
    while left:
        ready = [app for app, needs in left.items() if needs <= set(order)]
        assert ready
        order.extend(ready)
        for app in ready:
            del left[app]
