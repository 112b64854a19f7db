"""Floor 1's collections in the JSON API (organisations, initiatives, sources, places): the documented
shape, filters, forgiving search, drafts, query counts and stable pages."""

import datetime as dt
from decimal import Decimal

import pytest

from cooperation.core.citations import AlternateNameKind
from cooperation.core.dates import DatePrecision
from cooperation.core.records import PublicationStatus
from cooperation.models import (
    Initiative,
    InitiativeKind,
    InitiativeStatus,
    Organisation,
    OrganisationKind,
    PartyRole,
    Place,
    PlaceKind,
    RelationKind,
    Source,
    SourceKind,
)
from events.models import ParticipationRole
from tests.api_support import API, FROZEN_IN_BAKU, freeze, slugs, summary, uid
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
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
LONG_AGO = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


# --- Pinned shapes --------------------------------------------------------------------------------


@pytest.fixture
def azerbaijan_and_baku():
    azerbaijan = PlaceFactory(
        uuid=uid(1), name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY, country_code="AZ"
    )
    baku = PlaceFactory(uuid=uid(2), name="Baku", slug="baku", parent=azerbaijan)
    return azerbaijan, baku


@pytest.fixture
def national_commission(azerbaijan_and_baku):
    azerbaijan, baku = azerbaijan_and_baku
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco", acronym="ICESCO")
    ministry = OrganisationFactory(
        uuid=uid(11), name="Ministry of Science and Education", slug="ministry", kind=OrganisationKind.MINISTRY
    )
    unesco_commission = OrganisationFactory(uuid=uid(12), name="National Commission for UNESCO", slug="unesco-natcom")
    commission = OrganisationFactory(
        uuid=uid(100),
        name="Azerbaijan National Commission for ICESCO",
        slug="national-commission",
        kind=OrganisationKind.GOVERNMENT_OFFICE,
        parent=ministry,
        country=azerbaijan,
        headquarters=baku,
        website="https://natcom.example.az/",
        founded_date=dt.date(1992, 1, 1),
        founded_date_precision=YEAR,
        description="Coordinates Azerbaijan's work with ICESCO.",
        note="Founding year from the ministry's site.",
    )
    OrganisationFactory(uuid=uid(101), name="Secretariat", slug="secretariat", parent=commission)
    OrganisationRelationFactory(
        uuid=uid(81),
        subject=commission,
        kind=RelationKind.PARTNER_OF,
        object=unesco_commission,
        start_date=dt.date(2021, 1, 14),
        start_date_precision=DAY,
        end_date=dt.date(2024, 12, 31),
        end_date_precision=MONTH,
    )
    OrganisationRelationFactory(
        uuid=uid(80),
        subject=commission,
        kind=RelationKind.AFFILIATED_WITH,
        object=icesco,
        start_date=dt.date(1992, 1, 1),
        start_date_precision=YEAR,
    )
    source = SourceFactory(
        uuid=uid(70),
        title="The National Commission",
        slug="national-commission-page",
        text="The National Commission was set up in 1992. It works with ICESCO.",
    )
    CitationFactory(record=commission, source=source, quote="The National Commission was set up in 1992")
    CitationFactory(record=commission, source=source, field="founded_date", quote="set up in 1992")
    AlternateNameFactory(record=commission, name="AzNatCom", language="", kind=AlternateNameKind.ACRONYM)
    freeze(commission)
    return commission


NATIONAL_COMMISSION_LIST_ITEM = {
    "id": str(uid(100)),
    "slug": "national-commission",
    "url": f"{API}/organisations/{uid(100)}/",
    "html_url": "http://testserver/organisations/national-commission/",
    "updated_at": FROZEN_IN_BAKU,
    "name": "Azerbaijan National Commission for ICESCO",
    "acronym": "",
    "kind": "government_office",
    "parent": summary("organisations", 11, "Ministry of Science and Education"),
    "children": [summary("organisations", 101, "Secretariat")],
    "country": summary("places", 1, "Azerbaijan"),
    "headquarters": summary("places", 2, "Baku"),
    "website": "https://natcom.example.az/",
    "founded_date": "1992",
    "founded_date_precision": "year",
    "relations": [
        {
            "id": str(uid(80)),
            "kind": "affiliated_with",
            "organisation": summary("organisations", 10, "ICESCO"),
            "start_date": "1992",
            "start_date_precision": "year",
            "end_date": None,
            "end_date_precision": None,
        },
        {
            "id": str(uid(81)),
            "kind": "partner_of",
            "organisation": summary("organisations", 12, "National Commission for UNESCO"),
            "start_date": "2021-01-14",
            "start_date_precision": "day",
            "end_date": "2024-12",
            "end_date_precision": "month",
        },
    ],
}

