"""A driver's season as the results tell it: entries, statistics, titles, round by round.

Results belong to the standings app, which depends on drivers; so drivers never imports
it. Standings registers what computes these records (`provide`, from its
`AppConfig.ready`), and every page that shows a driver's results (the profile, the list,
the home page's cards, the press kit) reads them through this module.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured


@dataclass
class Record:
    """A driver's latest season with entries, as of a moment."""

    season: object  # events.Season
    stats: object  # the season's statistics (entries, titles, head-to-head, outcomes)
    standings: list  # [{"standing", "rule"}]: each title contested, with its rule in words
    round_by_round: Callable[[], list]  # read only by the pages that show it

    @cached_property
    def rounds(self):
        """Round by round: [{"round", "event", "sessions", "points"}] (one query)."""
        return self.round_by_round()


_provider = None


def provide(provider):
    """Standings registers the object that computes records (see `SeasonRecords`)."""
    global _provider
    _provider = provider


def _records():
    if _provider is None:
        raise ImproperlyConfigured("No app provides driver records: is 'standings' installed?")
    return _provider


def record(driver, *, siblings=(), moment=None):
    """`driver`'s latest season with entries, as of `moment` (None: every result), with a
    head-to-head against each of `siblings`; None when the driver has no entry."""
    return _records().record(driver, siblings=siblings, moment=moment)


def latest_entries(drivers):
    """{driver pk: their latest scoring entry (team, number, car)} for `drivers`."""
    return _records().latest_entries(drivers)


def season_grid(exclude=()):
    """(the newest season with entries, [{"driver", "numbers", "teams", "cars",
    "wildcard"}] for each entered driver but `exclude` slugs, by name)."""
    return _records().season_grid(exclude=exclude)
