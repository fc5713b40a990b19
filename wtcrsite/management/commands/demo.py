"""Load the demo site: the 2021 season, driver profiles, milestones and news, and a demo
admin account.

Never changes what is in the database: each part is loaded only when it is not there yet
(the season when no season of that slug exists; the profiles and milestones when there is
no milestone and no driver has a biography; the news when there is no article, photo or
press contact), so `make run` may be rerun at will and edits made in the admin are kept.
To import the season folder again on purpose: `manage.py import_season <folder>`, which
shows what would change and asks. The admin account is created only once; its random
password is printed that one time.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from drivers.models import Driver, Milestone
from drivers.profiles import load_profiles
from events.models import Season
from news.demo import load_news
from news.models import Article, Photo, PressContact
from standings.importers import import_season
from standings.seasonfiles import read_season_folder

DEMO_ADMIN = "admin"
PREVIEW_EXAMPLE = "as_of=2021-06-01T12:00"
DEMO_SEASONS = [settings.BASE_DIR / "data" / "seasons" / "2021"]
DEMO_PROFILES = settings.BASE_DIR / "data" / "drivers.toml"
DEMO_NEWS = settings.BASE_DIR / "data" / "news.toml"


class Command(BaseCommand):
    help = (
        "Load the 2021 season demo (results, driver profiles, milestones, news, "
        "placeholder photos) and create the demo admin user on first run "
        "(its password is printed once). Each part is loaded only when it is not in the "
        "database yet: a rerun changes nothing that exists (to import a season folder again, "
        "use import_season)."
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
            slug = read_season_folder(folder).season.slug
            if Season.objects.filter(slug=slug).exists():
                self.say(
                    verbosity,
                    f"Season {slug}: in the database already, left as it is. To import the "
                    f"folder again (it shows what would change and asks first): "
                    f"manage.py import_season {folder.relative_to(settings.BASE_DIR)}",
                )
            else:
                import_season(folder)
                self.say(verbosity, f"Season {slug}: loaded.")
        has_profiles = (
            Milestone.objects.exists()
            or Driver.objects.filter(~Q(bio_en="") | ~Q(bio_sv="")).exists()
        )
        if has_profiles:
            self.say(verbosity, "Driver profiles and milestones: in the database already.")
        else:
            load_profiles(DEMO_PROFILES)
            self.say(verbosity, "Driver profiles and milestones: loaded.")
        news = (Article, Photo, PressContact)
        if any(model.objects.exists() for model in news):
            self.say(verbosity, "News and photos: in the database already.")
        else:
            load_news(DEMO_NEWS)
            self.say(verbosity, "News and photos: loaded.")
        if not no_admin:
            self.create_admin(verbosity)
            if verbosity >= 1:
                self.stdout.write(
                    "To see the site as of 1 June 2021, before the season opener, sign in and "
                    f"open http://127.0.0.1:8000/sv/?{PREVIEW_EXAMPLE} "
                    "(?as_of=now returns to today)."
                )

    def say(self, verbosity, text):
        if verbosity >= 1:
            self.stdout.write(text)

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