NATIONAL_COMMISSION_DETAIL = {
    **NATIONAL_COMMISSION_LIST_ITEM,
    "description": "Coordinates Azerbaijan's work with ICESCO.",
    "alternate_names": [{"name": "AzNatCom", "kind": "acronym", "language": ""}],
    "citations": [
        {
            "source": summary("sources", 70, "The National Commission"),
            "quote": "The National Commission was set up in 1992",
            "field": "",
        },
        {
            "source": summary("sources", 70, "The National Commission"),
            "quote": "set up in 1992",
            "field": "founded_date",
        },
    ],
    "note": "Founding year from the ministry's site.",
}


def test_organisation_detail_is_the_whole_documented_object(api, national_commission):
    by_id = api.get(f"/api/v1/organisations/{uid(100)}/")
    by_slug = api.get("/api/v1/organisations/national-commission/")

    assert by_id.status_code == 200
    assert by_id.json() == NATIONAL_COMMISSION_DETAIL
    assert by_slug.json() == NATIONAL_COMMISSION_DETAIL


def test_organisation_list_item_is_the_whole_documented_object_without_the_detail_fields(api, national_commission):
    response = api.get("/api/v1/organisations/", {"kind": "government_office"})

    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [NATIONAL_COMMISSION_LIST_ITEM],
    }


@pytest.fixture
def heritage_chair(azerbaijan_and_baku):
    _azerbaijan, baku = azerbaijan_and_baku
    ganja = PlaceFactory(uuid=uid(3), name="Ganja", slug="ganja")
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    salim = PersonFactory(uuid=uid(20), name="Salim AlMalik", slug="salim")
    programme = InitiativeFactory(uuid=uid(301), title="ICESCO Chairs programme", slug="chairs-programme")
    chair = InitiativeFactory(
        uuid=uid(300),
        title="ICESCO Chair in Azerbaijani Heritage",
        slug="heritage-chair",
        kind=InitiativeKind.PROJECT,
        status=InitiativeStatus.ACTIVE,
        start_date=dt.date(2023, 1, 1),
        start_date_precision=YEAR,
        end_date=dt.date(2025, 6, 30),
        end_date_precision=MONTH,
        lead_organisation=icesco,
        parent=programme,
        description="A university chair for the study of heritage.",
        note="The end is the close of the first term.",
    )
    chair.places.add(ganja, baku)
    InitiativePartyFactory(initiative=chair, organisation=None, person=salim, role=PartyRole.PRESENTER)
    InitiativePartyFactory(initiative=chair, organisation=icesco, role=PartyRole.LEAD)
    InitiativeFactory(uuid=uid(302), title="Heritage summer school", slug="summer-school", parent=chair)
    source = SourceFactory(
        uuid=uid(70), title="Chair opens", slug="chair-opens", text="The chair opened in 2023. Salim presented it."
    )
    CitationFactory(record=chair, source=source, quote="The chair opened in 2023")
    AlternateNameFactory(record=chair, name="Heritage Chair", language="en", kind=AlternateNameKind.SPELLING_VARIANT)
    freeze(chair)
    return chair


HERITAGE_CHAIR_LIST_ITEM = {
    "id": str(uid(300)),
    "slug": "heritage-chair",
    "url": f"{API}/initiatives/{uid(300)}/",
    "html_url": "http://testserver/initiatives/heritage-chair/",
    "updated_at": FROZEN_IN_BAKU,
    "title": "ICESCO Chair in Azerbaijani Heritage",
    "kind": "project",
    "status": "active",
    "start_date": "2023",
    "start_date_precision": "year",
    "end_date": "2025-06",
    "end_date_precision": "month",
    "lead_organisation": summary("organisations", 10, "ICESCO"),
    "parent": summary("initiatives", 301, "ICESCO Chairs programme"),
    "places": [summary("places", 2, "Baku"), summary("places", 3, "Ganja")],
    "parties": [
        {"role": "lead", "organisation": summary("organisations", 10, "ICESCO"), "person": None},
        {"role": "presenter", "organisation": None, "person": summary("people", 20, "Salim AlMalik")},
    ],
}

