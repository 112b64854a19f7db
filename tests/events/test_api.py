"""The events collection of the JSON API: the documented shape and the filters."""

import datetime as dt

import pytest

from cooperation.core.dates import DatePrecision
from cooperation.models import OrganisationKind, PlaceKind
from events.models import Event, EventKind, EventStatus, ParticipationRole
from tests.api_support import API, FROZEN, FROZEN_IN_BAKU, freeze, slugs, summary, uid
from tests.factories import (
    AlternateNameFactory,
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

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR

# --- The pinned shape -----------------------------------------------------------------------------


@pytest.fixture
def official_visit():
    """An event with every kind of related row, all with fixed ids."""
    azerbaijan = PlaceFactory(uuid=uid(1), name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY)
    baku = PlaceFactory(uuid=uid(2), name="Baku", slug="baku", parent=azerbaijan)
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco", acronym="ICESCO")
    ministry = OrganisationFactory(
        uuid=uid(11), name="Ministry of Culture", slug="ministry-of-culture", kind=OrganisationKind.MINISTRY
    )
    salim = PersonFactory(uuid=uid(20), name="Salim bin Mohammed AlMalik", slug="salim-almalik")
    director_general = PositionFactory(
        uuid=uid(30),
        person=salim,
        post=PostFactory(organisation=icesco, title="Director-General"),
        start_date=dt.date(2019, 5, 1),
        start_date_precision=MONTH,
    )
    tour = EventFactory(
        uuid=uid(40),
        title="Tour of member states",
        slug="tour-2025",
        kind=EventKind.TOUR,
        start_date=dt.date(2025, 4, 1),
        start_date_precision=MONTH,
    )
    chair = InitiativeFactory(uuid=uid(50), title="ICESCO Chair in Baku", slug="icesco-chair-baku")
    visit = EventFactory(
        uuid=uid(100),
        title="Official visit of the ICESCO Director-General to Baku",
        slug="official-visit-baku-2025",
        kind=EventKind.VISIT,
        status=EventStatus.HELD,
        start_date=dt.date(2025, 4, 29),
        start_date_precision=DAY,
        end_date=dt.date(2025, 4, 30),
        end_date_precision=DAY,
        place=baku,
        location_text="Baku, Azerbaijan",
        parent=tour,
        description="Two days of talks on education and heritage.",
        note="Dates from the ministry's press release.",
    )
    visit.initiatives.add(chair)
    head = ParticipationFactory(
        uuid=uid(60),
        event=visit,
        person=salim,
        role=ParticipationRole.DELEGATION_HEAD,
        on_behalf_of=icesco,
        position=director_general,
        order=1,
    )
    ParticipationFactory(
        uuid=uid(61), event=visit, person=None, organisation=ministry, role=ParticipationRole.HOST, order=2
    )
    ParticipationFactory(
        uuid=uid(62),
        event=visit,
        person=None,
        name="Ambassadors of member states",
        role=ParticipationRole.ATTENDEE,
        order=3,
    )
    EventFactory(
        uuid=uid(101),
        title="Meeting with the Minister of Culture",
        slug="meeting-minister-culture-2025",
        parent=visit,
        start_date=dt.date(2025, 4, 29),
    )
    source = SourceFactory(
        uuid=uid(70),
        title="ICESCO Director-General visits Baku",
        slug="dg-visits-baku",
        text="The Director-General arrived in Baku on 29 April. He met the Minister of Culture.",
    )
    CitationFactory(record=visit, source=source, quote="The Director-General arrived in Baku on 29 April")
    CitationFactory(record=visit, source=source, field="start_date", quote="arrived in Baku on 29 April")
    CitationFactory(record=head, source=source, quote="The Director-General arrived in Baku")
    AlternateNameFactory(record=visit, name="DG visit to Baku", language="en", kind="spelling_variant")
    freeze(visit)
    return visit


VISIT_LIST_ITEM = {
    "id": str(uid(100)),
    "slug": "official-visit-baku-2025",
    "url": f"{API}/events/{uid(100)}/",
    "html_url": "http://testserver/events/official-visit-baku-2025/",
    "updated_at": FROZEN_IN_BAKU,
    "title": "Official visit of the ICESCO Director-General to Baku",
    "kind": "visit",
    "status": "held",
    "start_date": "2025-04-29",
    "start_date_precision": "day",
    "end_date": "2025-04-30",
    "end_date_precision": "day",
    "place": summary("places", 2, "Baku"),
    "location_text": "Baku, Azerbaijan",
    "parent": summary("events", 40, "Tour of member states"),
    "initiatives": [summary("initiatives", 50, "ICESCO Chair in Baku")],
    "participants": [
        {
            "id": str(uid(60)),
            "role": "delegation_head",
            "name": "Salim bin Mohammed AlMalik",
            "name_as_written": "",
            "person": summary("people", 20, "Salim bin Mohammed AlMalik"),
            "organisation": None,
            "on_behalf_of": summary("organisations", 10, "ICESCO"),
            "position": {
                "id": str(uid(30)),
                "title": "Director-General",
                "organisation": summary("organisations", 10, "ICESCO"),
            },
        },
        {
            "id": str(uid(61)),
            "role": "host",
            "name": "Ministry of Culture",
            "name_as_written": "",
            "person": None,
            "organisation": summary("organisations", 11, "Ministry of Culture"),
            "on_behalf_of": None,
            "position": None,
        },
        {
            "id": str(uid(62)),
            "role": "attendee",
            "name": "Ambassadors of member states",
            "name_as_written": "Ambassadors of member states",
            "person": None,
            "organisation": None,
            "on_behalf_of": None,
            "position": None,
        },
    ],
}

VISIT_DETAIL = {
    **VISIT_LIST_ITEM,
    # In the detail, each participant with the quotes behind it.
    "participants": [
        {
            **VISIT_LIST_ITEM["participants"][0],
            "citations": [
                {
                    "source": summary("sources", 70, "ICESCO Director-General visits Baku"),
                    "quote": "The Director-General arrived in Baku",
                    "field": "",
                }
            ],
        },
        {**VISIT_LIST_ITEM["participants"][1], "citations": []},
        {**VISIT_LIST_ITEM["participants"][2], "citations": []},
    ],
    "description": "Two days of talks on education and heritage.",
    "children": [summary("events", 101, "Meeting with the Minister of Culture")],
    "alternate_names": [{"name": "DG visit to Baku", "kind": "spelling_variant", "language": "en"}],
    "citations": [
        {
            "source": summary("sources", 70, "ICESCO Director-General visits Baku"),
            "quote": "The Director-General arrived in Baku on 29 April",
            "field": "",
        },
        {
            "source": summary("sources", 70, "ICESCO Director-General visits Baku"),
            "quote": "arrived in Baku on 29 April",
            "field": "start_date",
        },
    ],
    "note": "Dates from the ministry's press release.",
}
# Every language's text of its translated fields: English only, as none is translated.
VISIT_DETAIL["translations"] = {
    "en": {field: VISIT_DETAIL[field] for field in ("title", "description", "location_text") if VISIT_DETAIL[field]}
}


def test_event_detail_is_the_whole_documented_object(api, official_visit):
    response = api.get(f"/api/v1/events/{official_visit.uuid}/")

    assert response.status_code == 200
    assert response.json() == VISIT_DETAIL


def test_event_detail_by_slug_is_the_same_object_as_by_id(api, official_visit):
    assert api.get("/api/v1/events/official-visit-baku-2025/").json() == VISIT_DETAIL


def test_event_list_item_is_the_whole_documented_object_without_the_detail_fields(api, official_visit):
    response = api.get("/api/v1/events/", {"kind": "visit"})

    assert response.json() == {
        "count": 1,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [VISIT_LIST_ITEM],
    }


def test_event_dates_are_given_at_their_precision(api):
    EventFactory(slug="in-a-month", start_date=dt.date(2021, 1, 1), start_date_precision=MONTH)
    EventFactory(
        slug="in-a-year",
        start_date=dt.date(1991, 1, 1),
        start_date_precision=YEAR,
        end_date=dt.date(1992, 12, 31),
        end_date_precision=YEAR,
    )
    EventFactory(slug="undated", start_date=None, start_date_precision="")

    dates = {
        record["slug"]: (
            record["start_date"],
            record["start_date_precision"],
            record["end_date"],
            record["end_date_precision"],
        )
        for record in api.get("/api/v1/events/").json()["results"]
    }

    assert dates == {
        "in-a-month": ("2021-01", "month", None, None),
        "in-a-year": ("1991", "year", "1992", "year"),
        "undated": (None, None, None, None),
    }


def test_an_event_and_the_list_are_served_without_the_trailing_slash_too(api):
    EventFactory(slug="visit", title="Visit to Baku")

    detail = api.get("/api/v1/events/visit")
    listed = api.get("/api/v1/events")

    assert detail.status_code == 200
    assert detail.json()["title"] == "Visit to Baku"
    assert [event["slug"] for event in listed.json()["results"]] == ["visit"]


# --- Filters --------------------------------------------------------------------------------------


@pytest.fixture
def calendar_of_events():
    """Three events that differ in every filtered property.

    baku-visit: a visit held 29-30 April 2025 at a venue in Baku, Azerbaijan; Salim for ICESCO; the chair.
    rabat-meeting: a meeting planned for March 2025 in Rabat, Morocco; the ministry of science as host,
    Maryam as Minister of Culture.
    online-forum: a forum of 2024, cancelled, with no place and nobody.
    """
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY)
    baku = PlaceFactory(name="Baku", slug="baku", parent=azerbaijan)
    venue = PlaceFactory(name="Nizami Museum", slug="nizami-museum", kind=PlaceKind.VENUE, parent=baku)
    morocco = PlaceFactory(uuid=uid(1), name="Morocco", slug="morocco", kind=PlaceKind.COUNTRY)
    rabat = PlaceFactory(name="Rabat", slug="rabat", parent=morocco)
    icesco = OrganisationFactory(name="ICESCO", slug="icesco")
    science = OrganisationFactory(name="Ministry of Science", slug="ministry-of-science")
    culture = OrganisationFactory(name="Ministry of Culture", slug="ministry-of-culture")
    salim = PersonFactory(name="Salim AlMalik", slug="salim")
    maryam = PersonFactory(uuid=uid(2), name="Maryam Qafar-zadə", slug="maryam")
    chair = InitiativeFactory(uuid=uid(3), title="ICESCO Chair", slug="icesco-chair")

    visit = EventFactory(
        title="Official visit to Baku",
        slug="baku-visit",
        kind=EventKind.VISIT,
        status=EventStatus.HELD,
        start_date=dt.date(2025, 4, 29),
        end_date=dt.date(2025, 4, 30),
        end_date_precision=DAY,
        place=venue,
        uuid=uid(4),
    )
    visit.initiatives.add(chair)
    ParticipationFactory(event=visit, person=salim, on_behalf_of=icesco)
    meeting = EventFactory(
        title="Working meeting in Rabat",
        slug="rabat-meeting",
        kind=EventKind.MEETING,
        status=EventStatus.PLANNED,
        start_date=dt.date(2025, 3, 1),
        start_date_precision=MONTH,
        place=rabat,
        description="Talks on digital heritage.",
    )
    ParticipationFactory(event=meeting, person=None, organisation=science, role=ParticipationRole.HOST)
    minister = PositionFactory(person=maryam, post=PostFactory(organisation=culture, title="Minister of Culture"))
    ParticipationFactory(event=meeting, person=maryam, position=minister)
    forum = EventFactory(
        title="Online forum",
        slug="online-forum",
        kind=EventKind.FORUM,
        status=EventStatus.CANCELLED,
        start_date=dt.date(2024, 1, 1),
        start_date_precision=YEAR,
    )
    Event.objects.filter(pk__in=[visit.pk, meeting.pk]).update(updated_at=FROZEN)
    Event.objects.filter(pk=forum.pk).update(updated_at=dt.datetime(2024, 12, 31, 12, 0, tzinfo=dt.UTC))


