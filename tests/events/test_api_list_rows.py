"""The event list's rows are read with values() (events/api/rows.py), not through EventSerializer:
the answer must be the serializer's, byte for byte, whatever the records hold (drafts linked from every
side, undated events, partial dates, groups named as written, posts of draft organisations), in every
language, format, filter, ordering and page."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from events.api.views import EventViewSet
from events.models import ParticipationRole
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def records():
    """Events reaching every branch of the serializer."""
    baku = PlaceFactory(name="Baku")
    hidden_place = PlaceFactory(name="Hidden venue", publication_status=DRAFT)
    summit = EventFactory(
        title="Summit",
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2024, 5, 3),
        end_date_precision=DatePrecision.DAY,
    )
    draft_parent = EventFactory(title="Draft tour", publication_status=DRAFT)
    programme = InitiativeFactory(
        title="Programme", start_date=dt.date(2020, 1, 1), start_date_precision=DatePrecision.YEAR
    )
    proposal = InitiativeFactory(title="Proposal")
    draft_initiative = InitiativeFactory(title="Draft initiative", publication_status=DRAFT)
    ministry = OrganisationFactory(name="Ministry")
    draft_organisation = OrganisationFactory(name="Draft office", publication_status=DRAFT)
    minister = PositionFactory(post__organisation=ministry, post__title="Minister")
    secret_post = PositionFactory(post__organisation=draft_organisation, post__title="Secret post")

    full = EventFactory(
        title="Opening", place=baku, parent=summit, location_text="Old City", start_date=dt.date(2024, 5, 2)
    )
    twins = [InitiativeFactory(title="Twin"), InitiativeFactory(title="Twin")]  # undated, one title: by id
    full.initiatives.add(twins[1], programme, proposal, draft_initiative, twins[0])
    ParticipationFactory(event=full, person=minister.person, position=minister, on_behalf_of=ministry, order=2)
    ParticipationFactory(event=full, person=secret_post.person, position=secret_post, order=1)
    ParticipationFactory(event=full, person=None, organisation=ministry, role=ParticipationRole.HOST, order=3)
    ParticipationFactory(event=full, person=None, name="Ambassadors", order=4)
    ParticipationFactory(event=full, person=PersonFactory(publication_status=DRAFT))
    ParticipationFactory(event=full, person=None, organisation=draft_organisation)
    ParticipationFactory(event=full, person=PersonFactory(), on_behalf_of=draft_organisation)

    EventFactory(title="Hidden", place=hidden_place, parent=draft_parent)
    EventFactory(title="Undated", start_date=None, start_date_precision="")
    EventFactory(
        title="A month",
        start_date=dt.date(2023, 3, 1),
        start_date_precision=DatePrecision.MONTH,
        end_date=dt.date(2023, 12, 31),
        end_date_precision=DatePrecision.YEAR,
    )
    EventFactory(title="Draft event", publication_status=DRAFT, place=baku)
    for number in range(12):
        EventFactory(title=f"Meeting {number:02}", start_date=dt.date(2022, 1, 1 + number))


def by_serializer(monkeypatch, api, path, params):
    """The same request answered through EventSerializer, the list's contract."""
    with monkeypatch.context() as patch:
        patch.setattr(EventViewSet, "list_rows", None)
        return api.get(path, params)


def assert_same_answer(monkeypatch, api, path, params=None):
    params = params or {}
    fast = api.get(path, params)
    reference = by_serializer(monkeypatch, api, path, params)

    assert fast.status_code == reference.status_code == 200
    assert fast["Content-Type"] == reference["Content-Type"]
    assert fast.content == reference.content
    return fast


@pytest.mark.parametrize("language", ["", "/ar", "/az", "/ru"])
@pytest.mark.parametrize("output", ["json", "csv"])
def test_a_page_of_events_is_the_serializers_byte_for_byte(records, api, monkeypatch, language, output):
    response = assert_same_answer(monkeypatch, api, "/api/v1/events/", {"format": output})

    text = response.content.decode()
    for shown in ("Opening", "Ambassadors", "Minister"):
        assert shown in text
    for secret in ("Hidden venue", "Draft tour", "Draft initiative", "Draft office", "Secret post", "Draft event"):
        assert secret not in text


def test_the_rows_hold_what_the_serializer_would(records, api):
    """What the byte comparison rests on, read once: the rows are not both empty or both wrong."""
    results = api.get("/api/v1/events/", {"q": "Opening"}).json()["results"]
    [opening] = results

    assert opening["place"]["name"] == "Baku"
    assert opening["parent"]["name"] == "Summit"
    assert [initiative["name"] for initiative in opening["initiatives"]] == ["Programme", "Proposal", "Twin", "Twin"]
    assert [(p["name"], p["role"], p["position"] and p["position"]["title"]) for p in opening["participants"]] == [
        (opening["participants"][0]["person"]["name"], "attendee", None),  # the post of a draft organisation
        (opening["participants"][1]["person"]["name"], "attendee", "Minister"),
        ("Ministry", "host", None),
        ("Ambassadors", "attendee", None),
    ]
    assert opening["participants"][1]["on_behalf_of"]["name"] == "Ministry"
    assert opening["participants"][1]["position"]["organisation"]["name"] == "Ministry"


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 3},
        {"page_size": 3, "page": 2},
        {"ordering": "title"},
        {"ordering": "-end_date"},
        {"ordering": "kind", "page_size": 4},
        {"year": 2024},
        {"q": "meeting"},
        {"status": "held", "date_to": "2025"},
    ],
)
def test_filters_orderings_and_pages_give_the_serializers_answer(records, api, monkeypatch, params):
    assert_same_answer(monkeypatch, api, "/api/v1/events/", params)


def test_pages_followed_by_cursor_give_the_serializers_answer(records, api, monkeypatch):
    response = assert_same_answer(monkeypatch, api, "/api/v1/events/", {"page_size": 5, "ordering": "-end_date"})
    pages = 1
    while next_link := response.json()["next"]:
        response = assert_same_answer(monkeypatch, api, next_link)
        pages += 1
    assert pages == 4  # 17 published events, 5 a page

    previous = response.json()["previous"]
    assert_same_answer(monkeypatch, api, previous)


@pytest.fixture
def synthetic_events(django_db_blocker):
    """The benchmark's generated records (drafts, skew, partial dates, alternate names), 300 events."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("generate_synthetic", "--events", "300", "--seed", "5", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_generated_records_give_the_serializers_answer(synthetic_events, api, monkeypatch):
    response = assert_same_answer(monkeypatch, api, "/api/v1/events/", {"page_size": 200})
    assert len(response.json()["results"]) == 200
    assert_same_answer(monkeypatch, api, response.json()["next"])


def test_an_event_unpublished_after_its_page_was_chosen_is_left_out(records, rf):
    """The page's ids and its rows are two reads: an event that became a draft in between is not shown."""
    from events.api.rows import EventRows
    from events.models import Event

    opening = Event.objects.get(title="Opening")
    summit = Event.objects.get(title="Summit")
    Event.objects.filter(pk=opening.pk).update(publication_status=DRAFT)

    rows = EventRows(rf.get("/api/v1/events/")).build([opening.pk, summit.pk])

    assert [row["title"] for row in rows] == ["Summit"]
