"""Bylines: the name each press-staff account signs its articles with."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

AUTHOR_PERMISSIONS = [f"{action}_author" for action in ("add", "change", "delete", "view")]


def let_the_press_office_set_bylines(apps, schema_editor):
    """The press office sets its members' bylines (the group is made in 0002_groups)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are created after all migrations; the group needs these now.
    news = apps.get_app_config("news")
    news.models_module = True
    create_permissions(news, apps=apps, verbosity=0)
    news.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Press office").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="news", codename__in=AUTHOR_PERMISSIONS
            )
        )


def take_them_back(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Press office"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="news", codename__in=AUTHOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0002_groups'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Author',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='The name printed on the articles, in the feeds and for search engines. Never the login name.', max_length=100, verbose_name='byline')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='byline', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'author',
                'verbose_name_plural': 'authors',
                'ordering': ['name'],
            },
        ),
        migrations.RunPython(let_the_press_office_set_bylines, take_them_back),
    ]
