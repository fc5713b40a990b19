"""Control characters in text: found (imports refuse them), or taken out (feeds).

A name is one line of printable text. A line break, a tab or another control character
in it (C0 and C1 controls, DEL, the Unicode line and paragraph separators, U+FFFE, U+FFFF,
lone surrogates) is a mistake or
an attack: imports refuse it; feeds, which must answer for whatever the database holds,
leave it out, since XML 1.0 cannot carry most of them and a calendar line must stay one.
"""

import re

# Also the noncharacters U+FFFE and U+FFFF and lone surrogates: XML 1.0 cannot carry them.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_OR_SPACE = re.compile(r"[ \x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]+")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_characters(value):
    """The control characters in `value`, in order, once each ("" when none)."""
    return "".join(dict.fromkeys(CONTROL.findall(value)))


def describe(characters):
    """Control characters as a reader can name them: U+000A, U+0009."""
    return ", ".join(f"U+{ord(character):04X}" for character in characters)


def one_line(value):
    """`value` as one line: every run of control characters and spaces becomes one space."""
    if value is None:
        return value
    return _CONTROL_OR_SPACE.sub(" ", str(value)).strip()


def printable(value):
    """`value` with its line breaks and tabs, without other control characters."""
    if value is None:
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_BUT_LINES.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n\n")
