"""Fixtures shared by the whole suite. Rows come from tests/factories.py, never from the seed fixtures."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from cooperation.core.roles import EDITORS
from tests.factories import StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def english_by_default():
    """Each test starts in English: a page under /ar/ leaves its language active in the thread, which
    would otherwise turn the next test's get_absolute_url() into an /ar/ address."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def staff_user(db):
    return StaffFactory(username="editor")


@pytest.fixture
def visitor_user(db):
    """A signed-in account without staff rights: sees what anonymous visitors see."""
    return UserFactory(username="visitor")


@pytest.fixture
def api(settings):
    """An API client, with "today" and every time in the responses in Baku time."""
    settings.TIME_ZONE = "Asia/Baku"
    return APIClient()


@pytest.fixture
def staff(db):
    """staff(username, group=EDITORS): a test client signed in as a staff member of that role."""

    def make(username, group=EDITORS):
        client = Client()
        client.force_login(StaffFactory(username=username, groups=[group]))
        return client

    return make
