import shutil

import pytest
from django.conf import settings
from django.utils import translation

SEASON_2021 = settings.BASE_DIR / "data" / "seasons" / "2021"
# The official final drivers' table, as data/seasons/2021/README.md gives it.
OFFICIAL_2021_DRIVERS = {
    "Yann Ehrlacher": 223,
    "Frédéric Vervisch": 195,
    "Jean-Karl Vernay": 177,
    "Yvan Muller": 169,
    "Santiago Urrutia": 167,
    "Thed Björk": 141,
    "Gilles Magnus": 139,
    "Tiago Monteiro": 75,
}


@pytest.fixture(autouse=True)
def _english():
    """Import problems are in the language of whoever reads them (the admin's editor; the
    site's default, Swedish, otherwise); the commands and these tests read them in English."""
    with translation.override("en"):
        yield


class SeasonCopy:
    """A copy of the 2021 folder, to spoil one line at a time."""

    def __init__(self, path):
        self.path = path

    def edit(self, name, old, new):
        path = self.path / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def line_of(self, name, start):
        """The number of the first line of `name` that starts with `start`."""
        lines = (self.path / name).read_text(encoding="utf-8").splitlines()
        return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


@pytest.fixture
def season_folder(tmp_path):
    shutil.copytree(SEASON_2021, tmp_path / "2021")
    return SeasonCopy(tmp_path / "2021")
