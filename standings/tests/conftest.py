import shutil
from html.parser import HTMLParser

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


@pytest.fixture
def results_staff(db, django_user_model):
    """A client signed in to the admin as a member of the Results role, in English."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from wtcrsite.roles import sync_roles

    sync_roles()
    user = django_user_model.objects.create_user(
        "results", password="a-long-password-1", is_staff=True, first_name="Rita", last_name="Res"
    )
    user.groups.add(Group.objects.get(name="Results"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.user = user
    return client


class _Fields(HTMLParser):
    """The fields of one form of a page as a browser posts them (no files, no buttons)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in ("submit", "file"):
            self.fields[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.fields[name] = ""
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(response, form_id="classification"):
    """{name: value} of the form `form_id` of a page."""
    assert response.status_code == 200, response.status_code
    parser = _Fields(form_id)
    parser.feed(response.content.decode())
    return parser.fields


def rows_of(fields):
    """The rows of a classification form: [(position, entry, status, best lap)], blank
    rows left out."""
    rows = []
    for index in range(int(fields["rows-TOTAL_FORMS"])):
        row = tuple(fields[f"rows-{index}-{name}"] for name in ROW_FIELDS)
        if row[1]:
            rows.append(row)
    return rows


ROW_FIELDS = ("position", "entry", "status", "best_lap_ms")


def with_rows(fields, rows):
    """The form's fields with its rows replaced by `rows` (the rest blank)."""
    fields = dict(fields)
    total = int(fields["rows-TOTAL_FORMS"])
    for index in range(total):
        values = rows[index] if index < len(rows) else ("", "", "classified", "")
        for name, value in zip(ROW_FIELDS, values, strict=True):
            fields[f"rows-{index}-{name}"] = "" if value is None else str(value)
    return fields
