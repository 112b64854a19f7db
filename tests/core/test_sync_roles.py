"""`manage.py sync_roles`: the roles' groups and permissions as roles.py defines them, restored
whatever was changed by hand."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from cooperation.core.roles import ADMINISTRATORS, EDITORS, REVIEWERS, role_permissions

pytestmark = pytest.mark.django_db


def group_permissions():
    return {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.filter(name__in=[EDITORS, REVIEWERS, ADMINISTRATORS])
    }


def test_sync_roles_is_idempotent(roles):
    before = group_permissions()

    call_command("sync_roles", stdout=io.StringIO())
    call_command("sync_roles", stdout=io.StringIO())

    assert group_permissions() == before
    assert Group.objects.filter(name__in=[EDITORS, REVIEWERS, ADMINISTRATORS]).count() == 3
    assert set(before) == {EDITORS, REVIEWERS, ADMINISTRATORS}
    assert before[EDITORS] < before[REVIEWERS] < before[ADMINISTRATORS]
    assert ("auth", "change_user") in before[ADMINISTRATORS]
    assert ("cooperation", "add_partnertoken") in before[ADMINISTRATORS]
    assert not {codename for _app, codename in before[REVIEWERS]} & {"change_user", "add_partnertoken"}


def test_sync_roles_restores_a_permission_removed_by_hand_and_removes_one_added(roles):
    editors = Group.objects.get(name=EDITORS)
    editors.permissions.remove(Permission.objects.get(codename="change_event"))
    editors.permissions.add(Permission.objects.get(codename="publish_event"))
    expected = role_permissions()[EDITORS]

    call_command("sync_roles", stdout=io.StringIO())

    assert group_permissions()[EDITORS] == expected
    assert ("events", "change_event") in group_permissions()[EDITORS]
    assert ("events", "publish_event") not in group_permissions()[EDITORS]


def test_sync_roles_recreates_a_deleted_group(roles):
    Group.objects.filter(name=REVIEWERS).delete()

    call_command("sync_roles", stdout=io.StringIO())

    assert group_permissions()[REVIEWERS] == role_permissions()[REVIEWERS]
