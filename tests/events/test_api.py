"""The events collection of the JSON API: the documented shape, filters, drafts, query counts, ordering."""

import datetime as dt

import pytest

from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
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
DRAFT = PublicationStatus.DRAFT
AS_DRAFT = {"publication_status": DRAFT}


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
    ParticipationFactory(
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


def test_event_detail_is_the_whole_documented_object(api, official_visit):
    response = api.get(f"/api/v1/events/{official_visit.uuid}/")

    assert response.status_code == 200
    assert response.json() == VISIT_DETAIL


def test_event_detail_by_slug_is_the_same_object_as_by_id(api, official_visit):
    assert api.get("/api/v1/events/official-visit-baku-2025/").json() == VISIT_DETAIL


def test_event_list_item_is_the_whole_documented_object_without_the_detail_fields(api, official_visit):
    response = api.get("/api/v1/events/", {"kind": "visit"})

    assert response.json() == {"count": 1, "next": None, "previous": None, "results": [VISIT_LIST_ITEM]}


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
        ({"person": "nobody"}, []),
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


def test_an_event_filtered_by_several_participants_appears_once(api):
    event = EventFactory(slug="joint-visit")
    ParticipationFactory(event=event, person=PersonFactory(slug="anar"))
    ParticipationFactory(event=event, person=PersonFactory(slug="leyla"))

    response = api.get("/api/v1/events/", {"person": "anar,leyla"})

    assert slugs(response) == ["joint-visit"]
    assert response.json()["count"] == 1


# --- Drafts ---------------------------------------------------------------------------------------


def test_a_draft_event_is_absent_from_the_list_its_count_and_search(api):
    EventFactory(slug="published-visit", title="Visit to Baku")
    EventFactory(slug="draft-visit", title="Visit to Ganja", publication_status=DRAFT)

    listed = api.get("/api/v1/events/").json()
    searched = api.get("/api/v1/events/", {"q": "visit"}).json()

    assert [record["slug"] for record in listed["results"]] == ["published-visit"]
    assert listed["count"] == 1
    assert [record["slug"] for record in searched["results"]] == ["published-visit"]
    assert api.get("/api/v1/events/", {"q": "Ganja"}).json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_a_draft_event_detail_answers_404_by_id_and_by_slug(api):
    draft = EventFactory(slug="draft-visit", publication_status=DRAFT)

    for address in [f"/api/v1/events/{draft.uuid}/", "/api/v1/events/draft-visit/"]:
        response = api.get(address)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
        assert "draft-visit" not in response.content.decode()


def test_a_draft_person_is_absent_from_a_published_events_participants(api):
    event = EventFactory(slug="visit")
    ParticipationFactory(event=event, person=PersonFactory(name="Anar Karimov"))
    ParticipationFactory(event=event, person=PersonFactory(name="Unconfirmed identity", publication_status=DRAFT))

    detail = api.get("/api/v1/events/visit/").json()
    listed = api.get("/api/v1/events/").json()["results"][0]

    assert [participant["name"] for participant in detail["participants"]] == ["Anar Karimov"]
    assert [participant["name"] for participant in listed["participants"]] == ["Anar Karimov"]
    assert "Unconfirmed identity" not in api.get("/api/v1/events/visit/").content.decode()


def test_a_draft_place_of_a_published_event_is_shown_as_null(api):
    EventFactory(slug="visit", place=PlaceFactory(name="Secret venue", publication_status=DRAFT))

    detail = api.get("/api/v1/events/visit/").json()

    assert detail["place"] is None
    assert api.get("/api/v1/events/").json()["results"][0]["place"] is None
    assert "Secret venue" not in api.get("/api/v1/events/visit/").content.decode()


def test_a_citation_from_a_draft_source_is_absent_from_the_events_citations(api):
    event = EventFactory(slug="visit")
    CitationFactory(record=event, source=SourceFactory(title="Published article"))
    CitationFactory(record=event, source=SourceFactory(title="Unchecked article", publication_status=DRAFT))

    citations = api.get("/api/v1/events/visit/").json()["citations"]

    assert [citation["source"]["name"] for citation in citations] == ["Published article"]


def test_draft_parts_parent_and_initiatives_are_absent_from_a_published_event(api):
    tour = EventFactory(slug="tour", title="Draft tour", publication_status=DRAFT)
    event = EventFactory(slug="visit", parent=tour)
    EventFactory(title="Public meeting", parent=event)
    EventFactory(title="Draft meeting", parent=event, publication_status=DRAFT)
    event.initiatives.add(
        InitiativeFactory(title="Public chair"), InitiativeFactory(title="Draft chair", publication_status=DRAFT)
    )

    detail = api.get("/api/v1/events/visit/").json()

    assert detail["parent"] is None
    assert [child["name"] for child in detail["children"]] == ["Public meeting"]
    assert [initiative["name"] for initiative in detail["initiatives"]] == ["Public chair"]


def draft_participant(event):
    person = PersonFactory(slug="draft", **AS_DRAFT)
    ParticipationFactory(event=event, person=person)
    return person


def draft_participating_organisation(event):
    organisation = OrganisationFactory(slug="draft", **AS_DRAFT)
    ParticipationFactory(event=event, person=None, organisation=organisation)
    return organisation


def draft_place(event):
    event.place = PlaceFactory(slug="draft", **AS_DRAFT)
    event.save()
    return event.place


def draft_initiative(event):
    initiative = InitiativeFactory(slug="draft", **AS_DRAFT)
    event.initiatives.add(initiative)
    return initiative


@pytest.mark.parametrize(
    ("filter_name", "make_draft"),
    [
        ("person", draft_participant),
        ("organisation", draft_participating_organisation),
        ("place", draft_place),
        ("country", draft_place),
        ("initiative", draft_initiative),
    ],
)
def test_filtering_events_by_a_drafts_slug_or_id_reveals_nothing(api, filter_name, make_draft):
    draft = make_draft(EventFactory(slug="visit"))

    by_slug = api.get("/api/v1/events/", {filter_name: "draft"}).json()
    by_id = api.get("/api/v1/events/", {filter_name: str(draft.uuid)}).json()

    assert by_slug == by_id == {"count": 0, "next": None, "previous": None, "results": []}


# --- Query counts ---------------------------------------------------------------------------------

# Smallest bounds that pass. About half are per request, whatever the data: savepoints, the rate
# limiter's cache rows, Last-Modified's data version; the rest are the count, the page and one per prefetch.
EVENT_LIST_QUERIES = 13
EVENT_DETAIL_QUERIES = 15


@pytest.fixture
def many_events():
    """210 events, each with a place in a city in a country, a parent, an initiative and three participants."""
    country = PlaceFactory(kind=PlaceKind.COUNTRY)
    city = PlaceFactory(parent=country)
    tour = EventFactory(title="Tour", start_date=dt.date(2020, 1, 1))
    initiative = InitiativeFactory()
    organisation = OrganisationFactory()
    positions = [PositionFactory(post__organisation=organisation) for _ in range(5)]
    for number in range(209):
        event = EventFactory(place=PlaceFactory(kind=PlaceKind.VENUE, parent=city), parent=tour)
        event.initiatives.add(initiative)
        position = positions[number % 5]
        ParticipationFactory(event=event, person=position.person, position=position, on_behalf_of=organisation)
        ParticipationFactory(event=event, person=None, organisation=organisation, role=ParticipationRole.HOST)
        ParticipationFactory(event=event, person=None, name="Ambassadors", role=ParticipationRole.ATTENDEE)


def test_the_event_list_runs_the_same_number_of_queries_for_one_event_or_two_hundred(
    api, many_events, django_assert_max_num_queries
):
    with django_assert_max_num_queries(EVENT_LIST_QUERIES):
        one = api.get("/api/v1/events/", {"page_size": 1}).json()
    with django_assert_max_num_queries(EVENT_LIST_QUERIES):
        many = api.get("/api/v1/events/", {"page_size": 200}).json()

    assert one["count"] == many["count"] == 210
    assert len(one["results"]) == 1
    assert len(many["results"]) == 200
    assert all(len(event["participants"]) == 3 for event in many["results"])
    assert all(event["place"] and event["initiatives"] for event in many["results"])


def make_event_with_participants(count):
    event = EventFactory(place=PlaceFactory(parent=PlaceFactory(kind=PlaceKind.COUNTRY)), parent=EventFactory())
    event.initiatives.add(*InitiativeFactory.create_batch(count))
    for _ in range(count):
        position = PositionFactory()
        ParticipationFactory(
            event=event, person=position.person, position=position, on_behalf_of=position.post.organisation
        )
        ParticipationFactory(event=event, person=None, organisation=OrganisationFactory())
        EventFactory(parent=event)
        CitationFactory(record=event)
        AlternateNameFactory(record=event)
    return event


def test_an_event_detail_runs_a_bounded_number_of_queries_whatever_its_participants(api, django_assert_max_num_queries):
    small, large = make_event_with_participants(1), make_event_with_participants(30)

    with django_assert_max_num_queries(EVENT_DETAIL_QUERIES):
        small_body = api.get(f"/api/v1/events/{small.uuid}/").json()
    with django_assert_max_num_queries(EVENT_DETAIL_QUERIES):
        large_body = api.get(f"/api/v1/events/{large.uuid}/").json()

    assert len(small_body["participants"]) == 2
    assert len(large_body["participants"]) == 60
    assert len(large_body["children"]) == len(large_body["citations"]) == len(large_body["initiatives"]) == 30


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
