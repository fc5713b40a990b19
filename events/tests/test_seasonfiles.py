from django.conf import settings

from events.seasonfiles import check_calendar, check_sessions, parse_calendar

SEASON_2021 = settings.BASE_DIR / "data" / "seasons" / "2021"


def test_the_2021_calendar_reads_without_problems():
    texts = {
        name: (SEASON_2021 / name).read_text(encoding="utf-8")
        for name in ("calendar.csv", "sessions.csv")
    }
    problems = []
    calendar, sessions = parse_calendar(texts, problems)
    check_calendar(calendar, problems)
    check_sessions(sessions, calendar, problems)
    assert problems == []
    assert {row.slug for row in calendar} >= {row.event for row in sessions}
    assert all(row.starts_at is not None for row in sessions if row.starts_local is not None)
