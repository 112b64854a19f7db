"""Floor 1's collections in the JSON API (organisations, initiatives, sources, places): forgiving
search, drafts, query counts and stable pages."""

import pytest

from cooperation.core.citations import AlternateNameKind
from cooperation.core.records import PublicationStatus
from cooperation.models import (
    Initiative,
    Organisation,
    OrganisationKind,
    PartyRole,
    Place,
    PlaceKind,
    RelationKind,
    Source,
)
from tests.api_support import slugs
from tests.count_support import TOTAL_LIMIT_QUERIES
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT

# --- Forgiving search -----------------------------------------------------------------------------


def test_search_finds_an_organisation_by_its_acronym(api):
    OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO", slug="icesco"
    )
    OrganisationFactory(name="United Nations Educational, Scientific and Cultural Organization", slug="unesco")

    for query in ["ICESCO", "icesco", "Icesco"]:
        assert slugs(api.get("/api/v1/organisations/", {"q": query})) == ["icesco"]
    assert slugs(api.get("/api/v1/organisations/", {"q": "Scientific"})) == ["icesco", "unesco"]
    assert slugs(api.get("/api/v1/organisations/", {"q": "ISESCO"})) == []


def test_search_finds_an_organisation_through_an_alternate_name_added_after_it_was_created(api):
    organisation = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", slug="icesco"
    )
    assert slugs(api.get("/api/v1/organisations/", {"q": "ICESCO"})) == []

    AlternateNameFactory(record=organisation, name="ICESCO", kind=AlternateNameKind.ACRONYM)

    assert slugs(api.get("/api/v1/organisations/", {"q": "ICESCO"})) == ["icesco"]
    assert slugs(api.get("/api/v1/organisations/", {"q": "icesco"})) == ["icesco"]


def test_search_finds_an_azerbaijani_name_without_its_letters_and_hyphens(api):
    OrganisationFactory(name="Heydər Əliyev Fondu", slug="foundation")
    PlaceFactory(name="Şəki", slug="sheki")
    InitiativeFactory(title="Qafar-zadə bursary", slug="bursary")

    assert slugs(api.get("/api/v1/organisations/", {"q": "Heyder Eliyev"})) == ["foundation"]
    assert slugs(api.get("/api/v1/places/", {"q": "Seki"})) == ["sheki"]
    assert slugs(api.get("/api/v1/initiatives/", {"q": "Qafarzade"})) == ["bursary"]
    assert slugs(api.get("/api/v1/initiatives/", {"q": "qafar-zade"})) == ["bursary"]


# --- Drafts ---------------------------------------------------------------------------------------

DRAFT_CASES = [
    ("organisations", OrganisationFactory, {"name": "Unconfirmed Foundation"}),
    ("initiatives", InitiativeFactory, {"title": "Unconfirmed Programme"}),
    ("sources", SourceFactory, {"title": "Unconfirmed Article"}),
    ("places", PlaceFactory, {"name": "Unconfirmed Village"}),
]


@pytest.mark.parametrize(("collection", "factory", "fields"), DRAFT_CASES)
def test_a_draft_record_is_absent_from_the_list_its_count_and_search(api, collection, factory, fields):
    factory(slug="public", **{key: value.replace("Unconfirmed", "Confirmed") for key, value in fields.items()})
    factory(slug="draft", publication_status=DRAFT, **fields)

    listed = api.get(f"/api/v1/{collection}/").json()
    found = api.get(f"/api/v1/{collection}/", {"q": "Unconfirmed"}).json()

    assert [record["slug"] for record in listed["results"]] == ["public"]
    assert listed["count"] == 1
    assert found == {"count": 0, "count_estimated": False, "next": None, "previous": None, "results": []}
    assert [record["slug"] for record in api.get(f"/api/v1/{collection}/", {"q": "Confirmed"}).json()["results"]] == [
        "public"
    ]


@pytest.mark.parametrize(("collection", "factory", "fields"), DRAFT_CASES)
def test_a_draft_record_detail_answers_404_by_id_and_by_slug(api, collection, factory, fields):
    draft = factory(slug="draft", publication_status=DRAFT, **fields)

    for address in [f"/api/v1/{collection}/{draft.uuid}/", f"/api/v1/{collection}/draft/"]:
        response = api.get(address)
        assert response.status_code == 404
        assert response.json()["status"] == 404
        assert "Unconfirmed" not in response.content.decode()


