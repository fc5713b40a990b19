from django.core.management.base import BaseCommand, CommandError

from delivery import areas


class Command(BaseCommand):
    help = (
        "Bump the version of content areas, so that every cached page and table that reads "
        "them is computed again (after a change made outside the admin and the imports, "
        "such as an SQL fix). Without an area: all of them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", metavar="AREA", help=f"one of: {', '.join(areas.names())}"
        )

    def handle(self, *args, names, **options):
        unknown = sorted(set(names) - set(areas.names()))
        if unknown:
            raise CommandError(
                f"Unknown area: {', '.join(unknown)}. Areas: {', '.join(areas.names())}."
            )
        versions = areas.bump(*(names or areas.names()))
        for name, version in sorted(versions.items()):
            self.stdout.write(f"{name}: version {version}")
