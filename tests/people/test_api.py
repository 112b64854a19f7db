"""The people collection of the JSON API: the documented shape, filters, forgiving search, drafts, query counts."""

import datetime as dt

import pytest

from cooperation.core.citations import AlternateNameKind
from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.core.registry import SECTION_LIMIT
from cooperation.models import PartyRole
from events.models import ParticipationRole
from people.models import Person
from tests.api_support import API, FROZEN, FROZEN_IN_BAKU, slugs, summary, uid
from tests.count_support import TOTAL_LIMIT_QUERIES
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
DRAFT = PublicationStatus.DRAFT


# --- The pinned shape -----------------------------------------------------------------------------


@pytest.fixture
def director_general():
    """A person with two posts over time, a namesake, two events, another name and citations."""
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    ministry = OrganisationFactory(uuid=uid(11), name="Ministry of Education", slug="ministry-of-education")
    salim = PersonFactory(
        uuid=uid(20),
        name="Salim bin Mohammed AlMalik",
        slug="salim-almalik",
        honorific="Dr.",
        given_name="Salim",
        family_name="AlMalik",
        summary="Director-General of ICESCO since 2019.",
        note="Named AlMalik or Al-Malik in the sources.",
    )
    namesake = PersonFactory(uuid=uid(21), name="S. AlMalik", slug="s-almalik")
    salim.possibly_same_as.add(namesake)
    director = PositionFactory(
        uuid=uid(31),
        person=salim,
        post=PostFactory(organisation=icesco, title="Director-General"),
        start_date=dt.date(2019, 5, 1),
        start_date_precision=MONTH,
        attested_from=dt.date(2021, 1, 14),
    )
    PositionFactory(
        uuid=uid(30),
        person=salim,
        post=PostFactory(organisation=ministry, title="Adviser"),
        start_date=dt.date(2015, 1, 1),
        start_date_precision=YEAR,
        end_date=dt.date(2019, 4, 30),
        end_date_precision=MONTH,
        attested_from=dt.date(2016, 3, 2),
        attested_to=dt.date(2018, 12, 31),
        attested_to_precision=YEAR,
    )
    older = EventFactory(uuid=uid(40), title="Meeting in Rabat", start_date=dt.date(2021, 1, 14))
    newer = EventFactory(uuid=uid(41), title="Visit to Baku", start_date=dt.date(2025, 4, 29))
    ParticipationFactory(event=older, person=salim)
    ParticipationFactory(event=newer, person=salim, role=ParticipationRole.DELEGATION_HEAD)
    source = SourceFactory(
        uuid=uid(70),
        title="ICESCO elects its Director-General",
        slug="icesco-elects-dg",
        text="Dr. Salim M. AlMalik was elected Director-General in May 2019. He took office at once.",
    )
    CitationFactory(record=salim, source=source, quote="Dr. Salim M. AlMalik was elected Director-General")
    CitationFactory(record=director, source=source, field="start_date", quote="elected Director-General in May 2019")
    AlternateNameFactory(record=salim, name="Salim M. AlMalik", language="en", kind=AlternateNameKind.SPELLING_VARIANT)
    Person.objects.filter(pk=salim.pk).update(updated_at=FROZEN)
    return salim


DIRECTOR_GENERAL_LIST_ITEM = {
    "id": str(uid(20)),
    "slug": "salim-almalik",
    "url": f"{API}/people/{uid(20)}/",
    "html_url": "http://testserver/people/salim-almalik/",
    "updated_at": FROZEN_IN_BAKU,
    "name": "Salim bin Mohammed AlMalik",
    "honorific": "Dr.",
    "given_name": "Salim",
    "family_name": "AlMalik",
    "summary": "Director-General of ICESCO since 2019.",
    "positions": [
        {
            "id": str(uid(30)),
            "post": {"title": "Adviser", "organisation": summary("organisations", 11, "Ministry of Education")},
            "start_date": "2015",
            "start_date_precision": "year",
            "end_date": "2019-04",
            "end_date_precision": "month",
            "attested_from": "2016-03-02",
            "attested_from_precision": "day",
            "attested_to": "2018",
            "attested_to_precision": "year",
        },
        {
            "id": str(uid(31)),
            "post": {"title": "Director-General", "organisation": summary("organisations", 10, "ICESCO")},
            "start_date": "2019-05",
            "start_date_precision": "month",
            "end_date": None,
            "end_date_precision": None,
            "attested_from": "2021-01-14",
            "attested_from_precision": "day",
            "attested_to": None,
            "attested_to_precision": None,
        },
    ],
    "possibly_same_as": [summary("people", 21, "S. AlMalik")],
}

