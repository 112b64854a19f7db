"""Keyset paging: the API's `next` and `previous` links carry a cursor, a page after a cursor is read
by its order keys (no OFFSET), and following the links visits every record once, in order, whatever
the ordering, ties and empty values, and whatever is added meanwhile."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.core import paging
from cooperation.core.records import PublicationStatus
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    """Eleven events: shared dates and titles (ties), undated ones, a draft."""
    dates = [dt.date(2021, 1, 14)] * 3 + [dt.date(2025, 4, 29)] * 2 + [None] * 3 + [dt.date(1991, 1, 1)] * 3
    for number, day in enumerate(dates):
        EventFactory(
            title=f"Meeting {number % 4}",
            slug=f"meeting-{number:02}",
            start_date=day,
            start_date_precision="day" if day else "",
        )
    EventFactory(slug="draft", publication_status=PublicationStatus.DRAFT)


def follow(api, url, link="next"):
    """Every page from `url` on, following one kind of link: the slugs page by page."""
    pages = []
    while url:
        body = api.get(url).json()
        pages.append([event["slug"] for event in body["results"]])
        url = body[link]
    return pages


@pytest.mark.parametrize(
    "ordering", ["", "-start_date,title", "start_date", "title,-start_date", "-updated_at", "kind"]
)
def test_following_next_links_visits_every_record_once_in_the_lists_order(api, events, ordering):
    everything = [
        event["slug"] for event in api.get(f"/api/v1/events/?page_size=200&ordering={ordering}").json()["results"]
    ]

    pages = follow(api, f"/api/v1/events/?page_size=3&ordering={ordering}")

    assert [slug for page in pages for slug in page] == everything
    assert len(everything) == 11
    assert [len(page) for page in pages] == [3, 3, 3, 2]


@pytest.mark.parametrize("ordering", ["", "start_date", "-end_date", "title,-start_date"])
def test_following_previous_links_walks_back_the_same_pages(api, events, ordering):
    forward = follow(api, f"/api/v1/events/?page_size=3&ordering={ordering}")
    last_page_url = None
    url = f"/api/v1/events/?page_size=3&ordering={ordering}"
    while url:
        body = api.get(url).json()
        last_page_url, url = url, body["next"]

    backward = follow(api, last_page_url, link="previous")

    assert backward == list(reversed(forward))


def test_a_record_added_before_the_cursor_neither_repeats_nor_hides_the_next_page(api, events):
    first = api.get("/api/v1/events/?page_size=3").json()
    EventFactory(slug="newest", start_date=dt.date(2026, 1, 1))  # sorts before everything seen

    second = api.get(first["next"]).json()

    seen = [event["slug"] for event in first["results"]]
    assert not {event["slug"] for event in second["results"]} & set(seen)
    assert [event["slug"] for event in second["results"]] == [
        event["slug"] for event in api.get("/api/v1/events/?page_size=200").json()["results"]
    ][4:7]  # "newest" moved everything one place on: the cursor carries on after the last record seen


def test_a_page_after_a_cursor_is_read_by_its_order_keys_not_by_offset(api, events):
    url = api.get("/api/v1/events/?page_size=9").json()["next"]

    with CaptureQueriesContext(connection) as queries:
        api.get(url)

    (page_query,) = [
        query["sql"]
        for query in queries
        if "LIMIT" in query["sql"] and "events_event" in query["sql"] and "COUNT(" not in query["sql"]
    ]
    assert "OFFSET" not in page_query
    assert "LIMIT 10" in page_query  # one more than the page, to know whether another follows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("cursor=nonsense", "This cursor is not one this list gave"),
        ("cursor=eyJkIjoibiIsInYiOlsxXX0", "This cursor is not one this list gave"),  # {"d":"n","v":[1]}
        ("cursor=&page=2", "Give a cursor or a page number, not both."),
    ],
)
def test_a_cursor_the_list_did_not_give_is_a_400_naming_cursor(api, events, query, message):
    response = api.get(f"/api/v1/events/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error["parameter"] == "cursor"
    assert message in error["message"]


def test_a_cursor_from_another_ordering_is_refused(api, events):
    by_title = api.get("/api/v1/events/?page_size=3&ordering=title").json()["next"]

    response = api.get(by_title.replace("ordering=title", "ordering=-start_date,title"))

    assert response.status_code == 400


def test_a_page_deeper_than_the_page_numbers_reach_says_to_follow_the_links(api, events, monkeypatch):
    monkeypatch.setattr(paging, "MAX_OFFSET", 4)  # ten published events: pages of one reach the fifth
    page = 7

    response = api.get(f"/api/v1/events/?page_size=1&page={page}")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "parameter": "page",
            "message": f"Page {page} is too deep to ask for by number: follow the “next” links, which carry a cursor.",
        }
    ]


def test_a_page_past_the_end_of_a_short_list_says_which_page_is_the_last(api, events):
    response = api.get("/api/v1/events/?page=999")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": "page", "message": "Page 999 does not exist: the last page is 1."}
    ]
