"""The addresses the API gives for records (cooperation/core/api/fields.py) are what reverse() gives,
whatever the language, the script prefix and the slug, though each route is reversed only once."""

import pytest
from django.test import RequestFactory
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from cooperation.core.api.fields import api_url, html_url
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="opening-of-the-office")


def test_the_addresses_are_reverses_own(event):
    request = RequestFactory().get("/api/v1/events/")

    assert api_url(event, request) == f"http://testserver{reverse('api:event-detail', kwargs={'id': event.uuid})}"
    assert html_url(event, request) == "http://testserver/events/opening-of-the-office/"
    assert api_url(event, None) == f"/api/v1/events/{event.uuid}/"


def test_a_page_address_follows_the_language(event):
    with translation.override("az"):
        assert html_url(event, None) == "/az/events/opening-of-the-office/"
    assert html_url(event, None) == "/events/opening-of-the-office/"


def test_the_addresses_follow_the_script_prefix(event):
    set_script_prefix("/records/")
    try:
        assert api_url(event, None) == f"/records/api/v1/events/{event.uuid}/"
        assert html_url(event, None) == "/records/events/opening-of-the-office/"
    finally:
        clear_script_prefix()
    assert api_url(event, None) == f"/api/v1/events/{event.uuid}/"
