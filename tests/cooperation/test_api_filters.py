"""Floor 1's collections in the JSON API (organisations, initiatives, sources, places): each filter
keeps the matching records and only those."""

import datetime as dt

import pytest

from cooperation.core.dates import DatePrecision
from cooperation.models import (
    InitiativeKind,
    InitiativeStatus,
    OrganisationKind,
    PartyRole,
    Place,
    PlaceKind,
    SourceKind,
)
from tests.api_support import freeze, slugs, uid
from tests.factories import (
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
LONG_AGO = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)

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
