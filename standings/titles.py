"""Plain-language rules of a title, for its standings page."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

ELIGIBILITY = {
    "all": lambda: _("Every driver with a season entry scores; wildcard entries do not."),
    "junior": lambda: _(
        "For drivers aged 24 or younger at the start of the season who had not raced in WTCR "
        "or WTCC before 2019."
    ),
    "trophy": lambda: _("For independent drivers, without factory support."),
    "female": lambda: _("For women drivers. New in 2021."),
}

# A title named by its contenders, where space is short: "15 (Trophy 3)".
SHORT_NAMES = {
    "junior": lambda: pgettext("title named by its contenders", "Junior"),
    "trophy": lambda: pgettext("title named by its contenders", "Trophy"),
    "female": lambda: pgettext("title named by its contenders", "Women"),
}


def short_name(title):
    """A title's name in a word where its contenders name it, else its name."""
    name = SHORT_NAMES.get(title.eligible)
    return name() if name and title.competitors == "drivers" else title.name


def _scale_text(values):
    return "-".join(str(v) for v in values) if values else _("no points")


def describe_title(title, scales):
    """Sentences describing who can score in `title` and how; `scales` are its own scales."""
    lines = []
    if title.competitors == "teams":
        lines.append(_("Each team scores the points its drivers score."))
    else:
        lines.append(ELIGIBILITY.get(title.eligible, ELIGIBILITY["all"])())
    if title.rerank:
        lines.append(
            _("Each session is re-ranked among the eligible drivers before points are given.")
        )
    if scales:
        grouped = {}
        for scale in scales:
            grouped.setdefault(scale.scale, []).append(scale.get_session_display())
        parts = [
            _("%(sessions)s: %(points)s")
            % {"sessions": ", ".join(sessions), "points": _scale_text(values)}
            for values, sessions in grouped.items()
        ]
        lines.append(_("Points in this title: %(scales)s.") % {"scales": "; ".join(parts)})
    if title.fastest_lap:
        lines.append(
            ngettext(
                "Bonus: %(n)d point for the fastest lap in each race.",
                "Bonus: %(n)d points for the fastest lap in each race.",
                title.fastest_lap,
            )
            % {"n": title.fastest_lap}
        )
    if title.fastest_qualifying:
        lines.append(
            ngettext(
                "Bonus: %(n)d point for the fastest lap in qualifying at each event.",
                "Bonus: %(n)d points for the fastest lap in qualifying at each event.",
                title.fastest_qualifying,
            )
            % {"n": title.fastest_qualifying}
        )
    if title.min_entrants:
        lines.append(
            ngettext(
                "Awarded only if at least %(n)d eligible driver is entered.",
                "Awarded only if at least %(n)d eligible drivers are entered.",
                title.min_entrants,
            )
            % {"n": title.min_entrants}
        )
    return lines


def eligibility_rule(title):
    """Who may score in `title`, in a sentence or two (for a driver's profile)."""
    if title.competitors == "teams":
        return _("Each team scores the points its drivers score.")
    line = ELIGIBILITY.get(title.eligible, ELIGIBILITY["all"])()
    if title.min_entrants:
        line += " " + ngettext(
            "Awarded only if at least %(n)d eligible driver is entered.",
            "Awarded only if at least %(n)d eligible drivers are entered.",
            title.min_entrants,
        ) % {"n": title.min_entrants}
    return line