DIRECTOR_GENERAL_DETAIL = {
    **DIRECTOR_GENERAL_LIST_ITEM,
    # In the detail, each post held with the quotes behind it.
    "positions": [
        {**DIRECTOR_GENERAL_LIST_ITEM["positions"][0], "citations": []},
        {
            **DIRECTOR_GENERAL_LIST_ITEM["positions"][1],
            "citations": [
                {
                    "source": summary("sources", 70, "ICESCO elects its Director-General"),
                    "quote": "elected Director-General in May 2019",
                    "field": "start_date",
                }
            ],
        },
    ],
    "events": [summary("events", 41, "Visit to Baku"), summary("events", 40, "Meeting in Rabat")],
    "events_url": "http://testserver/api/v1/events/?person=salim-almalik",
    "alternate_names": [{"name": "Salim M. AlMalik", "kind": "spelling_variant", "language": "en"}],
    "citations": [
        {
            "source": summary("sources", 70, "ICESCO elects its Director-General"),
            "quote": "Dr. Salim M. AlMalik was elected Director-General",
            "field": "",
        }
    ],
    "note": "Named AlMalik or Al-Malik in the sources.",
}
# Every language's text of its translated fields: English only, as none is translated.
DIRECTOR_GENERAL_DETAIL["translations"] = {
    "en": {
        field: DIRECTOR_GENERAL_DETAIL[field]
        for field in ("name", "honorific", "summary")
        if DIRECTOR_GENERAL_DETAIL[field]
    }
}


def test_person_detail_is_the_whole_documented_object(api, director_general):
    response = api.get(f"/api/v1/people/{director_general.uuid}/")

    assert response.status_code == 200
    assert response.json() == DIRECTOR_GENERAL_DETAIL


def test_person_detail_by_slug_is_the_same_object_as_by_id(api, director_general):
    assert api.get("/api/v1/people/salim-almalik/").json() == DIRECTOR_GENERAL_DETAIL


def test_person_list_item_is_the_whole_documented_object_without_the_detail_fields(api, director_general):
    response = api.get("/api/v1/people/", {"q": "Salim bin Mohammed"})

    assert response.json() == {
        "count": 1,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [DIRECTOR_GENERAL_LIST_ITEM],
    }


def test_a_persons_positions_come_earliest_first_whether_their_dates_are_stated_or_attested(api):
    person = PersonFactory(slug="anar")
    PositionFactory(person=person, post__title="Minister", attested_from=dt.date(2021, 1, 14))
    PositionFactory(person=person, post__title="Deputy minister", start_date=dt.date(2015, 3, 1))

    positions = api.get("/api/v1/people/anar/").json()["positions"]

    assert [position["post"]["title"] for position in positions] == ["Deputy minister", "Minister"]


# --- Filters --------------------------------------------------------------------------------------


@pytest.fixture
def directory_of_people():
    """salim: a post in an ICESCO office, at the visit, a party to the chair; maryam: a minister, at the
    meeting; leyla: nothing, and not changed since 2024."""
    icesco = OrganisationFactory(uuid=uid(1), name="ICESCO", slug="icesco")
    office = OrganisationFactory(name="ICESCO office in Baku", slug="icesco-baku", parent=icesco)
    ministry = OrganisationFactory(name="Ministry of Culture", slug="ministry-of-culture")
    visit = EventFactory(uuid=uid(2), slug="baku-visit")
    meeting = EventFactory(slug="rabat-meeting")
    chair = InitiativeFactory(uuid=uid(3), slug="icesco-chair")
    salim = PersonFactory(name="Salim AlMalik", slug="salim", summary="Heads the ICESCO office.")
    maryam = PersonFactory(name="Maryam Qafar-zadə", slug="maryam")
    leyla = PersonFactory(name="Leyla Aliyeva", slug="leyla")
    PositionFactory(person=salim, post=PostFactory(organisation=office))
    PositionFactory(person=maryam, post=PostFactory(organisation=ministry))
    ParticipationFactory(event=visit, person=salim)
    ParticipationFactory(event=meeting, person=maryam)
    InitiativePartyFactory(initiative=chair, organisation=None, person=salim, role=PartyRole.PRESENTER)
    Person.objects.filter(pk__in=[salim.pk, maryam.pk]).update(updated_at=FROZEN)
    Person.objects.filter(pk=leyla.pk).update(updated_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["leyla", "maryam", "salim"]),
        ({"organisation": "icesco-baku"}, ["salim"]),
        ({"organisation": "icesco"}, ["salim"]),
        ({"organisation": str(uid(1))}, ["salim"]),
        ({"organisation": "ministry-of-culture"}, ["maryam"]),
        ({"organisation": "icesco,ministry-of-culture"}, ["maryam", "salim"]),
        ({"event": "baku-visit"}, ["salim"]),
        ({"event": str(uid(2))}, ["salim"]),
        ({"event": "rabat-meeting"}, ["maryam"]),
        ({"event": f"rabat-meeting,{uid(2)}"}, ["maryam", "salim"]),
        ({"initiative": "icesco-chair"}, ["salim"]),
        ({"initiative": str(uid(3))}, ["salim"]),
        ({"updated_since": "2025-01-01T00:00:00Z"}, ["maryam", "salim"]),
        ({"updated_since": "2024-01-01"}, ["leyla", "maryam", "salim"]),
        ({"updated_since": "2026-01-01T00:00:00+04:00"}, []),
        ({"q": "Aliyeva"}, ["leyla"]),
        ({"q": "office"}, ["salim"]),
        ({"q": "nobody"}, []),
        ({"q": "maryam", "organisation": "ministry-of-culture"}, ["maryam"]),
        ({"q": "maryam", "organisation": "icesco"}, []),
    ],
)
def test_people_filters_keep_the_matching_people_and_only_those(api, directory_of_people, params, expected):
    response = api.get("/api/v1/people/", params)

    assert response.status_code == 200, response.content
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


