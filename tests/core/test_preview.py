"""Previewing a draft (cooperation/core/web/preview.py): staff see the public page of a draft as
visitors will once it is published, marked as a preview, never cached nor indexed, and nothing of it
stored; visitors get a 404."""

import pytest

from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion
from events.models import Event, EventTally
from tests.admin_support import admin_url
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
NOTICE = "This is how the page will look once the record is published. It is not public: visitors cannot see it."


@pytest.fixture
def draft_event():
    event = EventFactory(title="Welcome of guests", publication_status=DRAFT)
    ParticipationFactory(event=event, person=PersonFactory(name="Abdulhakeem AlSenan"))
    return event


def test_staff_see_a_draft_as_it_will_be_published_with_its_participants(sign_in, draft_event):
    history, version, tally = draft_event.history.count(), DataVersion.current(), EventTally.objects.total()

    response = sign_in("editor").get(f"{draft_event.get_absolute_url()}?preview=1")

    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Welcome of guests</h1>" in body
    assert "Abdulhakeem AlSenan" in body  # a participation is public only with its event: shown as it will be
    assert NOTICE in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # Nothing of it is kept: the event is a draft, with no new history, data version or count.
    stored = Event.objects.get(pk=draft_event.pk)
    assert stored.publication_status == DRAFT
    assert stored.history.count() == history
    assert DataVersion.current() == version
    assert EventTally.objects.total() == tally


@pytest.mark.parametrize("role", ["anonymous", "visitor"])
def test_visitors_get_a_404_for_a_preview_of_a_draft_or_of_a_published_record(sign_in, draft_event, role):
    client = sign_in(role)
    published = EventFactory(title="Opening ceremony")

    assert client.get(f"{draft_event.get_absolute_url()}?preview=1").status_code == 404
    assert client.get(draft_event.get_absolute_url()).status_code == 404
    assert client.get(f"{published.get_absolute_url()}?preview=1").status_code == 404
    assert client.get(published.get_absolute_url()).status_code == 200


def test_a_preview_asked_for_in_another_way_is_a_404_and_the_page_without_it_too(sign_in, draft_event):
    client = sign_in("reviewer")

    assert client.get(f"{draft_event.get_absolute_url()}?preview=yes").status_code == 404
    assert client.get(draft_event.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "factory", [PlaceFactory, OrganisationFactory, InitiativeFactory, SourceFactory, PersonFactory, EventFactory]
)
def test_every_kind_of_record_has_its_preview(sign_in, factory):
    record = factory(publication_status=DRAFT)

    response = sign_in("editor").get(f"{record.get_absolute_url()}?preview=1")

    assert response.status_code == 200
    assert NOTICE in response.content.decode()
    assert type(record).objects.get(pk=record.pk).publication_status == DRAFT


def test_view_on_site_in_the_admin_opens_a_drafts_preview_and_a_published_records_page(sign_in, draft_event):
    published = EventFactory(title="Opening ceremony")
    client = sign_in("editor")

    draft_page = client.get(admin_url(Event, "change", draft_event.pk)).content.decode()
    published_page = client.get(admin_url(Event, "change", published.pk)).content.decode()

    assert f'href="{draft_event.get_absolute_url()}?preview=1"' in draft_page
    assert f'href="{published.get_absolute_url()}"' in published_page


def test_a_preview_of_no_such_record_is_a_plain_404(sign_in, settings):
    settings.DEBUG = False

    response = sign_in("editor").get("/events/no-such-thing/?preview=1")

    assert response.status_code == 404
    assert NOTICE not in response.content.decode()
