"""CSV files the site hands out: cells a spreadsheet cannot run.

A spreadsheet opening a CSV file treats a cell that starts with `=`, `+`, `-` or `@` as a
formula (a tab or carriage return first does not stop some of them), so a name in our data
such as `=HYPERLINK(...)` would run on the reader's machine. Every export writes its cells
through `safe_cell`: such text gets a leading `'`, which spreadsheets show as text
(OWASP, "CSV Injection"). Numbers are written as numbers, negative ones too: the cell is
decided by the value's type, so only text can be a formula, and text that merely looks like
a negative number is text.
"""

import csv
import io
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        value = "" if value is None else str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header, rows):
    """CSV text of a header and rows, every cell through `safe_cell`."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return output.getvalue()