HERITAGE_CHAIR_DETAIL = {
    **HERITAGE_CHAIR_LIST_ITEM,
    "description": "A university chair for the study of heritage.",
    "children": [summary("initiatives", 302, "Heritage summer school")],
    "alternate_names": [{"name": "Heritage Chair", "kind": "spelling_variant", "language": "en"}],
    "citations": [{"source": summary("sources", 70, "Chair opens"), "quote": "The chair opened in 2023", "field": ""}],
    "note": "The end is the close of the first term.",
}


def test_initiative_detail_is_the_whole_documented_object(api, heritage_chair):
    by_id = api.get(f"/api/v1/initiatives/{uid(300)}/")
    by_slug = api.get("/api/v1/initiatives/heritage-chair/")

    assert by_id.status_code == 200
    assert by_id.json() == HERITAGE_CHAIR_DETAIL
    assert by_slug.json() == HERITAGE_CHAIR_DETAIL


def test_initiative_list_item_is_the_whole_documented_object_without_the_detail_fields(api, heritage_chair):
    response = api.get("/api/v1/initiatives/", {"kind": "project"})

    assert response.json() == {"count": 1, "next": None, "previous": None, "results": [HERITAGE_CHAIR_LIST_ITEM]}


@pytest.fixture
def press_release():
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    reporter = PersonFactory(uuid=uid(20), name="Leyla Aliyeva", slug="leyla")
    salim = PersonFactory(uuid=uid(21), name="Salim AlMalik", slug="salim")
    release = SourceFactory(
        uuid=uid(400),
        title="ICESCO Director-General visits Baku",
        slug="dg-visits-baku",
        kind=SourceKind.PRESS_RELEASE,
        publisher=icesco,
        author=reporter,
        author_name="L. Aliyeva",
        published_date=dt.date(2025, 4, 1),
        published_date_precision=MONTH,
        published_date_inferred=True,
        language="en",
        reference="icesco-press-2025-04.txt",
        text="The Director-General arrived in Baku. Salim AlMalik led the delegation.",
        url="https://icesco.example.org/news/dg-visits-baku",
        note="Undated; April 2025 from the visit it reports.",
    )
    visit = EventFactory(uuid=uid(40), title="Visit to Baku", slug="visit")
    participation = ParticipationFactory(event=visit, person=salim, role=ParticipationRole.DELEGATION_HEAD)
    CitationFactory(record=visit, source=release, quote="The Director-General arrived in Baku")
    CitationFactory(record=participation, source=release, field="role", quote="Salim AlMalik led the delegation")
    CitationFactory(record=salim, source=release, quote="Salim AlMalik")
    freeze(release)
    return release


PRESS_RELEASE_LIST_ITEM = {
    "id": str(uid(400)),
    "slug": "dg-visits-baku",
    "url": f"{API}/sources/{uid(400)}/",
    "html_url": "http://testserver/sources/dg-visits-baku/",
    "updated_at": FROZEN_IN_BAKU,
    "title": "ICESCO Director-General visits Baku",
    "kind": "press_release",
    "publisher": summary("organisations", 10, "ICESCO"),
    "author": summary("people", 20, "Leyla Aliyeva"),
    "author_name": "L. Aliyeva",
    "published_date": "2025-04",
    "published_date_precision": "month",
    "published_date_inferred": True,
    "language": "en",
    "reference": "icesco-press-2025-04.txt",
    "document_url": "https://icesco.example.org/news/dg-visits-baku",
}

PRESS_RELEASE_DETAIL = {
    **PRESS_RELEASE_LIST_ITEM,
    "text": "The Director-General arrived in Baku. Salim AlMalik led the delegation.",
    "note": "Undated; April 2025 from the visit it reports.",
    "quotes": [
        {
            "quote": "The Director-General arrived in Baku",
            "field": "",
            "record_type": "event",
            "record": summary("events", 40, "Visit to Baku"),
        },
        {
            "quote": "Salim AlMalik led the delegation",
            "field": "role",
            "record_type": "participation",
            "record": summary("events", 40, "Visit to Baku"),
        },
        {
            "quote": "Salim AlMalik",
            "field": "",
            "record_type": "person",
            "record": summary("people", 21, "Salim AlMalik"),
        },
    ],
}


