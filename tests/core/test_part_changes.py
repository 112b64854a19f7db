"""A change to a part of a record (a participation, a citation, an alternate name) is a change to the
record it is shown on: its updated_at and version move, through every admin path."""

import datetime as dt

import pytest

from events.models import Event
from tests.admin_support import change_form_post, change_url
from tests.factories import AlternateNameFactory, EventFactory, OrganisationFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def _age(*events):
    Event.objects.filter(pk__in=[event.pk for event in events]).update(updated_at=LONG_AGO)


def test_moving_a_participation_to_another_event_changes_both_events(admin_client):
    first, second = EventFactory(title="Morning session"), EventFactory(title="Afternoon session")
    participation = ParticipationFactory(event=first)
    _age(first, second)
    versions = {event.pk: Event.objects.get(pk=event.pk).version for event in (first, second)}

    page = admin_client.get(change_url(participation))
    response = admin_client.post(change_url(participation), change_form_post(page) | {"event": second.pk})

    assert response.status_code == 302
    for event in (first, second):
        stored = Event.objects.get(pk=event.pk)
        assert stored.updated_at > LONG_AGO, event.title
        assert stored.version == versions[event.pk] + 1, event.title


def test_deleting_a_participation_in_the_admin_changes_its_event(admin_client):
    event = EventFactory()
    participation = ParticipationFactory(event=event)
    _age(event)

    admin_client.post(change_url(participation).replace("/change/", "/delete/"), {"post": "yes"})

    assert Event.objects.get(pk=event.pk).updated_at > LONG_AGO


def test_an_alternate_name_added_in_its_own_admin_is_found_by_search(admin_client):
    organisation = OrganisationFactory(name="Islamic World Educational, Scientific and Cultural Organization")
    name = AlternateNameFactory(record=organisation, name="ISESCO")
    page = admin_client.get(change_url(name))

    admin_client.post(change_url(name), change_form_post(page) | {"name": "İSESKO"})

    organisation.refresh_from_db()
    assert "isesko" in organisation.search_key
