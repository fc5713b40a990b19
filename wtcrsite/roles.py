"""The staff roles: Django groups with exactly the permissions each kind of work needs.

    Press office  articles, photos, press contacts, bylines, drivers' texts and portraits,
                  career lines, milestones
    Results       sessions (date, start in track time, duration), session results, the
                  results imports and their batches
    Calendar      events (status: postponed, cancelled, replaced; dates; names) and their
                  sessions, circuits

A person may hold more than one role. The groups are brought to exactly this list after
every `migrate` (and after a test database is flushed): a permission added here reaches
the group with the next release, one taken out leaves it. Other groups are not touched.
"""

from django.db.models.signals import post_migrate

ALL = ("add", "change", "delete", "view")


def _perms(app, model, actions=ALL):
    return [(app, f"{action}_{model}") for action in actions]


PRESS_OFFICE = [
    *_perms("news", "article"),
    *_perms("news", "photo"),
    *_perms("news", "presscontact"),
    *_perms("news", "author"),
    *_perms("drivers", "milestone"),
    *_perms("drivers", "careerseason"),
    *_perms("drivers", "driver", ("change", "view")),  # bios and portraits
    *_perms("events", "event", ("view",)),  # to link an article or photo to an event
]
RESULTS = [
    *_perms("standings", "sessionresult"),
    # The list of applied results changes; "change" is the right to undo one.
    *_perms("standings", "resultbatch", ("change", "view")),
    *_perms("events", "session", ("add", "change", "view")),  # an import creates sessions
    *_perms("events", "event", ("view",)),
    *_perms("events", "season", ("view",)),
    *_perms("standings", "entry", ("view",)),  # to pick the car a result belongs to
]
CALENDAR = [
    *_perms("events", "event", ("add", "change", "view")),
    *_perms("events", "session"),
    *_perms("events", "eventchange", ("view",)),
    *_perms("events", "circuit", ("add", "change", "view")),
    *_perms("events", "season", ("view",)),
]
ROLES = {"Press office": PRESS_OFFICE, "Results": RESULTS, "Calendar": CALENDAR}


def sync_roles(sender=None, using="default", **kwargs):
    """Makes each role's group hold exactly its permissions (those that exist). As a
    post_migrate receiver it acts once, on the signal of the last app, when every app's
    permissions have been made."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    if sender is not None and sender is not _last_app(apps):
        return

    for name, wanted in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        permissions = []
        for app, codename in wanted:
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app, codename=codename)
                .first()
            )
            if permission is not None:  # a model an older database does not have yet
                permissions.append(permission)
        group.permissions.set(permissions)


def _last_app(apps):
    return [config for config in apps.get_app_configs() if config.models_module][-1]


def connect():
    post_migrate.connect(sync_roles, dispatch_uid="wtcrsite.roles.sync_roles")
