"""The staff roles are brought to exactly their permissions after every migrate."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from wtcrsite.roles import ROLES, sync_roles


def held(name):
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def test_each_role_holds_exactly_its_permissions(db):
    for name, wanted in ROLES.items():
        assert held(name) == set(wanted)


def test_a_permission_taken_or_added_by_hand_is_put_right_and_other_groups_kept(db):
    press = Group.objects.get(name="Press office")
    press.permissions.remove(Permission.objects.get(codename="add_article"))
    press.permissions.add(Permission.objects.get(codename="delete_user"))
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="delete_user"))
    call_command("migrate", verbosity=0)
    assert held("Press office") == set(ROLES["Press office"])
    assert Group.objects.get(name="Editors").permissions.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_roles_again():
    call_command("flush", interactive=False, verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_a_restore_keeps_who_holds_which_role(db, django_user_model, tmp_path, season_2021):
    Group.objects.get(name="Calendar").delete()
    sync_roles()  # made again, with an id of its own
    user = django_user_model.objects.create_user("press", password="a-long-password-1")
    user.groups.add(Group.objects.get(name="Calendar"))
    call_command("backup", str(tmp_path / "site.tar.gz"), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # the roles come back, new ids
    call_command("restore", str(tmp_path / "site.tar.gz"), verbosity=0)
    restored = django_user_model.objects.get(username="press")
    assert list(restored.groups.values_list("name", flat=True)) == ["Calendar"]
    assert held("Calendar") == set(ROLES["Calendar"])
    sync_roles()
    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)
