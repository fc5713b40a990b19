import pytest

from delivery.text import control_characters, describe, one_line, printable


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("Race of Spain", ""),
        ("Race\tof\nSpain\n", "\t\n"),
        ("\x00\x1b\x7f\x85\u2028\u2029", "\x00\x1b\x7f\x85\u2028\u2029"),
        # Format characters (a right-to-left mark, a zero-width joiner) belong to text.
        ("\u200f\u200d", ""),
    ],
)
def test_control_characters(value, found):
    assert control_characters(value) == found


def test_describe():
    assert describe("\n\x1b") == "U+000A, U+001B"


def test_one_line_and_printable():
    assert one_line(" Race\x01 of\r\nSpain\u2028 ") == "Race of Spain"
    assert one_line(None) is None
    assert printable("First.\r\nSecond\x08 line\x0c.\u2028Third") == "First.\nSecond line.\nThird"
