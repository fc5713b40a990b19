"""Shared printing of an import report for the import commands."""

from django.core.management.base import CommandError
from django.db import DatabaseError

from standings.seasonfiles import SeasonFileError


def refused(error):
    """The CommandError for a refused import (a SeasonFileError or a DatabaseError)."""
    if isinstance(error, SeasonFileError):
        lines = [f"  {problem}" for problem in error.problems[:50]]
        if len(error.problems) > 50:
            lines.append(f"  … and {len(error.problems) - 50} more")
        return CommandError("Refused; nothing was changed:\n" + "\n".join(lines))
    return CommandError(f"Refused by the database; nothing was changed: {error}")


def run_import(command, do_import, *, verbosity, header=None):
    """Runs do_import(); prints the report, or turns a refusal into a CommandError.
    `header`: the line that introduces the changes (else "Imported." or, for a dry run,
    "Dry run, nothing saved. Would change:")."""
    try:
        report = do_import()
    except (SeasonFileError, DatabaseError) as error:
        raise refused(error) from None
    print_report(command, report, verbosity=verbosity, header=header)
    return report


def print_report(command, report, *, verbosity, header=None):
    for warning in report.warnings:
        command.stderr.write(f"Warning: {warning}")
    if verbosity < 1:
        return
    if header is None:
        header = "Dry run, nothing saved. Would change:" if report.dry_run else "Imported."
    command.stdout.write(header if report.changed else "No changes: the database already matches.")
    for line in report.summary() if verbosity >= 2 or report.changed else []:
        command.stdout.write(f"  {line}")
    for line in report.changes:
        command.stdout.write(f"  {line}")
    if report.batch is not None:
        command.stdout.write(
            f"Kept as change {report.batch.pk}: the admin's Results changes can undo it."
        )