def test_source_detail_is_the_whole_documented_object_with_its_quotes(api, press_release):
    by_id = api.get(f"/api/v1/sources/{uid(400)}/")
    by_slug = api.get("/api/v1/sources/dg-visits-baku/")

    assert by_id.status_code == 200
    assert by_id.json() == PRESS_RELEASE_DETAIL
    assert by_slug.json() == PRESS_RELEASE_DETAIL


def test_source_list_item_is_the_whole_documented_object_without_text_or_quotes(api, press_release):
    response = api.get("/api/v1/sources/")

    assert response.json() == {"count": 1, "next": None, "previous": None, "results": [PRESS_RELEASE_LIST_ITEM]}


def test_a_sources_document_address_is_served_apart_from_its_api_address(api):
    """Source.url (where the document was published) once shared the name `url` with the API address and
    was lost; it is served as `document_url`."""
    source = SourceFactory(slug="article", url="https://news.example.az/icesco-visit")
    SourceFactory(slug="undated-page", url="")

    detail = api.get("/api/v1/sources/article/").json()
    listed = {record["slug"]: record for record in api.get("/api/v1/sources/").json()["results"]}

    assert detail["document_url"] == "https://news.example.az/icesco-visit"
    assert detail["url"] == f"{API}/sources/{source.uuid}/"
    assert listed["article"]["document_url"] == "https://news.example.az/icesco-visit"
    assert listed["undated-page"]["document_url"] == ""


@pytest.fixture
def baku_place():
    azerbaijan = PlaceFactory(uuid=uid(1), name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY)
    baku = PlaceFactory(
        uuid=uid(500),
        name="Baku",
        slug="baku",
        parent=azerbaijan,
        latitude=Decimal("40.409264"),
        longitude=Decimal("49.867092"),
        description="Capital of Azerbaijan.",
        note="Coordinates of the city centre.",
    )
    PlaceFactory(uuid=uid(501), name="Nizami Museum", slug="nizami-museum", kind=PlaceKind.VENUE, parent=baku)
    source = SourceFactory(uuid=uid(70), title="Baku", slug="baku-article", text="Baku is the capital. It is old.")
    CitationFactory(record=baku, source=source, quote="Baku is the capital")
    AlternateNameFactory(record=baku, name="Bakı", language="az", kind=AlternateNameKind.TRANSLATION)
    freeze(baku)
    return baku


BAKU_LIST_ITEM = {
    "id": str(uid(500)),
    "slug": "baku",
    "url": f"{API}/places/{uid(500)}/",
    "html_url": "http://testserver/places/baku/",
    "updated_at": FROZEN_IN_BAKU,
    "name": "Baku",
    "kind": "city",
    "parent": summary("places", 1, "Azerbaijan"),
    "country_code": "",
    "latitude": "40.409264",
    "longitude": "49.867092",
}

BAKU_DETAIL = {
    **BAKU_LIST_ITEM,
    "description": "Capital of Azerbaijan.",
    "children": [summary("places", 501, "Nizami Museum")],
    "alternate_names": [{"name": "Bakı", "kind": "translation", "language": "az"}],
    "citations": [{"source": summary("sources", 70, "Baku"), "quote": "Baku is the capital", "field": ""}],
    "note": "Coordinates of the city centre.",
}


def test_place_detail_is_the_whole_documented_object(api, baku_place):
    by_id = api.get(f"/api/v1/places/{uid(500)}/")
    by_slug = api.get("/api/v1/places/baku/")

    assert by_id.status_code == 200
    assert by_id.json() == BAKU_DETAIL
    assert by_slug.json() == BAKU_DETAIL


def test_place_list_item_is_the_whole_documented_object_without_the_detail_fields(api, baku_place):
    response = api.get("/api/v1/places/", {"kind": "city"})

    assert response.json() == {"count": 1, "next": None, "previous": None, "results": [BAKU_LIST_ITEM]}


# --- Filters --------------------------------------------------------------------------------------


