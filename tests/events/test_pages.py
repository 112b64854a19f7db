"""The public events list: filters and search from the URL (the API's), counts per value, paging."""

import datetime as dt
import json
import re

import pytest

from cooperation.core.records import PublicationStatus
from tests.count_support import TOTAL_LIMIT_QUERIES
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    baku = PlaceFactory(name="Baku", slug="baku")
    opening = EventFactory(
        title="Opening ceremony", slug="opening", kind="opening_ceremony", start_date=dt.date(2025, 4, 29), place=baku
    )
    ParticipationFactory(event=opening, person=PersonFactory(name="Salim bin Mohammed AlMalik", slug="almalik"))
    EventFactory(title="Press conference", slug="press", kind="press_conference", start_date=dt.date(2021, 1, 14))
    EventFactory(
        title="Heritage seminar", slug="seminar", kind="seminar", status="planned", start_date=dt.date(2025, 7, 28)
    )
    EventFactory(title="Unreviewed meeting", slug="draft", publication_status=PublicationStatus.DRAFT)


def titles(response):
    return re.findall(r'<a href="/events/[^"]+/">([^<]+)</a>', response.content.decode())


def test_the_events_list_shows_published_events_newest_first_with_dates_at_their_precision(client, events):
    response = client.get("/events/")

    body = response.content.decode()
    assert titles(response) == ["Heritage seminar", "Opening ceremony", "Press conference"]
    assert (
        '<time datetime="2025-04-29">29 April 2025</time> — <a href="/events/opening/">Opening ceremony</a>, Baku'
        in body
    )
    assert "3 events" in body
    assert "Unreviewed meeting" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2021", ["Press conference"]),
        ("kind=seminar,press_conference", ["Heritage seminar", "Press conference"]),
        ("status=planned", ["Heritage seminar"]),
        ("person=almalik", ["Opening ceremony"]),
        ("place=baku", ["Opening ceremony"]),
        ("q=Al-Malik", []),
        ("q=opening", ["Opening ceremony"]),
    ],
)
def test_the_events_list_filters_as_its_url_says(client, events, query, expected):
    assert titles(client.get(f"/events/?{query}")) == expected


def test_each_filter_value_shows_how_many_events_it_has(client, events):
    body = client.get("/events/").content.decode()

    assert '<option value="2025">2025 (2)</option>' in body
    assert '<option value="2021">2021 (1)</option>' in body
    assert '<option value="seminar">Seminar (1)</option>' in body
    assert '<option value="planned">Planned (1)</option>' in body


def test_the_chosen_filter_stays_selected_so_the_url_can_be_shared(client, events):
    body = client.get("/events/?year=2025&kind=seminar").content.decode()

    assert '<option value="2025" selected>2025 (1)</option>' in body
    assert '<option value="seminar" selected>Seminar (1)</option>' in body


def test_a_filter_that_cannot_be_understood_says_so_with_a_400(client, events):
    response = client.get("/events/?year=twenty")

    assert response.status_code == 400
    assert "Some of the filters could not be understood" in response.content.decode()
    assert "Give years as four-digit numbers" in response.content.decode()


def test_the_events_list_pages_keep_the_filters(client):
    for day in range(1, 26):
        EventFactory(title=f"Meeting {day:02d}", kind="meeting", start_date=dt.date(2025, 3, day))

    first = client.get("/events/?kind=meeting")
    second = client.get("/events/?kind=meeting&page=2")

    assert len(titles(first)) == 20
    assert titles(second) == [f"Meeting {day:02d}" for day in range(5, 0, -1)]
    assert 'href="?kind=meeting&amp;page=2"' in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def _events_with_everything(count):
    """`count` events in a city of a country, each with a person in a post, an organisation and an initiative."""
    country = PlaceFactory(kind="country")
    for day in range(1, count + 1):
        event = EventFactory(start_date=dt.date(2025, 3, day), place=PlaceFactory(parent=country))
        post = PostFactory(organisation=OrganisationFactory())
        ParticipationFactory(event=event, person=PersonFactory(), position=PositionFactory(post=post))
        ParticipationFactory(event=event, person=None, organisation=OrganisationFactory(), name="")
        event.initiatives.add(InitiativeFactory())


@pytest.mark.parametrize("count", [2, 25])
def test_the_events_list_and_its_filter_counts_run_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    _events_with_everything(count)

    # the total, then the counts by year, kind and status together, from the tally the database keeps
    # (2), the page, the counts by country (2), and one each for organisation, person and initiative,
    # whose records come grouped, ordered and cut in the same query
    with django_assert_num_queries(8):
        response = client.get("/events/")

    assert len(titles(response)) == min(count, 20)

    # A filter the tally does not hold: the events are counted (within a time limit on PostgreSQL),
    # and so are their years, kinds and statuses.
    with django_assert_num_queries(10 + TOTAL_LIMIT_QUERIES):
        response = client.get("/events/?q=meeting")

    assert len(titles(response)) == min(count, 20)


