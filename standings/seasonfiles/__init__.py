"""Reading and checking a season folder (DESIGN.md section 4a), before anything is written:
season.toml, entries.csv, results.csv and adjustments.csv here, calendar.csv and
sessions.csv through events.seasonfiles.

Every problem names the file, the line and the reason. Parsing never touches the
database: the importers resolve what is read here against it.
"""

from events.seasonfiles import Problem, SeasonFileError
from standings.seasonfiles.fields import parse_lap
from standings.seasonfiles.folder import SeasonFolder, read_season_folder
from standings.seasonfiles.results import check_results, parse_results
from standings.seasonfiles.rules import parse_season_toml

__all__ = [
    "Problem",
    "SeasonFileError",
    "SeasonFolder",
    "check_results",
    "parse_lap",
    "parse_results",
    "parse_season_toml",
    "read_season_folder",
]
