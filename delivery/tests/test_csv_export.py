"""Cells of CSV exports cannot start a formula when a spreadsheet opens the file."""

import csv
import decimal
import io

import pytest

from delivery.csv_export import csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1,2)", "'@SUM(1,2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # Text that looks like a number is still text: it came from a name.
        ("-5", "'-5"),
        # Ordinary text is left alone, a formula character inside it too.
        ("Jean-Karl Vernay", "Jean-Karl Vernay"),
        ("Team =Red", "Team =Red"),
        ("", ""),
        # Numbers stay numbers, negative ones too (a penalty can take points below zero).
        (-5, -5),
        (12, 12),
        (-1.5, -1.5),
        (decimal.Decimal("-2.5"), decimal.Decimal("-2.5")),
        (None, ""),
    ],
)
def test_cells(value, written):
    assert safe_cell(value) == written


def test_a_csv_text_reads_back_with_the_neutralised_cells():
    text = csv_text(["position", "name", "points"], [[1, "=1+1", -3], [2, 'Ann, "A"', 0]])

    assert text == 'position,name,points\n1,\'=1+1,-3\n2,"Ann, ""A""",0\n'
    assert list(csv.reader(io.StringIO(text))) == [
        ["position", "name", "points"],
        ["1", "'=1+1", "-3"],
        ["2", 'Ann, "A"', "0"],
    ]