# --- Forgiving search -----------------------------------------------------------------------------


@pytest.fixture
def namesakes():
    salim = PersonFactory(name="Salim bin Mohammed AlMalik", slug="salim")
    AlternateNameFactory(record=salim, name="Salim M. AlMalik")
    PersonFactory(name="Maryam Qafar-zadə", slug="maryam")
    PersonFactory(name="Anar Karimov", slug="anar")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AlMalik", ["salim"]),
        ("Al-Malik", ["salim"]),
        ("almalik", ["salim"]),
        ("ALMALIK", ["salim"]),
        ("Salim M. AlMalik", ["salim"]),
        ("Salim bin Mohammed AlMalik", ["salim"]),
        ("Qafarzade", ["maryam"]),
        ("qafar-zade", ["maryam"]),
        ("Qafar-zadə", ["maryam"]),
        ("QAFARZADƏ", ["maryam"]),
        ("Maryam Qafarzade", ["maryam"]),
        ("Karimov", ["anar"]),
        ("Huseynov", []),
    ],
)
def test_search_finds_a_person_under_each_spelling_of_the_name(api, namesakes, query, expected):
    response = api.get("/api/v1/people/", {"q": query})

    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


def test_search_follows_an_alternate_name_added_after_the_person(api):
    person = PersonFactory(name="Salim bin Mohammed AlMalik", slug="salim")
    assert slugs(api.get("/api/v1/people/", {"q": "Salim M. AlMalik"})) == ["salim"]
    assert slugs(api.get("/api/v1/people/", {"q": "Al-Mudir"})) == []

    AlternateNameFactory(record=person, name="Al-Mudir")

    assert slugs(api.get("/api/v1/people/", {"q": "almudir"})) == ["salim"]


# --- Drafts ---------------------------------------------------------------------------------------


def test_a_draft_person_is_absent_from_the_list_its_count_and_search(api):
    PersonFactory(name="Anar Karimov", slug="anar")
    PersonFactory(name="Anar Unconfirmed", slug="anar-unconfirmed", publication_status=DRAFT)

    listed = api.get("/api/v1/people/").json()
    searched = api.get("/api/v1/people/", {"q": "Anar"}).json()

    assert [person["slug"] for person in listed["results"]] == ["anar"]
    assert listed["count"] == 1
    assert [person["slug"] for person in searched["results"]] == ["anar"]
    assert searched["count"] == 1
    assert api.get("/api/v1/people/", {"q": "Unconfirmed"}).json()["results"] == []


def test_a_draft_person_detail_answers_404_by_id_and_by_slug(api):
    draft = PersonFactory(slug="anar-unconfirmed", publication_status=DRAFT)

    for address in [f"/api/v1/people/{draft.uuid}/", "/api/v1/people/anar-unconfirmed/"]:
        response = api.get(address)
        assert response.status_code == 404
        assert response.json()["status"] == 404
        assert "anar-unconfirmed" not in response.content.decode()


