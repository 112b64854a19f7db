"""Visibility is decided once: published-only querysets for rows, `public()` for a record in hand,
and the API's base viewset keeps drafts out whatever a collection's queryset says."""

import pytest

from cooperation.core.records import PublicationStatus
from cooperation.core.visibility import public
from events.api.views import EventViewSet
from events.models import Event
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def test_a_published_record_is_public_and_a_draft_is_not():
    shown, hidden = EventFactory(), EventFactory(publication_status=DRAFT)

    assert public(shown) is shown
    assert public(hidden) is None
    assert public(None) is None


def test_a_part_is_public_only_when_every_record_it_links_is():
    event = EventFactory()
    assert public(ParticipationFactory(event=event)) is not None
    assert public(ParticipationFactory(event=event, person=PersonFactory(publication_status=DRAFT))) is None
    assert public(ParticipationFactory(event=EventFactory(publication_status=DRAFT))) is None
    # An optional link left empty does not hide the part: a group named only as written.
    assert public(ParticipationFactory(event=event, person=None, name="ambassadors")) is not None


def test_a_position_at_a_draft_organisation_is_not_public():
    assert public(PositionFactory()) is not None
    assert public(PositionFactory(post__organisation=OrganisationFactory(publication_status=DRAFT))) is None


def test_the_api_keeps_drafts_out_even_when_a_collection_forgets_to(api, monkeypatch):
    """RecordViewSet filters what a collection's records() gives: a draft never leaks through it."""
    EventFactory(title="Published meeting", slug="published-meeting")
    EventFactory(title="Draft meeting", slug="draft-meeting", publication_status=DRAFT)
    monkeypatch.setattr(EventViewSet, "records", lambda self: Event.objects.all())

    titles = [event["title"] for event in api.get("/api/v1/events/").json()["results"]]
    detail = api.get("/api/v1/events/draft-meeting/")

    assert titles == ["Published meeting"]
    assert detail.status_code == 404
    assert "Draft meeting" not in detail.content.decode()
