"""Load the demo site: the 2021 season and a demo admin account.

Safe to rerun: the season import changes nothing the second time, and the admin
account is created only once; its random password is printed that one time.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from drivers.profiles import load_profiles
from news.demo import load_news
from standings.importers import import_season

DEMO_ADMIN = "admin"
PREVIEW_EXAMPLE = "as_of=2021-06-01T12:00"
DEMO_SEASONS = [settings.BASE_DIR / "data" / "seasons" / "2021"]
DEMO_PROFILES = settings.BASE_DIR / "data" / "drivers.toml"
DEMO_NEWS = settings.BASE_DIR / "data" / "news.toml"


class Command(BaseCommand):
    help = (
        "Load the 2021 season demo (results, driver profiles, milestones, news, "
        "placeholder photos) and create the demo admin user on first run "
        "(its password is printed once). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo admin user.",
        )

    @transaction.atomic
    def handle(self, *args, no_admin=False, verbosity=1, **options):
        for folder in DEMO_SEASONS:
            report = import_season(folder)
            if verbosity >= 1:
                state = "loaded" if report.changed else "up to date"
                self.stdout.write(f"Season {folder.name}: {state}.")
        report = load_profiles(DEMO_PROFILES)
        if verbosity >= 1:
            state = "loaded" if report.changed else "up to date"
            self.stdout.write(f"Driver profiles and milestones: {state}.")
        created = load_news(DEMO_NEWS)
        if verbosity >= 1:
            self.stdout.write(f"News and photos: {'loaded' if created else 'up to date'}.")
        if not no_admin:
            self.create_admin(verbosity)
            if verbosity >= 1:
                self.stdout.write(
                    "To see the site as of 1 June 2021, before the season opener, sign in and "
                    f"open http://127.0.0.1:8000/sv/?{PREVIEW_EXAMPLE} "
                    "(?as_of=now returns to today)."
                )

    def create_admin(self, verbosity):
        User = get_user_model()
        if User.objects.filter(username=DEMO_ADMIN).exists():
            if verbosity >= 1:
                self.stdout.write(
                    f"Demo admin '{DEMO_ADMIN}' exists; its password was shown on the first run."
                )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(DEMO_ADMIN, email="", password=password)
        admin_url = f"http://127.0.0.1:8000/{settings.ADMIN_URL}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin created. Sign in at {admin_url}\n"
                f"  user:     {DEMO_ADMIN}\n"
                f"  password: {password}   (shown this once; keep it)"
            )
        )
