import io
import os
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation.template import templatize

BASE_DIR = Path(__file__).resolve().parents[2]
LOCALE = BASE_DIR / "locale"
SWEDISH = LOCALE / "sv" / "LC_MESSAGES" / "django.po"
# The functions `make messages` (Django's makemessages) reads messages from, and where.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# What makemessages does not walk: hidden folders, and what is made or installed here.
NOT_SOURCE = {"var", "node_modules", "staticfiles", "test-results", "__pycache__", "locale"}
# Words written the same in Swedish.
SAME_IN_SWEDISH = {"Administration", "Version", "Start"}


def read_catalog(path):
    with path.open("rb") as handle:
        return read_po(handle)


def message_key(message, context=None):
    """A message as the catalogue files it: (context, singular)."""
    return context, message if isinstance(message, str) else message[0]


def messages_in(path, package=False):
    """{(context, singular)} of the messages a .py or template file asks to translate."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".html", ".txt"):
        # Django turns a template into Python-like text with gettext calls, one line per
        # line; what is left of the markup only needs to line up for the tokenizer.
        text = templatize(text, origin=str(path))
        text = "\n".join(line.lstrip() for line in text.splitlines())
    try:
        found = extract("python", io.BytesIO(text.encode()), keywords=KEYWORDS)
        return {
            message_key(message, context)
            for _line, message, _comments, context in found
            if message and (message if isinstance(message, str) else message[0])
        }
    except SyntaxError:
        if package:  # a package's template our extraction cannot read: not ours to check
            return set()
        raise


def source_files(root, suffixes=(".py", ".html", ".txt")):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name for name in subfolders if not name.startswith(".") and name not in NOT_SOURCE
        ]
        for name in files:
            if name.endswith(suffixes):
                yield Path(folder) / name


@pytest.mark.parametrize("path", sorted(LOCALE.glob("sv/LC_MESSAGES/*.po")), ids=str)
def test_every_swedish_string_is_translated(path):
    catalog = read_catalog(path)

    untranslated = [m.id for m in catalog if m.id and not m.string]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalog) > (40 if path.name == "django.po" else 10)


def test_the_catalogue_holds_every_message_the_code_and_templates_ask_for():
    """What `make messages` would extract, and so what the admin and the site can show, is
    in the Swedish catalogue: a string added without `make messages` fails here."""
    catalog = read_catalog(SWEDISH)
    known = {message_key(m.id, m.context) for m in catalog if m.id and m.string}

    asked = {}
    for path in source_files(BASE_DIR):
        if "tests" in path.relative_to(BASE_DIR).parts:
            continue
        for key in messages_in(path):
            asked.setdefault(key, path.relative_to(BASE_DIR))
    missing = sorted(f"{path}: {key[1]!r}" for key, path in asked.items() if key not in known)

    assert len(asked) > 500
    assert missing == []


ADMIN_TEMPLATES = sorted(
    [
        *(BASE_DIR / "templates" / "admin").rglob("*.html"),
        *(BASE_DIR / "templates" / "simple_history").rglob("*.html"),
        *(BASE_DIR / "templates").glob("40*.html"),
    ]
)


@pytest.mark.parametrize(
    "path", ADMIN_TEMPLATES, ids=lambda path: str(path.relative_to(BASE_DIR / "templates"))
)
def test_every_message_of_the_admin_templates_is_in_swedish(path):
    catalog = read_catalog(SWEDISH)
    ours = {message_key(m.id, m.context): m for m in catalog if m.id}

    for key in messages_in(path):
        message = ours.get(key)
        assert message is not None, f"{key[1]!r} is not in the catalogue: run make messages"
        assert message.string, f"{key[1]!r} has no Swedish"
        assert not message.fuzzy, f"{key[1]!r} is marked fuzzy"


SITE_PACKAGES = Path(translation.__file__).resolve().parents[3]
PACKAGES = {
    "axes": SITE_PACKAGES / "axes",
    "simple_history": SITE_PACKAGES / "simple_history",
    "django.contrib.admin": SITE_PACKAGES / "django" / "contrib" / "admin",
    "django.db.models": SITE_PACKAGES / "django" / "db" / "models",
}


def replaced(template):
    """Whether templates/ has a template of that name that does not extend the package's."""
    name = "/".join(template.parts[template.parts.index("templates") + 1 :])
    ours = BASE_DIR / "templates" / name
    return ours.exists() and f'{{% extends "{name}" %}}' not in ours.read_text(encoding="utf-8")


def package_messages(root):
    """{(context, singular): file} of what a package's code and templates translate, but for
    templates our own (templates/) replace."""
    found = {}
    for path in source_files(root):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        if path.suffix == ".html" and replaced(path):
            continue
        for key in messages_in(path, package=True):
            found.setdefault(key, path.name)
    return found


def test_the_other_packages_words_listed_for_translation_are_theirs():
    """wtcrsite/package_strings.py lists messages of other packages to translate them: each
    is still what the installed package says (an upgrade that rewords one shows up here)."""
    listed = messages_in(BASE_DIR / "wtcrsite" / "package_strings.py")
    theirs = set()
    for root in PACKAGES.values():
        theirs |= set(package_messages(root))

    assert sorted(key[1] for key in listed - theirs) == []


@pytest.mark.parametrize("package", ["axes", "simple_history"])
def test_every_word_the_admin_shows_from_other_packages_is_in_swedish(package):
    untranslated = []
    for (context, message), name in sorted(package_messages(PACKAGES[package]).items()):
        with translation.override("sv"):
            if context:
                said = translation.pgettext(context, message)
            else:
                said = translation.gettext(message)
        if said == message and message not in SAME_IN_SWEDISH:
            untranslated.append(f"{name}: {message!r}")

    assert untranslated == []


DJANGO_ADMIN_SCRIPTS = PACKAGES["django.contrib.admin"] / "locale"


def test_the_admin_scripts_words_are_in_swedish():
    """Django's admin scripts (date and time pickers, the time zone note) take their words
    from Django's catalogue and ours (locale/sv/LC_MESSAGES/djangojs.po, for the messages
    Django has no Swedish for yet); each of ours is still one of Django's."""
    import gettext

    theirs = read_catalog(DJANGO_ADMIN_SCRIPTS / "en" / "LC_MESSAGES" / "djangojs.po")
    ours = read_catalog(LOCALE / "sv" / "LC_MESSAGES" / "djangojs.po")
    with (DJANGO_ADMIN_SCRIPTS / "sv" / "LC_MESSAGES" / "djangojs.mo").open("rb") as handle:
        django_swedish = gettext.GNUTranslations(handle)
    listed = {message_key(m.id, m.context) for m in ours if m.id}
    assert listed <= {message_key(m.id, m.context) for m in theirs if m.id}

    untranslated = []
    for message in theirs:
        if not message.id or message_key(message.id, message.context) in listed:
            continue
        singular = message.id if isinstance(message.id, str) else message.id[0]
        if isinstance(message.id, str):
            said = (
                django_swedish.pgettext(message.context, singular)
                if message.context
                else (django_swedish.gettext(singular))
            )
            same = said == singular
        else:
            said = django_swedish.ngettext(singular, message.id[1], 2)
            same = said == message.id[1]
        one_letter_day = (message.context or "").startswith("one letter")
        if same and singular not in {"Filter"} and not one_letter_day:
            untranslated.append(singular)
    assert untranslated == []