def test_drafts_are_absent_from_what_a_published_organisation_embeds(api):
    organisation = OrganisationFactory(
        slug="ministry",
        parent=OrganisationFactory(name="Draft cabinet", publication_status=DRAFT),
        country=PlaceFactory(name="Draft country", kind=PlaceKind.COUNTRY, publication_status=DRAFT),
    )
    OrganisationFactory(name="Public department", parent=organisation)
    OrganisationFactory(name="Draft department", parent=organisation, publication_status=DRAFT)
    OrganisationRelationFactory(subject=organisation, object=OrganisationFactory(name="Public partner"))
    OrganisationRelationFactory(
        subject=organisation, object=OrganisationFactory(name="Draft partner", publication_status=DRAFT)
    )
    CitationFactory(record=organisation, source=SourceFactory(title="Published article"))
    CitationFactory(record=organisation, source=SourceFactory(title="Unchecked article", publication_status=DRAFT))

    detail = api.get("/api/v1/organisations/ministry/").json()
    listed = next(o for o in api.get("/api/v1/organisations/").json()["results"] if o["slug"] == "ministry")

    for body in (detail, listed):
        assert body["parent"] is None
        assert body["country"] is None
        assert [child["name"] for child in body["children"]] == ["Public department"]
        assert [relation["organisation"]["name"] for relation in body["relations"]] == ["Public partner"]
    assert [citation["source"]["name"] for citation in detail["citations"]] == ["Published article"]
    assert "Draft" not in api.get("/api/v1/organisations/ministry/").content.decode()


def test_drafts_are_absent_from_what_a_published_initiative_embeds(api):
    initiative = InitiativeFactory(
        slug="chair",
        lead_organisation=OrganisationFactory(name="Draft lead", publication_status=DRAFT),
        parent=InitiativeFactory(title="Draft programme", publication_status=DRAFT),
    )
    initiative.places.add(PlaceFactory(name="Public city"), PlaceFactory(name="Draft city", publication_status=DRAFT))
    InitiativePartyFactory(initiative=initiative, organisation=OrganisationFactory(name="Public partner"))
    InitiativePartyFactory(
        initiative=initiative, organisation=OrganisationFactory(name="Draft partner", publication_status=DRAFT)
    )
    InitiativePartyFactory(
        initiative=initiative,
        organisation=None,
        person=PersonFactory(name="Draft presenter", publication_status=DRAFT),
        role=PartyRole.PRESENTER,
    )
    InitiativeFactory(title="Public school", parent=initiative)
    InitiativeFactory(title="Draft school", parent=initiative, publication_status=DRAFT)
    CitationFactory(record=initiative, source=SourceFactory(title="Published article"))
    CitationFactory(record=initiative, source=SourceFactory(title="Draft article", publication_status=DRAFT))

    detail = api.get("/api/v1/initiatives/chair/").json()
    listed = next(i for i in api.get("/api/v1/initiatives/").json()["results"] if i["slug"] == "chair")

    for body in (detail, listed):
        assert body["lead_organisation"] is None
        assert body["parent"] is None
        assert [place["name"] for place in body["places"]] == ["Public city"]
        assert [party["organisation"]["name"] for party in body["parties"]] == ["Public partner"]
    assert [child["name"] for child in detail["children"]] == ["Public school"]
    assert [citation["source"]["name"] for citation in detail["citations"]] == ["Published article"]
    assert "Draft" not in api.get("/api/v1/initiatives/chair/").content.decode()


def test_drafts_are_absent_from_what_a_published_source_embeds(api):
    source = SourceFactory(
        slug="article",
        publisher=OrganisationFactory(name="Draft agency", publication_status=DRAFT),
        author=PersonFactory(name="Draft reporter", publication_status=DRAFT),
        text="The minister arrived. The delegation left.",
    )
    CitationFactory(record=EventFactory(title="Public visit"), source=source, quote="The minister arrived")
    CitationFactory(
        record=EventFactory(title="Draft visit", publication_status=DRAFT), source=source, quote="The delegation left"
    )
    draft_person = PersonFactory(name="Draft minister", publication_status=DRAFT)
    CitationFactory(record=draft_person, source=source, quote="The minister")

    detail = api.get("/api/v1/sources/article/").json()
    listed = api.get("/api/v1/sources/").json()["results"][0]

    for body in (detail, listed):
        assert body["publisher"] is None
        assert body["author"] is None
    assert [(quote["quote"], quote["record"]["name"]) for quote in detail["quotes"]] == [
        ("The minister arrived", "Public visit")
    ]
    assert "Draft" not in api.get("/api/v1/sources/article/").content.decode()


def test_drafts_are_absent_from_what_a_published_place_embeds(api):
    place = PlaceFactory(slug="baku", parent=PlaceFactory(name="Draft country", publication_status=DRAFT))
    PlaceFactory(name="Public museum", parent=place, kind=PlaceKind.VENUE)
    PlaceFactory(name="Draft museum", parent=place, kind=PlaceKind.VENUE, publication_status=DRAFT)
    CitationFactory(record=place, source=SourceFactory(title="Published article"))
    CitationFactory(record=place, source=SourceFactory(title="Draft article", publication_status=DRAFT))

    detail = api.get("/api/v1/places/baku/").json()
    listed = next(p for p in api.get("/api/v1/places/").json()["results"] if p["slug"] == "baku")

    assert detail["parent"] is None
    assert listed["parent"] is None
    assert [child["name"] for child in detail["children"]] == ["Public museum"]
    assert [citation["source"]["name"] for citation in detail["citations"]] == ["Published article"]
    assert "Draft" not in api.get("/api/v1/places/baku/").content.decode()


