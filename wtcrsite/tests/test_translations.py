from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("path", sorted(LOCALE.glob("sv/LC_MESSAGES/*.po")), ids=str)
def test_every_swedish_string_is_translated(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)

    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog) > 40
