from types import SimpleNamespace

import pytest
from django.utils import translation

from standings.charts import CLOSE, NARROW, WIDE, nice_scale, progression_chart


def standings(*rows, rounds=(1, 2, 3)):
    return SimpleNamespace(
        rounds=rounds,
        rows=[
            SimpleNamespace(name=name, competitor=slug, progression=tuple(values))
            for name, slug, values in rows
        ],
    )


LEADERS = [(f"Driver {n}", f"driver-{n}", (100 - n, 200 - n, 300 - n)) for n in range(1, 6)]
ANDREAS = ("Andreas Bäckman", "andreas-backman", (0, 1, 1))
JESSICA = ("Jessica Bäckman", "jessica-backman", (2, 2, 2))


@pytest.mark.parametrize(
    ("lowest", "highest", "ticks", "scale"),
    [
        (0, 2, 4, (1, 0, 2)),
        (0, 0, 4, (1, 0, 1)),  # nothing scored: a scale of 0 to 1, not a division by zero
        (0, 223, 4, (100, 0, 300)),
        (0, 223, 5, (50, 0, 250)),
        (0, 392, 4, (100, 0, 400)),
        (-7, 30, 4, (10, -10, 30)),  # a penalty below zero stays inside the chart
        (0, 12_345_678, 4, (5_000_000, 0, 15_000_000)),
    ],
)
def test_nice_scale(lowest, highest, ticks, scale):
    assert nice_scale(lowest, highest, ticks) == scale


def test_labels_are_drawn_large_enough_in_every_frame():
    # The stylesheet's 14-unit label, at the narrowest width each frame is shown at:
    # the wide one from 568 px, the narrow and the close ones from 288 px (a 320 px phone).
    assert 14 * 568 / WIDE.width >= 12
    assert 14 * 288 / NARROW.width >= 12
    assert 14 * 288 / CLOSE.width >= 12


def test_the_siblings_low_in_the_table_get_a_chart_of_their_own():
    with translation.override("sv"):
        chart = progression_chart(standings(*LEADERS, JESSICA, ANDREAS))

    assert [one.name for one in chart["close_series"]] == ["Jessica Bäckman", "Andreas Bäckman"]
    assert chart["close_names"] == "Jessica Bäckman och Andreas Bäckman"
    assert [tick["label"] for tick in chart["close"]["y_ticks"]] == [0, 1, 2]
    jessica, andreas = chart["close"]["lines"]
    assert jessica.last_y == CLOSE.top  # at the top of their own scale
    assert andreas.last_y == (CLOSE.top + CLOSE.height - CLOSE.bottom) / 2  # half way up
    assert len(chart["narrow"]["y_ticks"]) <= NARROW.max_y_ticks + 1
    assert [line.series.name for line in chart["wide"]["lines"]][-2:] == [
        "Jessica Bäckman",
        "Andreas Bäckman",
    ]


def test_no_chart_of_their_own_when_they_can_be_read_on_the_big_one():
    near = ("Jessica Bäckman", "jessica-backman", (50, 100, 150))
    assert progression_chart(standings(*LEADERS, near))["close"] is None
    # nor when they are all there is to draw, nor when they did not race
    assert progression_chart(standings(JESSICA, ANDREAS))["close"] is None
    assert progression_chart(standings(*LEADERS))["close"] is None


def test_a_long_season_labels_fewer_rounds_on_a_phone():
    rounds = tuple(range(1, 17))
    row = ("Driver", "driver", tuple(range(16)))
    chart = progression_chart(standings(row, rounds=rounds))

    assert [tick["label"] for tick in chart["wide"]["x_ticks"]] == list(rounds)
    assert [tick["label"] for tick in chart["narrow"]["x_ticks"]] == [2, 4, 6, 8, 10, 12, 14, 16]


def test_one_round_is_drawn_in_the_middle():
    chart = progression_chart(standings(("Driver", "driver", (25,)), rounds=(1,)))

    (line,) = chart["narrow"]["lines"]
    assert line.last_x == NARROW.left + (NARROW.width - NARROW.left - NARROW.right) / 2


def test_nothing_to_draw_without_rounds():
    assert progression_chart(standings(rounds=())) is None
