"""The public lists of people, organisations, initiatives, sources and places: each record's key facts,
no drafts, forgiving search, filters from the URL (the API's), paging and a fixed number of queries."""

import datetime as dt
import re

import pytest

from cooperation.core.dates import PartialDate
from cooperation.core.records import PublicationStatus
from tests.count_support import TOTAL_LIMIT_QUERIES
from tests.factories import (
    AlternateNameFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationStatus.DRAFT


def linked(body, prefix):
    """The link texts of the records listed, in order: `prefix` is the records' address, "/people/"."""
    listing = re.search(r'<ul class="record-list">(.*?)</ul>', body, re.S).group(1)
    return re.findall(rf'<a href="{prefix}[^"]+/">([^<]+)</a>', listing)


def get(client, url):
    response = client.get(url)
    return response, response.content.decode()


# People ------------------------------------------------------------------------------------------


@pytest.fixture
def people():
    icesco = OrganisationFactory(name="ICESCO", slug="icesco")
    ministry = OrganisationFactory(name="Ministry of Culture", slug="ministry-of-culture", kind="ministry")
    almalik = PersonFactory(name="Salim bin Mohammed AlMalik", slug="almalik")
    PositionFactory(person=almalik, post=PostFactory(organisation=icesco, title="Director-General"))
    karimli = PersonFactory(name="Adil Karimli", slug="karimli")
    PositionFactory(
        person=karimli,
        post=PostFactory(organisation=ministry, title="Minister of Culture"),
        start_date=dt.date(2024, 2, 21),
    )
    PositionFactory(
        person=karimli,
        post=PostFactory(organisation=ministry, title="Deputy Minister of Culture"),
        start_date=dt.date(2019, 3, 1),
    )
    # A published person in a post of an organisation not yet reviewed: the post stays hidden.
    PositionFactory(
        person=PersonFactory(name="Heydər Əliyev", slug="aliyev"),
        post=PostFactory(
            organisation=OrganisationFactory(name="Unreviewed Committee", publication_status=DRAFT),
            title="Secret chair",
        ),
    )
    PersonFactory(name="Unconfirmed guest", slug="guest", publication_status=DRAFT)


def test_the_people_list_names_published_people_with_the_posts_they_held(client, people):
    response, body = get(client, "/people/")

    assert response.status_code == 200
    assert linked(body, "/people/") == ["Adil Karimli", "Heydər Əliyev", "Salim bin Mohammed AlMalik"]
    assert (
        '<a href="/people/almalik/">Salim bin Mohammed AlMalik</a><br><span class="muted">Director-General, ICESCO</span>'
        in body
    )
    # Newest post first.
    assert (
        '<span class="muted">Minister of Culture, Ministry of Culture</span>; '
        '<span class="muted">Deputy Minister of Culture, Ministry of Culture</span>'
    ) in body
    assert '<p class="result-count" role="status">3 records</p>' in body


def test_the_people_list_leaves_out_drafts_and_posts_in_draft_organisations(client, people):
    body = get(client, "/people/")[1]

    assert "Unconfirmed guest" not in body
    assert "Unreviewed Committee" not in body
    assert "Secret chair" not in body
    assert '<a href="/people/aliyev/">Heydər Əliyev</a></li>' in body


# Organisations -----------------------------------------------------------------------------------


@pytest.fixture
def organisations():
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind="country")
    icesco = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO", slug="icesco"
    )
    AlternateNameFactory(record=icesco, name="İSESKO", language="az")
    OrganisationFactory(name="Ministry of Culture", slug="ministry", kind="ministry", country=azerbaijan)
    OrganisationFactory(
        name="ICESCO Regional Office in Baku", slug="baku-office", kind="regional_office", parent=icesco
    )
    OrganisationFactory(
        name="Heritage Fund",
        slug="fund",
        kind="foundation",
        country=PlaceFactory(name="Unreviewed Country", kind="country", publication_status=DRAFT),
        parent=OrganisationFactory(name="Unreviewed Parent", slug="hidden-parent", publication_status=DRAFT),
    )
    OrganisationFactory(name="Unannounced office", slug="unannounced", publication_status=DRAFT)


def test_the_organisations_list_shows_name_acronym_kind_country_and_parent(client, organisations):
    response, body = get(client, "/organisations/")

    assert response.status_code == 200
    assert linked(body, "/organisations/") == [
        "Heritage Fund",
        "ICESCO Regional Office in Baku",
        "Islamic World Educational, Scientific and Cultural Organization",
        "Ministry of Culture",
    ]
    assert (
        '<a href="/organisations/icesco/">Islamic World Educational, Scientific and Cultural Organization</a> (ICESCO)'
        '<br><span class="muted">Intergovernmental organisation</span>'
    ) in body
    assert '<span class="muted">Ministry · Azerbaijan</span>' in body
    assert (
        '<span class="muted">Regional office · part of Islamic World Educational, Scientific and Cultural '
        "Organization</span>"
    ) in body
    assert "4 records" in body


