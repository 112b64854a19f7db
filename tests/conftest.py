"""Fixtures shared by the whole suite. Rows come from tests/factories.py, never from the seed fixtures."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from cooperation.core.roles import EDITORS, sync_roles


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a page under /ar/ leaves its language active in the thread, which
    would otherwise turn the next test's get_absolute_url() into an /ar/ address."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(username="editor", password="not-a-real-password", is_staff=True)


@pytest.fixture
def visitor_user(django_user_model):
    """A signed-in account without staff rights: sees what anonymous visitors see."""
    return django_user_model.objects.create_user(username="visitor", password="not-a-real-password")


@pytest.fixture
def api(settings):
    """An API client, with "today" and every time in the responses in Baku time."""
    settings.TIME_ZONE = "Asia/Baku"
    return APIClient()


@pytest.fixture
def staff(django_user_model):
    """staff(username, group=EDITORS): a test client signed in as a staff member of that role."""
    sync_roles()

    def make(username, group=EDITORS):
        user = django_user_model.objects.create_user(username=username, password="not-a-real-password", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(user)
        return client

    return make
