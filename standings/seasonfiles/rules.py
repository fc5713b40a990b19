"""season.toml: the season, its points scales and its titles."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from events.seasonfiles import (
    SESSION_CODES,
    Problem,
    RowError,
    SeasonFileError,
    refuse_control_characters,
)
from standings.seasonfiles.fields import TITLE_ELIGIBLE


@dataclass
class TitleSpec:
    slug: str
    name_en: str
    name_sv: str
    competitors: str = "drivers"
    eligible: str = "all"
    rerank: bool = False
    points: dict[str, tuple[int, ...]] = field(default_factory=dict)
    fastest_lap: int = 0
    fastest_qualifying: int = 0
    min_entrants: int = 0


@dataclass
class SeasonSpec:
    slug: str
    name: str
    broadcasters: list[str]
    notes_en: str
    notes_sv: str
    points: dict[str, tuple[int, ...]]
    event_points: dict[str, dict[str, tuple[int, ...]]]
    titles: list[TitleSpec]


def _scale(value, where):
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    ):
        raise RowError(
            _("%(where)s must be a list of whole numbers of points, like [5, 4, 3]")
            % {"where": where}
        )
    return tuple(value)


def _scales(table, where):
    if not isinstance(table, dict):
        raise RowError(_("%(where)s must be a table of session = [points]") % {"where": where})
    scales = {}
    for code, value in table.items():
        if code not in SESSION_CODES:
            raise RowError(
                _("%(where)s: %(code)s is not a session code (%(codes)s)")
                % {"where": where, "code": repr(code), "codes": ", ".join(SESSION_CODES)}
            )
        scales[code] = _scale(value, f"{where}.{code}")
    return scales


def _translated(value, where, *, lines=False):
    if isinstance(value, str):
        value = {"en": value}
    if (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and isinstance(value.get("sv", ""), str)
    ):
        en, sv = value["en"], value.get("sv") or value["en"]
        for text in (en, sv):
            refuse_control_characters(text, where, lines=lines)
        return en, sv
    raise RowError(_("%(where)s must be a string or a table with en and sv") % {"where": where})


def parse_season_toml(text, name="season.toml"):
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.14 gives msg and lineno; 3.12 and 3.13 only the text, with the line in it.
        message = getattr(error, "msg", None) or str(error)
        line = getattr(error, "lineno", None)
        found = re.search(r"\(at line (\d+), column \d+\)", message)
        if line is None and found:
            line = int(found.group(1))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", message)
        # The reason in brackets is Python's own words (English), kept as a detail.
        reason = _("not valid TOML (%(error)s)") % {"error": message}
        raise SeasonFileError([Problem(name, line, reason)]) from None
    try:
        return _season_spec(data)
    except RowError as error:
        raise SeasonFileError([Problem(name, None, str(error))]) from None


def _season_spec(data):
    slug = str(data.get("slug", "")).strip()
    if not re.fullmatch(r"[a-z0-9-]{1,20}", slug):
        raise RowError(_('slug must be set, e.g. slug = "2021"'))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RowError(_("name must be set"))
    refuse_control_characters(name, "name")
    broadcasters = data.get("broadcasters", [])
    if not isinstance(broadcasters, list) or not all(isinstance(b, str) for b in broadcasters):
        raise RowError(_("broadcasters must be a list of names"))
    for broadcaster in broadcasters:
        refuse_control_characters(broadcaster, "broadcasters")
    notes_en, notes_sv = _translated(data.get("notes", ""), "notes", lines=True)
    event_points = data.get("event_points", {})
    if not isinstance(event_points, dict):
        raise RowError(_("event_points must be tables named by event slug"))
    if not isinstance(data.get("titles", []), list):
        raise RowError(_("titles must be [[titles]] tables"))
    titles = [_title_spec(t, i) for i, t in enumerate(data.get("titles", []), start=1)]
    slugs = [title.slug for title in titles]
    if len(set(slugs)) != len(slugs):
        raise RowError(_("two [[titles]] share a slug"))
    return SeasonSpec(
        slug=slug,
        name=name.strip(),
        broadcasters=broadcasters,
        notes_en=notes_en,
        notes_sv=notes_sv,
        points=_scales(data.get("points", {}), "points"),
        event_points={
            event: _scales(table, f"event_points.{event}") for event, table in event_points.items()
        },
        titles=titles,
    )


def _title_spec(data, index):
    where = f"titles #{index}"
    if not isinstance(data, dict):
        raise RowError(_("%(where)s must be a table") % {"where": where})
    slug = str(data.get("slug", "")).strip()
    if not re.fullmatch(r"[a-z0-9-]{1,30}", slug):
        raise RowError(
            _("%(where)s: slug must be lowercase letters, digits and hyphens") % {"where": where}
        )
    name_en, name_sv = _translated(data.get("name", slug), f"{where}.name")
    competitors = data.get("competitors", "drivers")
    if competitors not in ("drivers", "teams"):
        raise RowError(_("%(where)s: competitors must be drivers or teams") % {"where": where})
    eligible = data.get("eligible", "all")
    if eligible not in TITLE_ELIGIBLE:
        raise RowError(
            _("%(where)s: eligible must be one of %(choices)s")
            % {"where": where, "choices": ", ".join(TITLE_ELIGIBLE)}
        )
    bonus = data.get("bonus", {})
    if not isinstance(bonus, dict) or set(bonus) - {"fastest_lap", "fastest_qualifying"}:
        raise RowError(
            _("%(where)s: bonus takes fastest_lap and fastest_qualifying only") % {"where": where}
        )
    numbers = {
        "fastest_lap": bonus.get("fastest_lap", 0),
        "fastest_qualifying": bonus.get("fastest_qualifying", 0),
        "min_entrants": data.get("min_entrants", 0),
    }
    for key, value in numbers.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RowError(
                _("%(where)s: %(key)s must be a whole number of 0 or more")
                % {"where": where, "key": key}
            )
    rerank = data.get("rerank", False)
    if not isinstance(rerank, bool):
        raise RowError(_("%(where)s: rerank must be true or false") % {"where": where})
    return TitleSpec(
        slug=slug,
        name_en=name_en,
        name_sv=name_sv,
        competitors=competitors,
        eligible=eligible,
        rerank=rerank,
        points=_scales(data.get("points", {}), f"{where}.points"),
        **numbers,
    )