def test_the_organisations_list_names_no_draft_organisation_country_or_parent(client, organisations):
    body = get(client, "/organisations/")[1]

    assert '<a href="/organisations/fund/">Heritage Fund</a><br><span class="muted">Foundation</span>' in body
    assert "Unannounced office" not in body
    assert "Unreviewed Country" not in body
    assert "Unreviewed Parent" not in body


# Initiatives -------------------------------------------------------------------------------------


@pytest.fixture
def initiatives():
    icesco = OrganisationFactory(name="ICESCO", slug="icesco")
    InitiativeFactory(
        title="ICESCO Regional Office in Baku",
        slug="baku-office",
        kind="office",
        status="active",
        start=PartialDate.parse("2025-04"),
        lead_organisation=icesco,
    )
    InitiativeFactory(
        title="Year of Heritage",
        slug="heritage-year",
        kind="designation",
        status="completed",
        start=PartialDate.parse("2021"),
        lead_organisation=OrganisationFactory(name="Unreviewed Agency", publication_status=DRAFT),
    )
    InitiativeFactory(
        title="Digital library",
        slug="library",
        kind="project",
        status="proposed",
        start=PartialDate.parse("2023-05-17"),
    )
    InitiativeFactory(title="Undated proposal", slug="undated", kind="proposal", status="proposed")
    InitiativeFactory(title="Secret programme", slug="secret", publication_status=DRAFT)


def test_the_initiatives_list_shows_kind_status_start_at_its_precision_and_lead_newest_first(client, initiatives):
    response, body = get(client, "/initiatives/")

    assert response.status_code == 200
    assert linked(body, "/initiatives/") == [
        "ICESCO Regional Office in Baku",
        "Digital library",
        "Year of Heritage",
        "Undated proposal",
    ]
    assert (
        '<a href="/initiatives/baku-office/">ICESCO Regional Office in Baku</a><br><span class="muted">'
        'Office · active · <time datetime="2025-04">April 2025</time> · ICESCO</span>'
    ) in body
    assert '<span class="muted">Project · proposed · <time datetime="2023-05-17">17 May 2023</time></span>' in body
    assert '<span class="muted">Proposal · proposed</span>' in body
    assert "4 records" in body


def test_the_initiatives_list_names_no_draft_initiative_or_lead(client, initiatives):
    body = get(client, "/initiatives/")[1]

    assert '<span class="muted">Designation · completed · <time datetime="2021">2021</time></span>' in body
    assert "Unreviewed Agency" not in body
    assert "Secret programme" not in body


# Sources -----------------------------------------------------------------------------------------


@pytest.fixture
def sources():
    azertac = OrganisationFactory(name="Azertac", slug="azertac", kind="media")
    SourceFactory(
        title="ICESCO opens its office in Baku",
        slug="opening",
        publisher=azertac,
        published_on=PartialDate.parse("2025-04-29"),
    )
    SourceFactory(
        title="Heritage week programme",
        slug="programme",
        kind="official_page",
        published_on=PartialDate.parse("2024-06"),
        published_date_inferred=True,
    )
    SourceFactory(title="Undated note", slug="note", kind="report", published_on=None)
    SourceFactory(
        title="Interview",
        slug="interview",
        publisher=OrganisationFactory(name="Unreviewed Weekly", kind="media", publication_status=DRAFT),
        published_on=PartialDate.parse("2023"),
    )
    SourceFactory(title="Unchecked article", slug="unchecked", publication_status=DRAFT)


def test_the_sources_list_shows_title_publisher_and_date_or_undated_newest_first(client, sources):
    response, body = get(client, "/sources/")

    assert response.status_code == 200
    assert linked(body, "/sources/") == [
        "ICESCO opens its office in Baku",
        "Heritage week programme",
        "Interview",
        "Undated note",
    ]
    assert (
        '<a href="/sources/opening/">ICESCO opens its office in Baku</a><br><span class="muted">News article · Azertac'
        ' · <time datetime="2025-04-29">29 April 2025</time></span>'
    ) in body
    assert (
        '<span class="muted">Official page · <time datetime="2024-06">June 2024</time> (date inferred)</span>' in body
    )
    assert '<span class="muted">Report · Undated</span>' in body
    assert "4 records" in body


def test_the_sources_list_names_no_draft_source_or_publisher(client, sources):
    body = get(client, "/sources/")[1]

    assert '<span class="muted">News article · <time datetime="2023">2023</time></span>' in body
    assert "Unreviewed Weekly" not in body
    assert "Unchecked article" not in body


