"""Fixtures shared by the delivery tests."""

import datetime as dt

import pytest

from delivery import areas

# A moment after the 2021 season, with the real clock frozen there.
LATER = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(profiles_2021, settings, time_machine):
    """The demo's season, profiles and news, the clock after the season, the cache on."""
    from news.demo import load_news

    time_machine.move_to(LATER, tick=False)
    load_news(settings.BASE_DIR / "data" / "news.toml")
    settings.PAGE_CACHE = True
    return profiles_2021


@pytest.fixture
def bumps(monkeypatch):
    """Every content-version write, in order: [(area, …), …]."""
    seen = []
    real = areas.bump

    def recording(*names):
        seen.append(tuple(sorted(names)))
        return real(*names)

    monkeypatch.setattr(areas, "bump", recording)
    return seen
