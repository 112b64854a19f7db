import datetime as dt

import pytest
from django.utils import timezone

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from tests.factories import EventFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def test_home_page_shows_latest_and_upcoming_published_events_and_counts(client):
    today = timezone.localdate()
    baku = PlaceFactory(name="Baku")
    EventFactory(title="Opening of the regional office", start_date=dt.date(2025, 4, 29), place=baku)
    EventFactory(
        title="Seminar on cultural heritage",
        start_date=today + dt.timedelta(days=30),
        start_date_precision=DatePrecision.DAY,
    )
    EventFactory(title="Unreviewed draft meeting", publication_status=PublicationStatus.DRAFT)

    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Opening of the regional office</a>, Baku" in body
    assert '<time datetime="2025-04-29">29 April 2025</time>' in body
    assert "Seminar on cultural heritage" in body
    assert "Unreviewed draft meeting" not in body
    assert '<a href="/events/"><strong>2</strong> Events</a>' in body
    upcoming, latest = body.split('id="latest-heading"')
    assert "Seminar on cultural heritage" in upcoming
    assert "Opening of the regional office" in latest


def test_home_page_says_so_when_nothing_is_recorded(client):
    body = client.get("/").content.decode()
    assert "No upcoming events are recorded." in body
    assert "No events are recorded yet." in body


def test_home_page_lists_top_level_events_not_their_parts(client):
    ceremony = EventFactory(title="Opening of the regional office", start_date=dt.date(2025, 4, 29))
    EventFactory(title="Video presentation", start_date=dt.date(2025, 4, 29), parent=ceremony)

    body = client.get("/").content.decode()

    assert "Opening of the regional office" in body
    assert "Video presentation" not in body