def test_an_untitled_source_is_listed_by_its_publisher_and_date(client):
    SourceFactory(title="", slug="untitled", publisher=OrganisationFactory(name="Azertac"))

    body = get(client, "/sources/")[1]

    assert '<a href="/sources/untitled/">Azertac (14 January 2021)</a>' in body


def test_an_untitled_source_of_a_draft_publisher_does_not_name_the_publisher(client):
    SourceFactory(
        title="", slug="untitled", publisher=OrganisationFactory(name="Unreviewed Weekly", publication_status=DRAFT)
    )

    body = get(client, "/sources/")[1]

    assert '<a href="/sources/untitled/">' in body
    assert "Unreviewed Weekly" not in body


# Places ------------------------------------------------------------------------------------------


@pytest.fixture
def places():
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind="country", country_code="AZ")
    baku = PlaceFactory(name="Baku", slug="baku", kind="city", parent=azerbaijan)
    PlaceFactory(name="Icharishaher", slug="icharishaher", kind="venue", parent=baku)
    hidden = PlaceFactory(name="Unreviewed District", slug="district", kind="district", publication_status=DRAFT)
    PlaceFactory(name="Heritage Hall", slug="hall", kind="venue", parent=hidden)


def test_the_places_list_shows_name_kind_and_what_contains_each(client, places):
    response, body = get(client, "/places/")

    assert response.status_code == 200
    assert linked(body, "/places/") == ["Azerbaijan", "Baku", "Heritage Hall", "Icharishaher"]
    assert '<a href="/places/azerbaijan/">Azerbaijan</a><br><span class="muted">Country</span>' in body
    assert '<a href="/places/baku/">Baku</a><br><span class="muted">City · Azerbaijan</span>' in body
    assert '<a href="/places/icharishaher/">Icharishaher</a><br><span class="muted">Venue · Baku</span>' in body
    assert "4 records" in body


def test_the_places_list_names_no_draft_place_or_parent(client, places):
    body = get(client, "/places/")[1]

    assert '<a href="/places/hall/">Heritage Hall</a><br><span class="muted">Venue</span>' in body
    assert "Unreviewed District" not in body


# Search and filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "prefix", "fixture", "expected"),
    [
        ("/people/?q=Al-Malik", "/people/", "people", ["Salim bin Mohammed AlMalik"]),
        ("/people/?q=al+malik", "/people/", "people", ["Salim bin Mohammed AlMalik"]),
        ("/people/?q=ALMALIK", "/people/", "people", ["Salim bin Mohammed AlMalik"]),
        ("/people/?q=Heydar", "/people/", "people", ["Heydər Əliyev"]),
        ("/people/?q=guest", "/people/", "people", []),
        (
            "/organisations/?q=icesco",
            "/organisations/",
            "organisations",
            [
                "ICESCO Regional Office in Baku",
                "Islamic World Educational, Scientific and Cultural Organization",
            ],
        ),
        (
            "/organisations/?q=isesko",
            "/organisations/",
            "organisations",
            ["Islamic World Educational, Scientific and Cultural Organization"],
        ),
        ("/initiatives/?q=library", "/initiatives/", "initiatives", ["Digital library"]),
        ("/initiatives/?q=secret", "/initiatives/", "initiatives", []),
        ("/sources/?q=heritage+week", "/sources/", "sources", ["Heritage week programme"]),
        ("/places/?q=ichari", "/places/", "places", ["Icharishaher"]),
        ("/places/?q=AZ", "/places/", "places", ["Azerbaijan"]),
    ],
)
def test_a_list_search_narrows_the_list_forgiving_spelling(client, request, url, prefix, fixture, expected):
    request.getfixturevalue(fixture)

    response, body = get(client, url)

    assert response.status_code == 200
    assert linked(body, prefix) == expected


def test_a_list_search_keeps_the_words_in_the_box_and_counts_what_it_found(client, people):
    body = get(client, "/people/?q=Al-Malik")[1]

    assert '<input type="search" id="list-q" name="q" value="Al-Malik">' in body
    assert '<p class="result-count" role="status">1 record</p>' in body
    assert '<a href="?">Show all</a>' in body


