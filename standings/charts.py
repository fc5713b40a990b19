"""The points-progression chart, drawn on the server as SVG geometry for the template."""

from dataclasses import dataclass

from drivers.models import FEATURED_DRIVERS

FEATURED_TEAMS = ("target-competition",)
WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 12, 32
MAX_SERIES = 5


@dataclass(frozen=True)
class Series:
    name: str
    featured: bool
    css: str  # series-1 … series-n: colour from the stylesheet
    points: str  # the polyline's points attribute
    last_x: float
    last_y: float
    values: tuple[int, ...]


def _nice_step(maximum):
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500):
        if maximum / step <= 6:
            return step
    return 1000


def is_featured(competitor):
    return competitor in FEATURED_DRIVERS or competitor in FEATURED_TEAMS


def progression_chart(standings):
    """Geometry for the top drivers (or teams) and the featured ones; None without rounds."""
    rounds = standings.rounds
    if not rounds or not standings.rows:
        return None
    chosen = list(standings.rows[:MAX_SERIES])
    chosen += [r for r in standings.rows[MAX_SERIES:] if is_featured(r.competitor)]
    maximum = max(max(row.progression) for row in chosen) or 1
    step = _nice_step(maximum)
    top_value = -(-maximum // step) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index):
        return LEFT + (plot_w * index / (len(rounds) - 1) if len(rounds) > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h * (1 - value / top_value)

    series = []
    for number, row in enumerate(chosen, start=1):
        coords = [(round(x(i), 1), round(y(v), 1)) for i, v in enumerate(row.progression)]
        series.append(
            Series(
                name=row.name,
                featured=is_featured(row.competitor),
                css=f"series-{number}",
                points=" ".join(f"{cx},{cy}" for cx, cy in coords),
                last_x=coords[-1][0],
                last_y=coords[-1][1],
                values=tuple(row.progression),
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "series": series,
        "x_ticks": [{"x": round(x(i), 1), "label": r} for i, r in enumerate(rounds)],
        "y_ticks": [{"y": round(y(v), 1), "label": v} for v in range(0, top_value + 1, step)],
        "rounds": rounds,
    }
