"""The admin's two roles, with exactly the permissions they need."""

from django.db import migrations

PRESS_OFFICE = [
    ("news", f"{action}_{model}")
    for model in ("article", "photo", "presscontact")
    for action in ("add", "change", "delete", "view")
] + [
    ("drivers", f"{action}_{model}")
    for model in ("milestone", "careerseason")
    for action in ("add", "change", "delete", "view")
] + [
    ("drivers", "change_driver"),  # bios and portraits
    ("drivers", "view_driver"),
    ("events", "view_event"),  # to link an article or photo to an event
]
RESULTS = [
    ("standings", f"{action}_sessionresult") for action in ("add", "change", "delete", "view")
] + [
    ("events", "add_session"),  # an import creates the sessions it names
    ("events", "view_session"),
    ("events", "view_event"),
    ("events", "view_season"),
    ("standings", "view_entry"),  # to pick the car a result belongs to
]
GROUPS = {"Press office": PRESS_OFFICE, "Results": RESULTS}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames
            ]
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0001_initial"),
        ("drivers", "0002_profiles_milestones"),
        ("events", "0004_event_ordering"),
        ("standings", "0002_result_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