@pytest.fixture
def atlas():
    """Azerbaijan > Baku > Nizami Museum, Azerbaijan > Ganja; Morocco > Rabat. Ganja is not changed since 2024."""
    azerbaijan = PlaceFactory(uuid=uid(1), name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY)
    morocco = PlaceFactory(uuid=uid(2), name="Morocco", slug="morocco", kind=PlaceKind.COUNTRY, country_code="MA")
    baku = PlaceFactory(uuid=uid(3), name="Baku", slug="baku", parent=azerbaijan, description="The capital city.")
    PlaceFactory(name="Nizami Museum", slug="nizami-museum", kind=PlaceKind.VENUE, parent=baku)
    ganja = PlaceFactory(name="Ganja", slug="ganja", parent=azerbaijan)
    PlaceFactory(name="Rabat", slug="rabat", parent=morocco)
    for place in Place.objects.all():
        freeze(place)
    freeze(ganja, when=LONG_AGO)
    return {"azerbaijan": azerbaijan, "morocco": morocco, "baku": baku, "ganja": ganja}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["azerbaijan", "baku", "ganja", "morocco", "nizami-museum", "rabat"]),
        ({"kind": "country"}, ["azerbaijan", "morocco"]),
        ({"kind": "city,venue"}, ["baku", "ganja", "nizami-museum", "rabat"]),
        ({"kind": "region"}, []),
        ({"country": "azerbaijan"}, ["baku", "ganja", "nizami-museum"]),
        ({"country": str(uid(2))}, ["rabat"]),
        ({"country": "azerbaijan,morocco"}, ["baku", "ganja", "nizami-museum", "rabat"]),
        ({"place": "baku"}, ["nizami-museum"]),
        ({"place": str(uid(3))}, ["nizami-museum"]),
        ({"place": "ganja"}, []),
        ({"q": "capital"}, ["baku"]),
        ({"q": "nizami"}, ["nizami-museum"]),
        ({"q": "MA"}, ["morocco"]),
        ({"q": "Tbilisi"}, []),
        ({"updated_since": "2025-01-01T00:00:00Z"}, ["azerbaijan", "baku", "morocco", "nizami-museum", "rabat"]),
        ({"updated_since": "2025-06-01T00:00:00Z"}, []),
    ],
)
def test_place_filters_keep_the_matching_places_and_only_those(api, atlas, params, expected):
    response = api.get("/api/v1/places/", params)

    assert response.status_code == 200, response.content
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.fixture
def organisations_directory(atlas):
    """icesco (Morocco) > icesco-baku (Azerbaijan) > icesco-baku-library; a ministry in Azerbaijan, not changed
    since 2024. Salim holds a post in the library; Maryam in the ministry. The chair is led by ICESCO with the
    ministry as a partner; the school by the office."""
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco", acronym="ICESCO", country=atlas["morocco"])
    office = OrganisationFactory(
        name="ICESCO office in Baku",
        slug="icesco-baku",
        kind=OrganisationKind.REGIONAL_OFFICE,
        parent=icesco,
        country=atlas["azerbaijan"],
    )
    library = OrganisationFactory(
        name="Office library", slug="icesco-baku-library", kind=OrganisationKind.DEPARTMENT, parent=office
    )
    ministry = OrganisationFactory(
        name="Ministry of Culture",
        slug="ministry",
        kind=OrganisationKind.MINISTRY,
        country=atlas["azerbaijan"],
        description="Runs museums and theatres.",
    )
    PositionFactory(person=PersonFactory(uuid=uid(20), slug="salim"), post=PostFactory(organisation=library))
    PositionFactory(person=PersonFactory(slug="maryam"), post=PostFactory(organisation=ministry))
    chair = InitiativeFactory(uuid=uid(30), slug="chair", lead_organisation=icesco)
    InitiativePartyFactory(initiative=chair, organisation=ministry)
    school = InitiativeFactory(slug="school")
    InitiativePartyFactory(initiative=school, organisation=office, role=PartyRole.LEAD)
    for organisation in (icesco, office, library):
        freeze(organisation)
    freeze(ministry, when=LONG_AGO)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["icesco", "icesco-baku", "ministry", "icesco-baku-library"]),
        ({"kind": "ministry"}, ["ministry"]),
        ({"kind": "regional_office,department"}, ["icesco-baku", "icesco-baku-library"]),
        ({"kind": "state"}, []),
        ({"country": "azerbaijan"}, ["icesco-baku", "ministry"]),
        ({"country": str(uid(2))}, ["icesco"]),
        ({"organisation": "icesco"}, ["icesco-baku", "icesco-baku-library"]),
        ({"organisation": str(uid(10))}, ["icesco-baku", "icesco-baku-library"]),
        ({"organisation": "icesco-baku"}, ["icesco-baku-library"]),
        ({"organisation": "ministry"}, []),
        ({"person": "salim"}, ["icesco-baku-library"]),
        ({"person": f"maryam,{uid(20)}"}, ["ministry", "icesco-baku-library"]),
        ({"person": "nobody"}, []),
        ({"initiative": "chair"}, ["icesco", "ministry"]),
        ({"initiative": str(uid(30))}, ["icesco", "ministry"]),
        ({"initiative": "school"}, ["icesco-baku"]),
        ({"q": "museums"}, ["ministry"]),
        ({"q": "icesco"}, ["icesco", "icesco-baku"]),
        ({"q": "UNESCO"}, []),
        ({"updated_since": "2025-01-01T00:00:00Z"}, ["icesco", "icesco-baku", "icesco-baku-library"]),
        ({"updated_since": "2024-01-01T00:00:00Z", "country": "azerbaijan"}, ["icesco-baku", "ministry"]),
    ],
)
def test_organisation_filters_keep_the_matching_organisations_and_only_those(
    api, organisations_directory, params, expected
):
    response = api.get("/api/v1/organisations/", params)

    assert response.status_code == 200, response.content
    assert sorted(slugs(response)) == sorted(expected)
    assert response.json()["count"] == len(expected)


