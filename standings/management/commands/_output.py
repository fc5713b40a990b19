"""Shared printing of an import report for the import commands."""

from django.core.management.base import CommandError
from django.db import DatabaseError

from standings.seasonfiles import SeasonFileError


def run_import(command, do_import, *, verbosity):
    """Runs do_import(); prints the report, or turns a refusal into a CommandError."""
    try:
        report = do_import()
    except SeasonFileError as error:
        lines = [f"  {problem}" for problem in error.problems[:50]]
        if len(error.problems) > 50:
            lines.append(f"  … and {len(error.problems) - 50} more")
        raise CommandError("Refused; nothing was changed:\n" + "\n".join(lines)) from None
    except DatabaseError as error:
        raise CommandError(f"Refused by the database; nothing was changed: {error}") from None
    for warning in report.warnings:
        command.stderr.write(f"Warning: {warning}")
    if verbosity >= 1:
        prefix = "Dry run, nothing saved. Would change:" if report.dry_run else "Imported."
        command.stdout.write(
            prefix if report.changed else "No changes: the database already matches."
        )
        for line in report.summary() if verbosity >= 2 or report.changed else []:
            command.stdout.write(f"  {line}")
        for line in report.changes:
            command.stdout.write(f"  {line}")
    if report.batch is not None and verbosity >= 1:
        command.stdout.write(
            f"Kept as change {report.batch.pk}: the admin's Results changes can undo it."
        )
    return report
