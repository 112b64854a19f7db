"""The events collection of the JSON API: ordering by several keys, and stable pages when keys are equal."""

import datetime as dt

import pytest

from cooperation.core.dates import DatePrecision
from tests.factories import (
    EventFactory,
)

pytestmark = pytest.mark.django_db

DAY = DatePrecision.DAY

# --- Ordering -------------------------------------------------------------------------------------


@pytest.fixture
def events_with_ties():
    """Nine events: three share a date and a title, two share a date, two are undated."""
    for title, start in [
        ("Meeting", dt.date(2025, 4, 29)),
        ("Meeting", dt.date(2025, 4, 29)),
        ("Meeting", dt.date(2025, 4, 29)),
        ("Forum", dt.date(2025, 4, 29)),
        ("Award", dt.date(2024, 6, 1)),
        ("Visit", dt.date(2024, 6, 1)),
        ("Accession", dt.date(1991, 1, 1)),
        ("Announcement", None),
        ("Tour", None),
    ]:
        EventFactory(title=title, start_date=start, start_date_precision=DAY if start else "")


def test_ordering_by_several_keys_sorts_by_each_key_in_turn(api, events_with_ties):
    results = api.get("/api/v1/events/", {"ordering": "-start_date,title"}).json()["results"]

    assert [(event["start_date"], event["title"]) for event in results] == [
        ("2025-04-29", "Forum"),
        ("2025-04-29", "Meeting"),
        ("2025-04-29", "Meeting"),
        ("2025-04-29", "Meeting"),
        ("2024-06-01", "Award"),
        ("2024-06-01", "Visit"),
        ("1991-01-01", "Accession"),
        (None, "Announcement"),
        (None, "Tour"),
    ]


def test_ordering_by_a_descending_key_second_reverses_only_that_key(api, events_with_ties):
    results = api.get("/api/v1/events/", {"ordering": "title,-start_date"}).json()["results"]

    assert [event["title"] for event in results] == [
        "Accession",
        "Announcement",
        "Award",
        "Forum",
        "Meeting",
        "Meeting",
        "Meeting",
        "Tour",
        "Visit",
    ]


@pytest.mark.parametrize("ordering", ["-start_date,title", "title", "kind", "-status", ""])
def test_walking_every_page_gives_each_event_exactly_once_in_the_order_of_the_full_list(
    api, events_with_ties, ordering
):
    full = [event["id"] for event in api.get("/api/v1/events/", {"ordering": ordering}).json()["results"]]
    walked, page = [], 1
    while True:
        body = api.get("/api/v1/events/", {"ordering": ordering, "page_size": 2, "page": page}).json()
        walked += [event["id"] for event in body["results"]]
        if body["next"] is None:
            break
        page += 1

    assert page == 5
    assert walked == full
    assert len(set(walked)) == 9


def test_events_with_equal_keys_come_in_the_same_order_on_every_request(api, events_with_ties):
    first = api.get("/api/v1/events/", {"ordering": "kind"}).json()["results"]
    second = api.get("/api/v1/events/", {"ordering": "kind"}).json()["results"]

    assert [event["id"] for event in first] == [event["id"] for event in second]
    assert [event["title"] for event in first][:3] == ["Meeting", "Meeting", "Meeting"]