@pytest.fixture
def programmes(atlas):
    """chair: a 2023-2025 programme in Baku, led by ICESCO, Salim presenting; school: part of the chair, a
    project of June 2025 in Ganja, the ministry a partner; prize: a 2021 designation in Rabat, completed,
    not changed since 2024."""
    icesco = OrganisationFactory(uuid=uid(10), slug="icesco")
    ministry = OrganisationFactory(slug="ministry")
    salim = PersonFactory(uuid=uid(20), slug="salim")
    chair = InitiativeFactory(
        uuid=uid(30),
        title="ICESCO Chair in Heritage",
        slug="chair",
        kind=InitiativeKind.PROGRAMME,
        status=InitiativeStatus.ACTIVE,
        start_date=dt.date(2023, 1, 1),
        start_date_precision=YEAR,
        end_date=dt.date(2025, 12, 31),
        end_date_precision=YEAR,
        lead_organisation=icesco,
    )
    chair.places.add(atlas["baku"])
    InitiativePartyFactory(initiative=chair, organisation=None, person=salim, role=PartyRole.PRESENTER)
    school = InitiativeFactory(
        title="Heritage summer school",
        slug="school",
        kind=InitiativeKind.PROJECT,
        status=InitiativeStatus.ANNOUNCED,
        start_date=dt.date(2025, 6, 1),
        start_date_precision=MONTH,
        parent=chair,
        description="Courses for young restorers.",
    )
    school.places.add(atlas["ganja"])
    InitiativePartyFactory(initiative=school, organisation=ministry)
    prize = InitiativeFactory(
        title="Capital of Islamic Culture",
        slug="prize",
        kind=InitiativeKind.DESIGNATION,
        status=InitiativeStatus.COMPLETED,
        start_date=dt.date(2021, 3, 4),
        start_date_precision=DAY,
    )
    prize.places.add(Place.objects.get(slug="rabat"))
    for initiative in (chair, school):
        freeze(initiative)
    freeze(prize, when=LONG_AGO)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["school", "chair", "prize"]),
        ({"year": "2025"}, ["school"]),
        ({"year": "2021,2023"}, ["chair", "prize"]),
        ({"year": "2022"}, []),
        ({"date_from": "2025-07"}, ["chair"]),
        ({"date_from": "2025-06-30"}, ["school", "chair"]),
        ({"date_from": "2021"}, ["school", "chair", "prize"]),
        ({"date_from": "2021-03-05"}, ["school", "chair"]),
        ({"date_from": "2026"}, []),
        ({"date_to": "2023"}, ["chair", "prize"]),
        ({"date_to": "2021-03"}, ["prize"]),
        ({"date_to": "2021-03-03"}, []),
        ({"date_to": "2025-06-01"}, ["school", "chair", "prize"]),
        ({"kind": "programme"}, ["chair"]),
        ({"kind": "project,designation"}, ["school", "prize"]),
        ({"status": "announced"}, ["school"]),
        ({"status": "active,completed"}, ["chair", "prize"]),
        ({"status": "cancelled"}, []),
        ({"country": "azerbaijan"}, ["school", "chair"]),
        ({"country": str(uid(2))}, ["prize"]),
        ({"place": "baku"}, ["chair"]),
        ({"place": "ganja,rabat"}, ["school", "prize"]),
        ({"place": "nizami-museum"}, []),
        ({"organisation": "icesco"}, ["chair"]),
        ({"organisation": str(uid(10))}, ["chair"]),
        ({"organisation": "ministry"}, ["school"]),
        ({"person": "salim"}, ["chair"]),
        ({"person": str(uid(20))}, ["chair"]),
        ({"initiative": "chair"}, ["school"]),
        ({"initiative": str(uid(30))}, ["school"]),
        ({"initiative": "school"}, []),
        ({"q": "restorers"}, ["school"]),
        ({"q": "Islamic"}, ["prize"]),
        ({"q": "heritage"}, ["school", "chair"]),
        ({"q": "biennale"}, []),
        ({"updated_since": "2025-01-01T00:00:00Z"}, ["school", "chair"]),
        ({"updated_since": "2025-01-01T00:00:00Z", "kind": "programme"}, ["chair"]),
    ],
)
def test_initiative_filters_keep_the_matching_initiatives_and_only_those(api, programmes, params, expected):
    response = api.get("/api/v1/initiatives/", params)

    assert response.status_code == 200, response.content
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.fixture
def library():
    """news: an article of 29 April 2025 by Leyla in Azertac; release: ICESCO's press release of March 2025;
    page: an official page of 2019, not changed since 2024."""
    azertac = OrganisationFactory(uuid=uid(10), slug="azertac", kind=OrganisationKind.MEDIA)
    icesco = OrganisationFactory(slug="icesco")
    leyla = PersonFactory(uuid=uid(20), slug="leyla")
    news = SourceFactory(
        title="Director-General in Baku",
        slug="news",
        kind=SourceKind.NEWS_ARTICLE,
        publisher=azertac,
        author=leyla,
        published_date=dt.date(2025, 4, 29),
    )
    release = SourceFactory(
        title="Press release on the visit",
        slug="release",
        kind=SourceKind.PRESS_RELEASE,
        publisher=icesco,
        author_name="Press office",
        published_date=dt.date(2025, 3, 1),
        published_date_precision=MONTH,
    )
    page = SourceFactory(
        title="About the National Commission",
        slug="page",
        kind=SourceKind.OFFICIAL_PAGE,
        published_date=dt.date(2019, 1, 1),
        published_date_precision=YEAR,
        reference="natcom-about.html",
    )
    freeze(news)
    freeze(release)
    freeze(page, when=LONG_AGO)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["news", "release", "page"]),
        ({"year": "2025"}, ["news", "release"]),
        ({"year": "2019"}, ["page"]),
        ({"year": "2020"}, []),
        ({"date_from": "2025-04"}, ["news"]),
        ({"date_from": "2025-03-31"}, ["news", "release"]),
        ({"date_from": "2019-12-31"}, ["news", "release", "page"]),
        ({"date_from": "2025-04-30"}, []),
        ({"date_to": "2025-04-28"}, ["release", "page"]),
        ({"date_to": "2025-03"}, ["release", "page"]),
        ({"date_to": "2019"}, ["page"]),
        ({"date_to": "2018"}, []),
        ({"kind": "news_article"}, ["news"]),
        ({"kind": "press_release,official_page"}, ["release", "page"]),
        ({"kind": "report"}, []),
        ({"organisation": "azertac"}, ["news"]),
        ({"organisation": f"icesco,{uid(10)}"}, ["news", "release"]),
        ({"person": "leyla"}, ["news"]),
        ({"person": str(uid(20))}, ["news"]),
        ({"person": "nobody"}, []),
        ({"q": "press office"}, ["release"]),
        ({"q": "natcom-about"}, ["page"]),
        ({"q": "Director-General"}, ["news"]),
        ({"q": "biennale"}, []),
        ({"updated_since": "2025-01-01T00:00:00Z"}, ["news", "release"]),
    ],
)
def test_source_filters_keep_the_matching_sources_and_only_those(api, library, params, expected):
    response = api.get("/api/v1/sources/", params)

    assert response.status_code == 200, response.content
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


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
    assert found == {"count": 0, "next": None, "previous": None, "results": []}
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
LIST_QUERIES = {"organisations": 13, "initiatives": 13, "sources": 11, "places": 11}


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