# --- Query counts ---------------------------------------------------------------------------------

# Smallest bounds that pass. About half are per request, whatever the data: savepoints, the rate
# limiter's cache rows, Last-Modified's data version; the rest are the count, the page and one per prefetch.
LIST_QUERIES = {
    name: queries + TOTAL_LIMIT_QUERIES
    for name, queries in {"organisations": 13, "initiatives": 13, "sources": 11, "places": 11}.items()
}


def many_organisations():
    """210 organisations, each in a parent with a country and headquarters, with a child and two relations."""
    country = PlaceFactory(kind=PlaceKind.COUNTRY)
    city = PlaceFactory(parent=country)
    parent = OrganisationFactory(country=country, headquarters=city)
    partners = OrganisationFactory.create_batch(2)
    for _ in range(104):
        organisation = OrganisationFactory(parent=parent, country=country, headquarters=city)
        OrganisationFactory(parent=organisation)
        for partner in partners:
            OrganisationRelationFactory(subject=organisation, object=partner, kind=RelationKind.PARTNER_OF)


def many_initiatives():
    """210 initiatives, each in a programme, led by an organisation, in two places, with two parties."""
    places = PlaceFactory.create_batch(2)
    lead = OrganisationFactory()
    person = PersonFactory()
    programme = InitiativeFactory(lead_organisation=lead)
    for _ in range(209):
        initiative = InitiativeFactory(parent=programme, lead_organisation=lead)
        initiative.places.add(*places)
        InitiativePartyFactory(initiative=initiative, organisation=lead, role=PartyRole.LEAD)
        InitiativePartyFactory(initiative=initiative, organisation=None, person=person)


def many_sources():
    """210 sources, each with a publisher and an author."""
    publisher = OrganisationFactory(kind=OrganisationKind.MEDIA)
    author = PersonFactory()
    SourceFactory.create_batch(210, publisher=publisher, author=author)


def many_places():
    """210 places: cities in countries and venues in cities."""
    for _ in range(70):
        country = PlaceFactory(kind=PlaceKind.COUNTRY)
        city = PlaceFactory(parent=country)
        PlaceFactory(parent=city, kind=PlaceKind.VENUE)


@pytest.mark.parametrize(
    ("collection", "make", "model"),
    [
        ("organisations", many_organisations, Organisation),
        ("initiatives", many_initiatives, Initiative),
        ("sources", many_sources, Source),
        ("places", many_places, Place),
    ],
)
def test_a_list_runs_the_same_number_of_queries_for_one_record_or_two_hundred(
    api, django_assert_max_num_queries, collection, make, model
):
    make()
    total = model.objects.published().count()

    with django_assert_max_num_queries(LIST_QUERIES[collection]):
        one = api.get(f"/api/v1/{collection}/", {"page_size": 1}).json()
    with django_assert_max_num_queries(LIST_QUERIES[collection]):
        many = api.get(f"/api/v1/{collection}/", {"page_size": 200}).json()

    assert total >= 210
    assert one["count"] == many["count"] == total
    assert len(one["results"]) == 1
    assert len(many["results"]) == 200


# --- Stable pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "make", "ordering"),
    [
        ("organisations", lambda: OrganisationFactory.create_batch(7, name="Ministry"), ""),
        ("initiatives", lambda: InitiativeFactory.create_batch(7, title="Chair"), ""),
        ("initiatives", lambda: InitiativeFactory.create_batch(7, title="Chair"), "-status,kind"),
        ("sources", lambda: SourceFactory.create_batch(7), "-published_date"),
        ("places", lambda: PlaceFactory.create_batch(7, name="Baku"), ""),
        ("places", lambda: PlaceFactory.create_batch(7, name="Baku"), "-kind,name"),
    ],
)
def test_walking_every_page_of_records_with_equal_sort_keys_gives_each_exactly_once(api, collection, make, ordering):
    make()
    full = [record["id"] for record in api.get(f"/api/v1/{collection}/", {"ordering": ordering}).json()["results"]]
    walked = []
    for page in (1, 2, 3, 4):
        body = api.get(f"/api/v1/{collection}/", {"ordering": ordering, "page_size": 2, "page": page}).json()
        walked += [record["id"] for record in body["results"]]

    assert body["next"] is None
    assert walked == full
    assert len(set(walked)) == 7
