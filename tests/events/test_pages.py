"""The public events list: filters and search from the URL (the API's), counts per value, paging."""

import datetime as dt
import re

import pytest

from cooperation.models import PublicationStatus
from tests.factories import EventFactory, ParticipationFactory, PersonFactory, PlaceFactory

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


def test_the_events_list_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for day in range(1, 26):
        EventFactory(start_date=dt.date(2025, 3, day), place=PlaceFactory())

    with django_assert_max_num_queries(6):
        response = client.get("/events/")

    assert len(titles(response)) == 20
