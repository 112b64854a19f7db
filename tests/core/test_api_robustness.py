"""Problems an API review found, each pinned: drafts reached through a record in between, inputs that
used to be server errors, a same-second stale 304, changes that `updated_since` must see, search that
must answer alike on every database, tokens that must not dodge the rate limit, calendar size."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.utils.http import http_date

from cooperation.core.records import PublicationStatus
from cooperation.core.versioning import DataVersion
from events.api.views import CALENDAR_LIMIT
from tests.api_support import slugs
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PartnerTokenFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


def test_an_event_at_a_draft_venue_is_not_found_through_the_published_city(client):
    baku = PlaceFactory(name="Baku", slug="baku")
    hidden_venue = PlaceFactory(name="Unreleased venue", slug="unreleased-venue", parent=baku, publication_status=DRAFT)
    EventFactory(slug="at-the-hidden-venue", place=hidden_venue)
    EventFactory(slug="in-baku", place=baku)

    assert slugs(client.get("/api/v1/events/?place=baku")) == ["in-baku"]


def test_a_participation_hidden_by_a_draft_organisation_does_not_match_a_person_filter(client):
    person = PersonFactory(slug="public-person")
    event = EventFactory(slug="meeting")
    ParticipationFactory(event=event, person=person, on_behalf_of=OrganisationFactory(publication_status=DRAFT))

    assert slugs(client.get("/api/v1/events/?person=public-person")) == []
    assert slugs(client.get("/api/v1/people/?event=meeting")) == []


def test_a_post_of_a_draft_organisation_is_not_embedded_not_even_its_title(client):
    person = PersonFactory(name="Public Person")
    secret = OrganisationFactory(name="Secret Draft Agency", publication_status=DRAFT)
    position = PositionFactory(person=person, post=PostFactory(organisation=secret, title="Chief of the Agency"))
    event = EventFactory(slug="meeting")
    ParticipationFactory(event=event, person=person, position=position)

    body = client.get("/api/v1/events/meeting/").content.decode()

    assert json.loads(body)["participants"][0]["position"] is None
    assert "Chief of the Agency" not in body
    assert "Chief of the Agency" not in client.get("/api/v1/events/?format=csv").content.decode()


def test_a_person_whose_only_post_is_in_a_draft_part_of_a_ministry_is_not_found_through_the_ministry(client):
    ministry = OrganisationFactory(slug="ministry")
    hidden_part = OrganisationFactory(parent=ministry, publication_status=DRAFT)
    PositionFactory(person=PersonFactory(slug="official"), post=PostFactory(organisation=hidden_part))

    assert slugs(client.get("/api/v1/people/?organisation=ministry")) == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("ordering=--title", "ordering"),
        ("updated_since=0001-01-01T00:00:00%2B01:00", "updated_since"),
        ("updated_since=9999-12-31T23:59:59-01:00", "updated_since"),
        ("page=" + "9" * 4400, "page"),
        ("page_size=" + "9" * 4400, "page_size"),
        ("year=" + "9" * 4400, "year"),
    ],
)
def test_inputs_that_used_to_be_server_errors_are_a_400_naming_the_parameter(client, query, parameter):
    EventFactory()

    response = client.get(f"/api/v1/events/?{query}")

    assert response.status_code == 400
    assert [error["parameter"] for error in json.loads(response.content)["errors"]] == [parameter]


def test_the_last_month_of_the_last_year_is_a_date_not_a_server_error(client):
    EventFactory(slug="meeting", start_date=dt.date(2021, 1, 14))

    response = client.get("/api/v1/events/?date_to=9999-12")

    assert response.status_code == 200
    assert slugs(response) == ["meeting"]


def test_two_writes_in_one_second_still_move_last_modified_so_no_stale_304(client):
    event = EventFactory(slug="meeting", title="Title A")
    first = client.get("/api/v1/events/meeting/")

    event.title = "Title B"
    event.save()  # within the same second as the first write, on a fast machine
    again = client.get("/api/v1/events/meeting/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 200
    assert json.loads(again.content)["title"] == "Title B"
    assert again["Last-Modified"] == http_date(DataVersion.current().timestamp())
    assert again["Last-Modified"] != first["Last-Modified"]


def test_updated_since_finds_an_event_whose_participants_changed(client):
    event = EventFactory(slug="meeting")
    since = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    event.__class__.objects.filter(pk=event.pk).update(updated_at=since - dt.timedelta(days=1))

    ParticipationFactory(event=event, person=PersonFactory(name="A new participant"))
    response = client.get("/api/v1/events/", {"updated_since": (since - dt.timedelta(hours=1)).isoformat()})

    assert slugs(response) == ["meeting"]


def test_the_csv_participants_column_keeps_the_names_of_people_with_a_post(client):
    person = PersonFactory(name="Adil Karimli")
    position = PositionFactory(person=person, post=PostFactory(title="Minister of Culture"))
    ParticipationFactory(event=EventFactory(slug="opening"), person=person, position=position)

    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/events/?format=csv").content.decode())))

    assert rows[0]["participants"] == "Adil Karimli (attendee, Minister of Culture)"


@pytest.mark.parametrize(
    "query", ["malik", "Al Malik", "qafar zade", "Qafarzade", "Heydər", "Heydar", "vice president"]
)
def test_search_finds_parts_and_other_spellings_of_names_on_every_database(client, query):
    PersonFactory(name="Salim bin Mohammed AlMalik", slug="almalik", summary="Vice-President of nothing")
    PersonFactory(name="Maryam Qafar-zadə", slug="qafar-zade")
    PersonFactory(name="Heydər Əliyev", slug="heydar")
    expected = {
        "malik": ["almalik"],
        "Al Malik": ["almalik"],
        "qafar zade": ["qafar-zade"],
        "Qafarzade": ["qafar-zade"],
        "Heydər": ["heydar"],
        "Heydar": ["heydar"],
        "vice president": ["almalik"],
    }[query]

    assert slugs(client.get("/api/v1/people/", {"q": query})) == expected


def test_guessing_tokens_counts_against_the_anonymous_limit(client, monkeypatch):
    from cooperation.core.api.throttling import AnonymousRateThrottle

    monkeypatch.setitem(AnonymousRateThrottle.THROTTLE_RATES, "anonymous", "2/minute")
    PartnerTokenFactory(partner="A real partner")

    statuses = [client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer guess-{n}").status_code for n in range(4)]

    assert statuses[:2] == [401, 401]
    assert statuses[2:] == [429, 429]


def test_a_calendar_larger_than_the_limit_asks_for_a_narrower_filter(client, monkeypatch):
    monkeypatch.setattr("events.api.views.CALENDAR_LIMIT", 2)
    for day in (1, 2, 3):
        EventFactory(start_date=dt.date(2025, 4, day))

    response = client.get("/api/v1/events/?format=ics")
    narrowed = client.get("/api/v1/events/?format=ics&date_from=2025-04-02")

    assert response.status_code == 400
    error = json.loads(response.content)["errors"][0]
    assert error["parameter"] == "format"
    assert error["message"].startswith("This calendar would hold more than 2 events: narrow it")
    assert narrowed.status_code == 200
    assert narrowed.content.decode().count("BEGIN:VEVENT") == 2
    assert CALENDAR_LIMIT >= 1000


LIMIT = 2500


@pytest.fixture
def long_events():
    """Three events dated to the day, each with a title of 300 characters (600 bytes in UTF-8)."""
    return [
        EventFactory(start_date=dt.date(2025, 4, day), title=f"Day {day} of the programme " + "ə" * 276)
        for day in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("path", "smaller_path", "advice"),
    [
        (
            "/api/v1/events/?page_size=3&ordering=-updated_at",
            "/api/v1/events/?page_size=2&ordering=-updated_at",
            "ask for fewer records with page_size",
        ),
        (
            "/api/v1/events/?page_size=3&format=csv",
            "/api/v1/events/?page_size=2&format=csv",
            "ask for fewer records with page_size",
        ),
        (
            "/api/v1/events/?format=ics",
            "/api/v1/events/?format=ics&date_from=2025-04-02",
            "narrow the calendar with year, date_from or another filter",
        ),
    ],
)
def test_a_list_over_the_answer_limit_asks_a_client_without_a_key_for_less(
    client, settings, long_events, path, smaller_path, advice
):
    settings.API_MAX_ANSWER_BYTES = LIMIT  # two of the events fit, not three

    response = client.get(path)
    smaller = client.get(smaller_path)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 400
    assert re.fullmatch(
        rf"This answer would be [\d,]+ bytes, over the limit of {LIMIT:,} for a client without a token: {advice}\.",
        problem["detail"],
    )
    assert smaller.status_code == 200
    assert len(smaller.content) <= LIMIT
    assert "Day 2 of the programme" in smaller.content.decode()


def test_a_partner_with_a_key_gets_a_list_over_the_answer_limit(client, settings, long_events):
    settings.API_MAX_ANSWER_BYTES = LIMIT
    key = PartnerTokenFactory().key

    response = client.get("/api/v1/events/?page_size=3", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 200
    assert len(response.content) > LIMIT
    assert [event["title"][:5] for event in json.loads(response.content)["results"]] == ["Day 3", "Day 2", "Day 1"]


def test_one_record_is_not_held_to_the_list_limit(client, settings, long_events):
    settings.API_MAX_ANSWER_BYTES = 500

    response = client.get(f"/api/v1/events/{long_events[0].slug}/")

    assert response.status_code == 200
    assert json.loads(response.content)["title"].startswith("Day 1 of the programme")


def test_the_answer_limit_is_a_megabyte(settings):
    assert settings.API_MAX_ANSWER_BYTES == 1_000_000
