"""What a higher floor adds to a record's page (a person's events, an organisation's people and events,
an initiative's and a place's events), and the lists of a record's own floor that grow with the
records (an organisation's parts, an organisation's or a person's initiatives), are cut to their
first SECTION_LIMIT rows, with a link to the filtered list that holds them all: the busiest record's
page does the work of any other's."""

import datetime as dt
import re

import pytest

from cooperation.core.registry import SECTION_LIMIT
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

MANY = SECTION_LIMIT + 5


def event_links(html):
    return re.findall(r'<a href="/events/(meeting-\d\d)/">', html)


@pytest.fixture
def busy():
    """An organisation with MANY events (through a representative) and MANY people, one of them at
    every event."""
    organisation = OrganisationFactory(slug="busy-ministry", name="Busy Ministry")
    person = PersonFactory(slug="busy-person", name="Busy Person")
    for number in range(MANY):
        event = EventFactory(
            slug=f"meeting-{number:02}", title=f"Meeting {number:02}", start_date=dt.date(2000 + number, 1, 1)
        )
        ParticipationFactory(event=event, person=person, on_behalf_of=organisation)
        PositionFactory(post=PostFactory(organisation=organisation, title=f"Adviser {number:02}"))
    return organisation, person


def test_a_persons_page_shows_their_newest_events_and_links_to_them_all(client, busy):
    html = client.get("/people/busy-person/").content.decode()

    assert event_links(html) == [f"meeting-{number:02}" for number in range(MANY - 1, MANY - 1 - SECTION_LIMIT, -1)]
    assert '<p class="more"><a href="/events/?person=busy-person">All their events</a></p>' in html
    every = client.get("/events/?person=busy-person").content.decode()
    assert f"{MANY} events" in every


def test_an_organisations_page_cuts_its_events_and_people_with_links_to_them_all(client, busy):
    html = client.get("/organisations/busy-ministry/").content.decode()

    assert len(event_links(html)) == SECTION_LIMIT
    assert len(re.findall(r"Adviser \d\d", html)) == SECTION_LIMIT
    assert '<a href="/events/?organisation=busy-ministry">All its events</a>' in html
    assert '<a href="/people/?organisation=busy-ministry">All its people</a>' in html
    assert f"{MANY} events" in client.get("/events/?organisation=busy-ministry").content.decode()
    assert f"{MANY} records" in client.get("/people/?organisation=busy-ministry").content.decode()


@pytest.fixture
def sprawling():
    """An organisation with MANY parts, leading MANY initiatives, and a person party to MANY."""
    organisation = OrganisationFactory(slug="sprawling-ministry", name="Sprawling Ministry")
    person = PersonFactory(slug="party-person")
    for number in range(MANY):
        OrganisationFactory(slug=f"part-{number:02}", name=f"Department {number:02}", parent=organisation)
        initiative = InitiativeFactory(slug=f"programme-{number:02}", lead_organisation=organisation)
        InitiativePartyFactory(initiative=initiative, organisation=None, person=person)
    return organisation, person


def test_an_organisations_page_cuts_its_parts_and_initiatives_with_links_to_them_all(client, sprawling):
    html = client.get("/organisations/sprawling-ministry/").content.decode()

    assert re.findall(r'<a href="/organisations/part-(\d\d)/">', html) == [f"{n:02}" for n in range(SECTION_LIMIT)]
    assert len(re.findall(r'<a href="/initiatives/programme-\d\d/">', html)) == SECTION_LIMIT
    assert '<a href="/organisations/?organisation=sprawling-ministry">All its parts</a>' in html
    assert '<a href="/initiatives/?organisation=sprawling-ministry">All its initiatives</a>' in html
    assert f"{MANY} records" in client.get("/organisations/?organisation=sprawling-ministry").content.decode()
    assert f"{MANY} records" in client.get("/initiatives/?organisation=sprawling-ministry").content.decode()


def test_a_persons_page_cuts_their_initiatives_with_a_link_to_them_all(client, sprawling):
    html = client.get("/people/party-person/").content.decode()

    assert len(re.findall(r'<a href="/initiatives/programme-\d\d/">', html)) == SECTION_LIMIT
    assert '<a href="/initiatives/?person=party-person">All their initiatives</a>' in html
    assert f"{MANY} records" in client.get("/initiatives/?person=party-person").content.decode()


def test_a_page_with_few_rows_shows_them_all_and_no_link(client):
    person = PersonFactory(slug="quiet-person")
    ParticipationFactory(person=person, event=EventFactory(slug="meeting-01"))

    html = client.get("/people/quiet-person/").content.decode()

    assert event_links(html) == ["meeting-01"]
    assert "All their events" not in html


def test_the_api_gives_a_persons_newest_events_and_the_address_of_them_all(api, busy):
    body = api.get("/api/v1/people/busy-person/").json()

    assert [event["name"] for event in body["events"]] == [
        f"Meeting {number:02}" for number in range(MANY - 1, MANY - 1 - SECTION_LIMIT, -1)
    ]
    assert body["events_url"] == "http://testserver/api/v1/events/?person=busy-person"
    assert api.get(body["events_url"]).json()["count"] == MANY
