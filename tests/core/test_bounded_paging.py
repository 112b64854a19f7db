"""Bounded totals and deep pages (cooperation/core/paging.py), on the API and the list pages: a total
is counted exactly up to a bound and a time limit, estimated past either on PostgreSQL and marked so; the list pages, like
the API, reach every page past the numbered ones by a cursor."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.core import paging
from cooperation.core.paging import Total, total
from cooperation.core.records import PublicationStatus
from events.models import Event
from tests.factories import EventFactory, PersonFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="planner estimates are PostgreSQL's")


@pytest.fixture
def events():
    """Twelve published events, newest first meeting-11 … meeting-00, and a draft."""
    for number in range(12):
        EventFactory(title=f"Meeting {number:02}", slug=f"meeting-{number:02}", start_date=f"20{number + 10}-05-01")
    EventFactory(slug="draft", publication_status=PublicationStatus.DRAFT)


# A filter the tally of events (events/tally.py) does not hold, so that their number is counted.
NOT_TALLIED = {"updated_since": "2000-01-01T00:00:00Z"}


@pytest.fixture
def small_bound(monkeypatch):
    """Counts exact up to 5 records; page numbers up to 4 records deep."""
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(paging, "MAX_OFFSET", 4)


@on_postgresql
def test_a_total_under_the_bound_is_exact_and_the_count_stops_at_the_bound(events, small_bound):
    published = Event.objects.published()

    with CaptureQueriesContext(connection) as queries:
        assert total(published.filter(slug__in=["meeting-01", "meeting-02"])) == Total(2)

    (count,) = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert "LIMIT 6" in count  # the bound, plus one to know it was passed


@on_postgresql
def test_past_the_bound_postgresql_gives_the_planners_estimate_marked_as_one(events, small_bound):

    estimate = total(Event.objects.published())

    assert estimate.estimated
    assert estimate.value >= 6  # never below what was counted


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def slow(queryset):
    """`queryset` with a condition that takes 20 ms a row."""
    from django.db.models.expressions import RawSQL

    return queryset.filter(pk__in=RawSQL("SELECT id FROM events_event WHERE pg_sleep(0.02) IS NOT NULL", []))


@on_postgresql
def test_a_count_out_of_time_gives_the_planners_estimate_marked_as_one(events, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_TIME_LIMIT_MS", 50)  # twelve events take 240 ms

    estimate = total(slow(Event.objects.published()))
    then = Event.objects.published().count()  # the connection carries on

    assert estimate.estimated
    assert estimate.value >= 0
    assert then == 12
    assert statement_timeout() == "0"  # the limit was for the count alone


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_count_out_of_time_leaves_no_time_limit_behind(events, monkeypatch):
    """As a GET request counts: in autocommit, with no transaction around it."""
    monkeypatch.setattr(paging, "COUNT_TIME_LIMIT_MS", 50)

    assert not connection.in_atomic_block
    assert total(slow(Event.objects.published())).estimated
    assert statement_timeout() == "0"
    assert Event.objects.published().count() == 12


@on_postgresql
def test_a_count_in_time_is_exact_and_leaves_no_time_limit_behind(events, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_TIME_LIMIT_MS", 5_000)

    assert total(slow(Event.objects.published())) == Total(12)
    assert statement_timeout() == "0"


@on_postgresql
def test_the_api_marks_a_count_out_of_time_as_an_estimate(api, events, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_TIME_LIMIT_MS", 1)
    monkeypatch.setattr(paging, "_count_within_time_limit", lambda queryset: None)

    body = api.get("/api/v1/events/", {"page_size": 2, **NOT_TALLIED}).json()

    assert body["count_estimated"] is True
    assert [event["slug"] for event in body["results"]] == ["meeting-11", "meeting-10"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite counts exactly")
def test_sqlite_counts_exactly_in_one_count(events, small_bound):
    with CaptureQueriesContext(connection) as queries:
        assert total(Event.objects.published()) == Total(12)
        assert total(Event.objects.published().filter(slug__in=["meeting-01", "meeting-02"])) == Total(2)

    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert len(counts) == 2
    assert not any("LIMIT" in count for count in counts)


@pytest.mark.parametrize(
    ("value", "estimated", "rounded"),
    [(7, False, 7), (123_456, False, 123_456), (87, True, 87), (123_456, True, 120_000), (987_654, True, 990_000)],
)
def test_an_estimate_is_shown_to_two_significant_figures(value, estimated, rounded):
    assert Total(value, estimated).rounded == rounded


@on_postgresql
def test_the_api_marks_an_estimated_count_and_offers_no_last_page(api, events, small_bound):

    response = api.get("/api/v1/events/", {"page_size": 2, **NOT_TALLIED})

    body = response.json()
    assert body["count_estimated"] is True
    assert body["count"] >= 6
    assert 'rel="last"' not in response["Link"]


@pytest.mark.parametrize(
    ("query", "count"), [({}, 12), ({"year": "2020,2021", "kind": "meeting", "status": "held"}, 2)]
)
def test_the_api_counts_events_unfiltered_or_by_year_kind_and_status_exactly_from_the_tally(
    api, events, small_bound, query, count
):
    """The database keeps those numbers (events/tally.py): exact, past the bound."""
    body = api.get("/api/v1/events/", {"page_size": 2, **query}).json()

    assert (body["count"], body["count_estimated"]) == (count, False)
    assert len(body["results"]) == 2


def test_the_api_marks_an_exact_count_and_links_the_last_page(api, events):
    response = api.get("/api/v1/events/", {"page_size": 5})

    assert response.json()["count"] == 12
    assert response.json()["count_estimated"] is False
    assert '<http://testserver/api/v1/events/?page=3&page_size=5>; rel="last"' in response["Link"]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("events.views.PAGE_SIZE", 2)


def next_link(html):
    found = re.search(r'<a rel="next" href="\?([^"]*)"', html)
    return found and found.group(1).replace("&amp;", "&")


def slugs(html):
    return re.findall(r'href="/events/(meeting-\d\d)/"', html)


def test_a_list_page_past_the_numbered_pages_is_reached_by_cursor_and_visits_every_record_once(
    client, events, small_bound, small_pages
):
    """Pages of 2 by number while fewer than 4 records lie before them (pages 1 to 3), then by cursor."""
    query, seen, queries = "kind=meeting", [], []
    for _page in range(10):
        response = client.get(f"/events/?{query}")
        assert response.status_code == 200
        html = response.content.decode()
        seen += slugs(html)
        queries.append(query)
        query = next_link(html)
        if not query:
            break

    assert seen == [f"meeting-{number:02}" for number in range(11, -1, -1)]
    assert queries[1:3] == ["kind=meeting&page=2", "kind=meeting&page=3"]
    assert all(q.startswith("kind=meeting&cursor=") for q in queries[3:])  # the filters ride along


def test_a_list_page_by_cursor_links_back_to_the_page_before(client, events, small_bound, small_pages):
    third = client.get("/events/?page=3").content.decode()
    fourth = client.get(f"/events/?{next_link(third)}").content.decode()
    back = re.search(r'<a rel="prev" href="\?([^"]*)"', fourth).group(1).replace("&amp;", "&")

    assert slugs(client.get(f"/events/?{back}").content.decode()) == slugs(third)


def test_a_list_page_with_a_cursor_it_did_not_give_says_so_with_a_400(client, events):
    response = client.get("/events/?cursor=bm9uc2Vuc2U")

    assert response.status_code == 400
    assert "This page’s address is not one this list gave: start again from the first page." in (
        response.content.decode()
    )


@on_postgresql
def test_a_list_page_shows_an_estimated_total_as_about(client, events, small_bound):

    html = client.get("/events/?q=meeting").content.decode()

    assert re.search(r"about \d+ events", html)


def test_the_events_page_unfiltered_or_by_year_kind_and_status_is_counted_exactly_from_the_tally(
    client, events, small_bound
):
    """The database keeps those numbers (events/tally.py): exact, however many events there are."""
    for query, count in [("", 12), ("?year=2020,2021&kind=meeting&status=held", 2)]:
        html = client.get(f"/events/{query}").content.decode()

        assert re.search(rf"(?<!about ){count} events", html)
        assert "about" not in html


@on_postgresql
def test_the_home_pages_figures_say_about_past_the_bound(client, small_bound):
    for number in range(12):
        PersonFactory(name=f"Person {number}")

    html = client.get("/").content.decode()

    assert re.search(r"<strong>about [\d,]+</strong> People", html)


def test_the_home_pages_events_figure_is_exact_past_the_bound_from_the_tally(client, events, small_bound):
    html = client.get("/").content.decode()

    assert "<strong>12</strong> Events" in html


def test_the_home_pages_figures_are_exact_under_the_bound(client, events):
    html = client.get("/").content.decode()

    assert "<strong>12</strong> Events" in html


@on_postgresql
def test_past_the_bound_the_events_pages_counts_come_from_a_sample_and_say_about(client, events, monkeypatch):
    monkeypatch.setattr("events.selectors.FACET_EXACT_LIMIT", 5)

    html = client.get("/events/?q=meeting").content.decode()

    assert '<option value="meeting">Meeting (about 12)</option>' in html  # the sample is the whole small table

    # Unfiltered (or by year, kind and status), those counts come exact from the tally.
    html = client.get("/events/").content.decode()

    assert '<option value="meeting">Meeting (12)</option>' in html
    assert '<option value="2021">2021 (1)</option>' in html


@on_postgresql
def test_a_total_out_of_time_has_the_events_pages_counts_sampled_too(client, events, monkeypatch):
    """Twelve events, under the bound, but the count ran out of time: exact counts would cost more.
    The planner's estimate of a table never analysed is below the sample: the counts are not scaled
    below what the sample holds."""
    monkeypatch.setattr(paging, "_count_within_time_limit", lambda queryset: None)

    html = client.get("/events/?q=meeting").content.decode()

    assert '<option value="meeting">Meeting (about 12)</option>' in html


def test_under_the_bound_the_events_pages_counts_are_exact(client, events):
    html = client.get("/events/").content.decode()

    assert '<option value="meeting">Meeting (12)</option>' in html
