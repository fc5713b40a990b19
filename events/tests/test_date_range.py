"""An event's days written as a reader writes them, in Swedish and English."""

import datetime as dt

import pytest
from django.utils import translation

from events.templatetags.calendar_tags import date_range

D = dt.date


@pytest.mark.parametrize(
    ("first", "last", "sv", "en"),
    [
        (D(2021, 6, 3), D(2021, 6, 5), "3\N{EN DASH}5 juni 2021", "3\N{EN DASH}5 June 2021"),
        (
            D(2021, 6, 30),
            D(2021, 7, 2),
            "30 juni \N{EN DASH} 2 juli 2021",
            "30 June \N{EN DASH} 2 July 2021",
        ),
        (
            D(2021, 12, 31),
            D(2022, 1, 2),
            "31 december 2021 \N{EN DASH} 2 januari 2022",
            "31 December 2021 \N{EN DASH} 2 January 2022",
        ),
        (D(2021, 6, 5), D(2021, 6, 5), "5 juni 2021", "5 June 2021"),
    ],
)
def test_a_date_range_reads_as_written(first, last, sv, en):
    with translation.override("sv"):
        assert date_range(first, last) == sv
    with translation.override("en"):
        assert date_range(first, last) == en