@pytest.fixture
def ceremony():
    azerbaijan = PlaceFactory(name="Azerbaijan", kind="country", slug="azerbaijan")
    baku = PlaceFactory(name="Baku", parent=azerbaijan, slug="baku-city")
    venue = PlaceFactory(name="Icharishaher", kind="venue", parent=baku, slug="icharishaher")
    event = EventFactory(
        title="Opening ceremony of the regional office",
        slug="opening-ceremony",
        kind="opening_ceremony",
        start_date=dt.date(2025, 4, 29),
        place=venue,
    )
    ministry = OrganisationFactory(name="Ministry of Culture")
    minister = PersonFactory(name="Adil Karimli")
    position = PositionFactory(person=minister, post=PostFactory(organisation=ministry, title="Minister of Culture"))
    attended = ParticipationFactory(event=event, person=minister, position=position, role="attendee", order=2)
    ParticipationFactory(event=event, person=PersonFactory(name="Salim AlMalik"), role="speaker", order=1)
    ParticipationFactory(event=event, person=None, name="ambassadors accredited to Azerbaijan", order=3)
    ParticipationFactory(
        event=event, person=PersonFactory(name="Unconfirmed guest", publication_status=PublicationStatus.DRAFT)
    )
    source = SourceFactory(
        title="Caliber.Az article", text="The ceremony was held at Icharishaher. Adil Karimli attended."
    )
    CitationFactory(record=event, source=source, quote="The ceremony was held at Icharishaher.")
    CitationFactory(record=attended, source=source, quote="Adil Karimli attended.")
    EventFactory(title="Video presentation", slug="video", parent=event, start_date=dt.date(2025, 4, 29))
    event.initiatives.add(InitiativeFactory(title="Regional office in Baku"))
    return event


def test_an_event_page_says_when_where_who_in_what_capacity_and_which_sentence_says_so(client, ceremony):
    body = client.get("/events/opening-ceremony/").content.decode()

    assert "<h1>Opening ceremony of the regional office</h1>" in body
    assert '<time datetime="2025-04-29">29 April 2025</time>' in body
    assert "Icharishaher, Baku, Azerbaijan" in body
    assert re.search(r">Adil Karimli</a>\s*— attendee, Minister of Culture, Ministry of Culture", body)
    assert re.search(r">Salim AlMalik</a>\s*— speaker", body)
    assert "ambassadors accredited to Azerbaijan" in body
    assert "Unconfirmed guest" not in body
    assert (
        '<blockquote><span class="quote" lang="en" dir="auto">The ceremony was held at Icharishaher.</span></blockquote>'
        in body
    )
    assert '<blockquote class="evidence"><span class="quote" lang="en" dir="auto">Adil Karimli attended.' in body
    assert '<a href="/events/video/">Video presentation</a>' in body
    assert "Regional office in Baku" in body


def test_an_event_page_links_its_json_and_calendar_versions_and_describes_itself_for_machines(client, ceremony):
    body = client.get("/events/opening-ceremony/").content.decode()

    assert f'<link rel="alternate" type="application/json" href="/api/v1/events/{ceremony.uuid}/">' in body
    assert f'<link rel="alternate" type="text/calendar" href="/api/v1/events/{ceremony.uuid}/?format=ics">' in body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["name"] == "Opening ceremony of the regional office"
    assert data["startDate"] == "2025-04-29"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "Place", "name": "Icharishaher, Baku, Azerbaijan"}
    assert {"@type": "Person", "name": "Salim AlMalik"} in data["performer"]
    assert {"@type": "Person", "name": "Adil Karimli"} in data["attendee"]
    assert data["subEvent"][0]["name"] == "Video presentation"
    child = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>', client.get("/events/video/").content.decode(), re.S
        ).group(1)
    )
    assert child["superEvent"]["name"] == "Opening ceremony of the regional office"


def test_an_event_page_runs_a_fixed_number_of_queries(client, ceremony, django_assert_max_num_queries):
    for number in range(10):
        ParticipationFactory(event=ceremony, person=PersonFactory(name=f"Guest {number}"))

    with django_assert_max_num_queries(9):
        response = client.get("/events/opening-ceremony/")

    assert "Guest 9" in response.content.decode()