ALL = ["baku-visit", "rabat-meeting", "online-forum"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"year": "2025"}, ["baku-visit", "rabat-meeting"]),
        ({"year": "2024"}, ["online-forum"]),
        ({"year": "2024,2025"}, ALL),
        ({"year": "2023"}, []),
        ({"date_from": "2025"}, ["baku-visit", "rabat-meeting"]),
        ({"date_from": "2025-03"}, ["baku-visit", "rabat-meeting"]),
        ({"date_from": "2025-04"}, ["baku-visit"]),
        ({"date_from": "2025-04-30"}, ["baku-visit"]),
        ({"date_from": "2025-05-01"}, []),
        ({"date_from": "2024-12-31"}, ALL),
        ({"date_to": "2025-04-29"}, ALL),
        ({"date_to": "2025-04-28"}, ["rabat-meeting", "online-forum"]),
        ({"date_to": "2025-03"}, ["rabat-meeting", "online-forum"]),
        ({"date_to": "2025-02"}, ["online-forum"]),
        ({"date_to": "2024"}, ["online-forum"]),
        ({"date_to": "2023"}, []),
        ({"date_from": "2025-03", "date_to": "2025-03"}, ["rabat-meeting"]),
        ({"kind": "visit"}, ["baku-visit"]),
        ({"kind": "visit,meeting"}, ["baku-visit", "rabat-meeting"]),
        ({"kind": "award"}, []),
        ({"status": "planned"}, ["rabat-meeting"]),
        ({"status": "held,cancelled"}, ["baku-visit", "online-forum"]),
        ({"country": "azerbaijan"}, ["baku-visit"]),
        ({"country": str(uid(1))}, ["rabat-meeting"]),
        ({"country": "azerbaijan,morocco"}, ["baku-visit", "rabat-meeting"]),
        ({"place": "baku"}, ["baku-visit"]),
        ({"place": "nizami-museum"}, ["baku-visit"]),
        ({"place": "rabat"}, ["rabat-meeting"]),
        ({"organisation": "icesco"}, ["baku-visit"]),
        ({"organisation": "ministry-of-science"}, ["rabat-meeting"]),
        ({"organisation": "ministry-of-culture"}, ["rabat-meeting"]),
        ({"person": "salim"}, ["baku-visit"]),
        ({"person": str(uid(2))}, ["rabat-meeting"]),
        ({"person": f"salim,{uid(2)}"}, ["baku-visit", "rabat-meeting"]),
        ({"initiative": "icesco-chair"}, ["baku-visit"]),
        ({"initiative": str(uid(3))}, ["baku-visit"]),
        ({"updated_since": "2025-01-01T00:00:00Z"}, ["baku-visit", "rabat-meeting"]),
        ({"updated_since": "2025-05-01T10:00:01+00:00"}, []),
        ({"updated_since": "2024-01-01T00:00:00+04:00"}, ALL),
        ({"q": "visit"}, ["baku-visit"]),
        ({"q": "digital heritage"}, ["rabat-meeting"]),
        ({"q": "forum"}, ["online-forum"]),
        ({"q": "biennale"}, []),
        ({"q": "meeting", "person": "maryam"}, ["rabat-meeting"]),
        ({"kind": "visit,meeting", "status": "planned", "country": "morocco"}, ["rabat-meeting"]),
    ],
)
def test_event_filters_keep_the_matching_events_and_only_those(api, calendar_of_events, params, expected):
    response = api.get("/api/v1/events/", params)

    assert response.status_code == 200, response.content
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organisation": "icesco"}, ["baku-visit"]),
        ({"organisation": "ministry-of-science"}, ["rabat-meeting"]),
        ({"organisation": "ministry-of-culture"}, ["rabat-meeting"]),  # through the minister's post
        ({"organisation": "ministry-of-culture,icesco"}, ["baku-visit", "rabat-meeting"]),
    ],
)
def test_an_organisation_with_more_positions_than_are_read_first_is_filtered_by_them_all_the_same(
    api, calendar_of_events, monkeypatch, params, expected
):
    """Past MAX_REACHED, a post's positions are not listed in the query: each participation's position
    is looked up by its key (a correlated EXISTS)."""
    monkeypatch.setattr("cooperation.core.filters.MAX_REACHED", 0)

    response = api.get("/api/v1/events/", params)

    assert response.status_code == 200, response.content
    assert slugs(response) == expected


def test_an_event_filtered_by_several_participants_appears_once(api):
    event = EventFactory(slug="joint-visit")
    ParticipationFactory(event=event, person=PersonFactory(slug="anar"))
    ParticipationFactory(event=event, person=PersonFactory(slug="leyla"))

    response = api.get("/api/v1/events/", {"person": "anar,leyla"})

    assert slugs(response) == ["joint-visit"]
    assert response.json()["count"] == 1
