"""A draft never reaches an event's page, through any of the records the page links to."""

import json
import re

import pytest

from cooperation.core.records import PublicationStatus
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def _page(client, event):
    return client.get(event.get_absolute_url()).content.decode()


def test_the_event_page_hides_a_post_at_a_draft_organisation(client):
    """The participant is shown; the post they held at an organisation still in draft is not."""
    event = EventFactory(title="Meeting on heritage")
    secret = OrganisationFactory(name="Unannounced Agency", publication_status=DRAFT)
    envoy = PersonFactory(name="Leyla Mammadova")
    position = PositionFactory(person=envoy, post=PostFactory(organisation=secret, title="Special Envoy"))
    ParticipationFactory(event=event, person=envoy, position=position, role="speaker")

    body = _page(client, event)

    assert re.search(r">Leyla Mammadova</a>\s*— speaker", body)
    assert "Special Envoy" not in body
    assert "Unannounced Agency" not in body


def test_the_event_page_shows_the_post_once_its_organisation_is_published(client):
    event = EventFactory(title="Meeting on heritage")
    ministry = OrganisationFactory(name="Ministry of Culture")
    envoy = PersonFactory(name="Leyla Mammadova")
    position = PositionFactory(person=envoy, post=PostFactory(organisation=ministry, title="Special Envoy"))
    ParticipationFactory(event=event, person=envoy, position=position, role="speaker")

    assert re.search(r">Leyla Mammadova</a>\s*— speaker, Special Envoy, Ministry of Culture", _page(client, event))


def test_a_participation_of_a_draft_organisation_is_left_out_whole(client):
    event = EventFactory(title="Meeting on heritage")
    ParticipationFactory(
        event=event,
        person=None,
        organisation=OrganisationFactory(name="Unannounced Agency", publication_status=DRAFT),
        name="a delegation",
    )

    body = _page(client, event)

    assert "a delegation" not in body
    assert "Unannounced Agency" not in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["attendee"] == []


def test_a_draft_parent_event_is_neither_linked_nor_described(client):
    parent = EventFactory(title="Secret summit", slug="secret-summit", publication_status=DRAFT)
    event = EventFactory(title="Side session", parent=parent)

    body = _page(client, event)

    assert "Secret summit" not in body
    assert "secret-summit" not in body
