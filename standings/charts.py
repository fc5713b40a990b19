"""The points-progression chart, drawn on the server as SVG geometry for the template.

The same lines are drawn in two frames: a wide one for a tablet or a desktop and a narrow
one for a phone (the stylesheet shows one of them), so that a label is drawn at 12 px or
more at any width. When the siblings (or their team) stay in the lowest quarter of the chart,
their lines are drawn again in a small chart on a scale of their own, where they climb.
"""

from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import pgettext

from drivers.models import FEATURED_DRIVERS

FEATURED_TEAMS = ("target-competition",)
MAX_SERIES = 5


@dataclass(frozen=True)
class Frame:
    """A chart's viewBox and margins, in SVG units; label in the same units."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    max_y_ticks: int  # intervals above zero
    max_x_labels: int


# Shown 568 px wide or more: a 14-unit label is drawn at 12.4 px or more.
WIDE = Frame(640, 320, left=46, right=16, top=12, bottom=34, max_y_ticks=5, max_x_labels=16)
# Shown 288 to 384 px wide (a phone): a 14-unit label is drawn at 12.6 to 16.8 px.
NARROW = Frame(320, 250, left=40, right=12, top=12, bottom=32, max_y_ticks=4, max_x_labels=8)
CLOSE = Frame(320, 200, left=40, right=12, top=12, bottom=32, max_y_ticks=4, max_x_labels=8)


@dataclass(frozen=True)
class Series:
    name: str
    featured: bool
    css: str  # series-1 … series-n: colour from the stylesheet
    values: tuple[int, ...]


@dataclass(frozen=True)
class Line:
    series: Series
    points: str  # the polyline's points attribute
    last_x: float
    last_y: float


def _steps():
    """1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000 …"""
    magnitude = 1
    while True:
        yield from (magnitude, 2 * magnitude)
        if magnitude >= 10:
            yield magnitude * 5 // 2
        yield 5 * magnitude
        magnitude *= 10


def nice_scale(lowest, highest, max_ticks):
    """(step, bottom, top): the smallest round step whose multiples span lowest (or zero,
    when lower) to highest (at least 1) in max_ticks steps or fewer."""
    lowest, highest = min(lowest, 0), max(highest, 1)
    for step in _steps():
        bottom, top = lowest // step * step, -(-highest // step) * step
        if (top - bottom) // step <= max_ticks:
            return step, bottom, top
    raise AssertionError("unreachable")


def is_featured(competitor):
    return competitor in FEATURED_DRIVERS or competitor in FEATURED_TEAMS


def draw(frame, rounds, series):
    """The geometry of these series in this frame, on a scale that fits their highest value."""
    step, bottom_value, top_value = nice_scale(
        min(min(s.values) for s in series), max(max(s.values) for s in series), frame.max_y_ticks
    )
    plot_w = frame.width - frame.left - frame.right
    plot_h = frame.height - frame.top - frame.bottom

    def x(index):
        return frame.left + (plot_w * index / (len(rounds) - 1) if len(rounds) > 1 else plot_w / 2)

    def y(value):
        return frame.top + plot_h * (top_value - value) / (top_value - bottom_value)

    lines = []
    for one in series:
        coords = [(round(x(i), 1), round(y(v), 1)) for i, v in enumerate(one.values)]
        lines.append(
            Line(
                series=one,
                points=" ".join(f"{cx},{cy}" for cx, cy in coords),
                last_x=coords[-1][0],
                last_y=coords[-1][1],
            )
        )
    # Label every round, or every other one counted back from the last, and so on.
    every = -(-len(rounds) // frame.max_x_labels)
    return {
        "width": frame.width,
        "height": frame.height,
        "left": frame.left,
        "label_x": frame.left - 6,
        "right": frame.width - frame.right,
        "label_y": frame.height - frame.bottom + 22,
        "lines": lines,
        "x_ticks": [
            {"x": round(x(i), 1), "label": r}
            for i, r in enumerate(rounds)
            if (len(rounds) - 1 - i) % every == 0
        ],
        "y_ticks": [
            {"y": round(y(v), 1), "label": v} for v in range(bottom_value, top_value + 1, step)
        ],
    }


def progression_chart(standings):
    """Geometry for the top drivers (or teams) and the featured ones; None without rounds.

    close: the featured ones again on a scale of their own, when they would stay in the
    lowest quarter of the chart (None otherwise); close_names: their names as a list."""
    rounds = standings.rounds
    if not rounds or not standings.rows:
        return None
    chosen = list(standings.rows[:MAX_SERIES])
    chosen += [r for r in standings.rows[MAX_SERIES:] if is_featured(r.competitor)]
    series = [
        Series(
            name=row.name,
            featured=is_featured(row.competitor),
            css=f"series-{number}",
            values=tuple(row.progression),
        )
        for number, row in enumerate(chosen, start=1)
    ]
    wide = draw(WIDE, rounds, series)
    featured = [one for one in series if one.featured]
    top_value = wide["y_ticks"][-1]["label"]
    close = None
    featured_top = max((max(one.values) for one in featured), default=None)
    if featured_top is not None and len(featured) < len(series) and 4 * featured_top <= top_value:
        close = draw(CLOSE, rounds, featured)
    return {
        "series": series,
        "rounds": rounds,
        "wide": wide,
        "narrow": draw(NARROW, rounds, series),
        "close": close,
        "close_series": featured if close else [],
        "close_names": _names(featured) if close else "",
    }


def _names(series):
    """'A', 'A and B', 'A, B and C' in the active language."""
    return get_text_list([one.name for one in series], pgettext("the last link of a list", "and"))