def test_drafts_are_absent_from_what_a_published_person_embeds(api):
    person = PersonFactory(name="Anar Karimov", slug="anar")
    PositionFactory(person=person, post=PostFactory(title="Minister", organisation=OrganisationFactory()))
    PositionFactory(
        person=person,
        post=PostFactory(title="Secret post", organisation=OrganisationFactory(publication_status=DRAFT)),
    )
    person.possibly_same_as.add(
        PersonFactory(name="Anar K."), PersonFactory(name="Unconfirmed namesake", publication_status=DRAFT)
    )
    ParticipationFactory(person=person, event=EventFactory(title="Public meeting"))
    ParticipationFactory(person=person, event=EventFactory(title="Draft meeting", publication_status=DRAFT))
    CitationFactory(record=person, source=SourceFactory(title="Published article"))
    CitationFactory(record=person, source=SourceFactory(title="Unchecked article", publication_status=DRAFT))

    detail = api.get("/api/v1/people/anar/").json()
    listed = api.get("/api/v1/people/", {"q": "anar"}).json()["results"]

    assert [position["post"]["title"] for position in detail["positions"]] == ["Minister"]
    assert [namesake["name"] for namesake in detail["possibly_same_as"]] == ["Anar K."]
    assert [event["name"] for event in detail["events"]] == ["Public meeting"]
    assert [citation["source"]["name"] for citation in detail["citations"]] == ["Published article"]
    anar = next(person for person in listed if person["slug"] == "anar")
    assert [position["post"]["title"] for position in anar["positions"]] == ["Minister"]
    assert [namesake["name"] for namesake in anar["possibly_same_as"]] == ["Anar K."]


# --- Query counts ---------------------------------------------------------------------------------

# Smallest bounds that pass. About half are per request, whatever the data: savepoints, the rate
# limiter's cache rows, Last-Modified's data version; the rest are the count, the page and one per prefetch.
PEOPLE_LIST_QUERIES = 13 + TOTAL_LIMIT_QUERIES
PERSON_DETAIL_QUERIES = 15


@pytest.fixture
def many_people():
    """210 people, each with two posts in an organisation that is part of another, and a namesake."""
    parent = OrganisationFactory()
    organisations = [OrganisationFactory(parent=parent) for _ in range(3)]
    people = PersonFactory.create_batch(210)
    for number, person in enumerate(people):
        PositionFactory(person=person, post=PostFactory(organisation=organisations[number % 3]))
        PositionFactory(person=person, post=PostFactory(organisation=organisations[(number + 1) % 3]))
        person.possibly_same_as.add(people[number - 1])


def test_the_people_list_runs_the_same_number_of_queries_for_one_person_or_two_hundred(
    api, many_people, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PEOPLE_LIST_QUERIES):
        one = api.get("/api/v1/people/", {"page_size": 1}).json()
    with django_assert_max_num_queries(PEOPLE_LIST_QUERIES):
        many = api.get("/api/v1/people/", {"page_size": 200}).json()

    assert one["count"] == many["count"] == 210
    assert len(one["results"]) == 1
    assert len(many["results"]) == 200
    assert all(len(person["positions"]) == 2 for person in many["results"])
    assert all(len(person["possibly_same_as"]) == 2 for person in many["results"])


def make_person_with_positions(count):
    person = PersonFactory()
    for _ in range(count):
        PositionFactory(person=person)
        ParticipationFactory(person=person, on_behalf_of=OrganisationFactory())
        person.possibly_same_as.add(PersonFactory())
        CitationFactory(record=person)
        AlternateNameFactory(record=person)
    return person


def test_a_person_detail_runs_a_bounded_number_of_queries_whatever_their_positions_and_events(
    api, django_assert_max_num_queries
):
    small, large = make_person_with_positions(1), make_person_with_positions(30)

    with django_assert_max_num_queries(PERSON_DETAIL_QUERIES):
        small_body = api.get(f"/api/v1/people/{small.uuid}/").json()
    with django_assert_max_num_queries(PERSON_DETAIL_QUERIES):
        large_body = api.get(f"/api/v1/people/{large.uuid}/").json()

    assert len(small_body["positions"]) == len(small_body["events"]) == 1
    assert len(large_body["positions"]) == len(large_body["citations"]) == 30
    assert len(large_body["events"]) == SECTION_LIMIT  # the newest; the rest are a list away
    assert large_body["events_url"] == f"http://testserver/api/v1/events/?person={large_body['slug']}"
    assert len(large_body["possibly_same_as"]) == len(large_body["alternate_names"]) == 30
