"""Reading and checking a season folder (DESIGN.md section 4a), before anything is written.

Every problem names the file, the line and the reason. Parsing never touches the
database: the importers resolve what is read here against it.
"""

from standings.seasonfiles.fields import Problem, SeasonFileError, local_to_utc, parse_lap
from standings.seasonfiles.folder import SeasonFolder, read_season_folder
from standings.seasonfiles.results import check_results, parse_results
from standings.seasonfiles.rules import parse_season_toml

__all__ = [
    "Problem",
    "SeasonFileError",
    "SeasonFolder",
    "check_results",
    "local_to_utc",
    "parse_lap",
    "parse_results",
    "parse_season_toml",
    "read_season_folder",
]
