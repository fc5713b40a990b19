"""What the "How a WTCR weekend works" page shows of a season's rules: its points scales
and its titles, read from the database so that the page says what the scoring engine
does."""

from dataclasses import dataclass

from events.models import Session
from standings.models import PointsScale
from standings.titles import describe_title

CODE_ORDER = {code: n for n, code in enumerate(Session.Code.values)}
# The parts of a three-part qualifying go by their codes, as the page's text calls them
# (and so four columns fit a phone); other sessions by their names.
BY_CODE = {"Q1", "Q2", "Q3"}


@dataclass(frozen=True)
class PointsTable:
    """Points by place for a few sessions: `columns` are (session label, scale) pairs."""

    columns: list
    event: object = None

    @property
    def rows(self):
        """(place, [points or None per column]) from first place to the last that scores."""
        depth = max(len(scale) for _label, scale in self.columns)
        return [
            (
                place,
                [scale[place - 1] if place <= len(scale) else None for _l, scale in self.columns],
            )
            for place in range(1, depth + 1)
        ]

    @property
    def summary(self):
        """(session label, number of places that score) per column."""
        return [(label, len(scale)) for label, scale in self.columns]


def _table(scales, event=None):
    """The scoring sessions of `scales` in weekend order (a scale without points is left
    out), or None when none scores."""
    columns = [
        (scale.session if scale.session in BY_CODE else scale.get_session_display(), scale.scale)
        for scale in sorted(scales, key=lambda s: CODE_ORDER[s.session])
        if scale.scale
    ]
    return PointsTable(columns=columns, event=event) if columns else None


def season_rules(season, titles):
    """The season's points tables (the season-wide one first, then one per event whose
    format differs) and, per title, the sentences describing it."""
    scales = list(PointsScale.objects.filter(season=season).select_related("event__circuit"))
    by_event = {}
    for scale in scales:
        if scale.event_id is not None:
            by_event.setdefault(scale.event_id, []).append(scale)
    season_table = _table([s for s in scales if s.event_id is None and s.title_id is None])
    event_tables = [
        _table(event_scales, event=event_scales[0].event)
        for event_scales in sorted(by_event.values(), key=lambda group: group[0].event.start_date)
    ]
    return {
        "points_table": season_table,
        "event_tables": [table for table in event_tables if table],
        "title_rules": [
            (title, describe_title(title, [s for s in scales if s.title_id == title.pk]))
            for title in titles
        ],
        "reranked": any(title.rerank for title in titles),
    }