def test_a_list_search_that_finds_nothing_says_so(client, people):
    body = get(client, "/people/?q=nobody")[1]

    assert "<li>No one matches.</li>" in body
    assert "0 records" in body


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/initiatives/?year=abc", "year: Give years as four-digit numbers, such as 2021 or 2021,2025."),
        ("/organisations/?kind=nonsense", "kind: “nonsense” is not one of the values: "),
        ("/places/?kind=planet", "kind: “planet” is not one of the values: "),
        ("/sources/?date_from=yesterday", "date_from: “yesterday” is not a date: give YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            "/people/?updated_since=soon",
            "updated_since: Enter a date and time in ISO 8601, such as 2026-01-01T00:00:00Z",
        ),
    ],
)
def test_a_filter_that_cannot_be_understood_is_a_400_naming_the_filter(client, url, message):
    PersonFactory()
    OrganisationFactory()
    InitiativeFactory()
    SourceFactory()
    PlaceFactory()

    response, body = get(client, url)

    assert response.status_code == 400
    assert '<div class="errors" role="alert">' in body
    assert "Some of the filters could not be understood:" in body
    assert f"<li>{message}" in body
    assert "0 records" in body


@pytest.mark.parametrize(
    ("url", "prefix", "fixture", "expected"),
    [
        ("/organisations/?kind=ministry", "/organisations/", "organisations", ["Ministry of Culture"]),
        ("/organisations/?country=azerbaijan", "/organisations/", "organisations", ["Ministry of Culture"]),
        ("/initiatives/?year=2021", "/initiatives/", "initiatives", ["Year of Heritage"]),
        ("/initiatives/?status=proposed", "/initiatives/", "initiatives", ["Digital library", "Undated proposal"]),
        ("/initiatives/?organisation=icesco", "/initiatives/", "initiatives", ["ICESCO Regional Office in Baku"]),
        ("/sources/?kind=report", "/sources/", "sources", ["Undated note"]),
        ("/sources/?year=2024", "/sources/", "sources", ["Heritage week programme"]),
        ("/places/?kind=venue", "/places/", "places", ["Heritage Hall", "Icharishaher"]),
        ("/places/?country=azerbaijan", "/places/", "places", ["Baku", "Icharishaher"]),
        ("/people/?organisation=ministry-of-culture", "/people/", "people", ["Adil Karimli"]),
    ],
)
def test_a_list_filters_as_its_url_says(client, request, url, prefix, fixture, expected):
    request.getfixturevalue(fixture)

    response, body = get(client, url)

    assert response.status_code == 200
    assert linked(body, prefix) == expected


# Paging and queries ------------------------------------------------------------------------------


def _person(name):
    person = PersonFactory(name=name)
    for _ in range(2):
        PositionFactory(person=person, post=PostFactory(organisation=OrganisationFactory()))
    return person


def _organisation(name):
    return OrganisationFactory(name=name, country=PlaceFactory(kind="country"), parent=OrganisationFactory())


def _initiative(name):
    return InitiativeFactory(title=name, lead_organisation=OrganisationFactory())


def _source(name):
    return SourceFactory(title=name, publisher=OrganisationFactory(kind="media"))


def _place(name):
    return PlaceFactory(name=name, parent=PlaceFactory(kind="country"))


# Each list, with a way to make a record named so, and its related rows (posts, country, lead, ...).
LISTS = {
    "/people/": _person,
    "/organisations/": _organisation,
    "/initiatives/": _initiative,
    "/sources/": _source,
    "/places/": _place,
}


@pytest.mark.parametrize("url", LISTS)
def test_a_list_shows_fifty_records_a_page_and_its_paging_links_keep_the_search(client, url):
    for number in range(1, 54):
        LISTS[url](f"Delegate {number:02d}")
    LISTS[url]("Someone else")

    first_response, first = get(client, f"{url}?q=delegate")
    second_response, second = get(client, f"{url}?q=delegate&page=2")

    assert first_response.status_code == second_response.status_code == 200
    assert linked(first, url) == [f"Delegate {number:02d}" for number in range(1, 51)]
    assert linked(second, url) == ["Delegate 51", "Delegate 52", "Delegate 53"]
    assert "53 records" in first
    assert "Page 1 of 2" in first
    assert '<a rel="next" href="?q=delegate&amp;page=2">Next page</a>' in first
    assert 'rel="prev"' not in first
    assert "Page 2 of 2" in second
    assert '<a rel="prev" href="?q=delegate&amp;page=1">Previous page</a>' in second
    assert 'rel="next"' not in second


def test_a_short_list_has_no_paging_links(client, people):
    body = get(client, "/people/")[1]

    assert 'class="pagination"' not in body


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("count", [2, 30])
def test_a_list_runs_the_same_number_of_queries_whatever_its_length(client, django_assert_num_queries, url, count):
    for number in range(count):
        LISTS[url](f"A record {number:02d}")
    # The count and the page (and the count's time limit); the people list also fetches the page's posts.
    expected = (3 if url == "/people/" else 2) + TOTAL_LIMIT_QUERIES

    with django_assert_num_queries(expected):
        _response, body = get(client, url)

    # Listed first, before the parents and countries (which the organisations and places lists show too).
    assert linked(body, url)[:count] == [f"A record {number:02d}" for number in range(count)]
