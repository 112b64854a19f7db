"""The search page: every kind of published record that matches, grouped by kind, spelling forgiven."""

import datetime as dt
import re

import pytest

from cooperation.core.records import PublicationStatus
from tests.factories import (
    AlternateNameFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationStatus.DRAFT


def groups(body):
    """{kind: [the link texts of the records found]}, in the page's order."""
    found = {}
    for label, content in re.findall(r'<h2 id="group-\d+">([^<]+)</h2>(.*?)</section>', body, re.S):
        items = re.search(r"<ul>(.*?)</ul>", content, re.S).group(1)
        found[label] = re.findall(r'<a href="[^"]+">([^<]+)</a>', items)
    return found


def search(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def records():
    """One record of each kind about the office in Baku, names written in several ways, and drafts."""
    baku = PlaceFactory(name="Baku", slug="baku")
    EventFactory(
        title="Opening of the ICESCO office",
        slug="opening",
        start_date=dt.date(2025, 4, 29),
        description="Salim AlMalik opened the office in Baku.",
        place=baku,
    )
    PersonFactory(name="Salim bin Mohammed AlMalik", slug="almalik")
    PersonFactory(name="Heydər Əliyev", slug="aliyev")
    PersonFactory(name="Maryam Qafar-zadə", slug="qafarzade")
    icesco = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO", slug="icesco"
    )
    AlternateNameFactory(record=icesco, name="İSESKO", language="az")
    OrganisationFactory(name="Heydar Aliyev Foundation", slug="foundation", kind="foundation")
    InitiativeFactory(title="ICESCO Regional Office in Baku", slug="office", description="Led by Dr. AlMalik.")
    InitiativeFactory(title="Qur’an recitation contest", slug="contest")
    SourceFactory(title="AlMalik visits Baku", slug="visit", reference="azertac-2025-04-29.txt")
    PlaceFactory(name="Şuşa", slug="shusha", kind="city")
    PlaceFactory(name="Gəncə", slug="ganja", kind="city")
    # Drafts that match the same words.
    PersonFactory(name="Salim AlMalik (unconfirmed)", publication_status=DRAFT)
    EventFactory(title="AlMalik's private meeting", publication_status=DRAFT)
    OrganisationFactory(name="Unreviewed AlMalik Trust", publication_status=DRAFT)
    InitiativeFactory(title="AlMalik draft plan", publication_status=DRAFT)
    SourceFactory(title="AlMalik interview notes", publication_status=DRAFT)
    PlaceFactory(name="AlMalik square", publication_status=DRAFT)


def test_a_search_finds_every_kind_of_record_and_groups_them_by_kind(client, records):
    body = search(client, "AlMalik")

    assert groups(body) == {
        "Events": ["Opening of the ICESCO office"],
        "People": ["Salim bin Mohammed AlMalik"],
        "Initiatives": ["ICESCO Regional Office in Baku"],
        "Sources": ["AlMalik visits Baku"],
    }
    assert (
        '<li><time datetime="2025-04-29">29 April 2025</time> — <a href="/events/opening/">Opening of the ICESCO '
        "office</a></li>"
    ) in body
    assert '<li><a href="/people/almalik/">Salim bin Mohammed AlMalik</a></li>' in body
    assert '<li><a href="/initiatives/office/">ICESCO Regional Office in Baku</a></li>' in body
    assert '<li><a href="/sources/visit/">AlMalik visits Baku</a></li>' in body


def test_the_groups_come_in_a_fixed_order(client, records):
    body = search(client, "Baku")

    assert list(groups(body)) == ["Events", "Initiatives", "Sources", "Places"]
    assert '<li><a href="/places/baku/">Baku</a></li>' in body


def test_a_search_never_finds_a_draft(client, records):
    body = search(client, "AlMalik")

    for draft in ("unconfirmed", "private meeting", "Trust", "draft plan", "interview notes", "square"):
        assert draft not in body


@pytest.mark.parametrize(
    ("query", "kind", "found"),
    [
        ("AlMalik", "People", "Salim bin Mohammed AlMalik"),
        ("Al-Malik", "People", "Salim bin Mohammed AlMalik"),
        ("Al Malik", "People", "Salim bin Mohammed AlMalik"),
        ("al malik", "People", "Salim bin Mohammed AlMalik"),
        ("ALMALIK", "People", "Salim bin Mohammed AlMalik"),
        ("Al’Malik", "People", "Salim bin Mohammed AlMalik"),
        ("Malik", "People", "Salim bin Mohammed AlMalik"),
        ("salim almalik", "People", "Salim bin Mohammed AlMalik"),
        ("Heydar", "People", "Heydər Əliyev"),
        ("Heyder", "People", "Heydər Əliyev"),
        ("Heydər", "People", "Heydər Əliyev"),
        ("heydar aliyev", "People", "Heydər Əliyev"),
        ("Heydər Əliyev", "Organisations", "Heydar Aliyev Foundation"),
        ("Qafarzade", "People", "Maryam Qafar-zadə"),
        ("Qafar-zade", "People", "Maryam Qafar-zadə"),
        ("qafar zadə", "People", "Maryam Qafar-zadə"),
        ("ICESCO", "Organisations", "Islamic World Educational, Scientific and Cultural Organization"),
        ("Isesko", "Organisations", "Islamic World Educational, Scientific and Cultural Organization"),
        ("Quran", "Initiatives", "Qur’an recitation contest"),
        ("Qur'an", "Initiatives", "Qur’an recitation contest"),
        ("Susa", "Places", "Şuşa"),
        ("ŞUŞA", "Places", "Şuşa"),
        ("Gence", "Places", "Gəncə"),
        ("Ganca", "Places", "Gəncə"),
    ],
)
def test_a_search_forgives_spelling(client, records, query, kind, found):
    assert found in groups(search(client, query)).get(kind, [])


@pytest.mark.parametrize("query", ["Heydar", "Heydər"])
def test_a_name_with_ə_and_a_name_with_a_are_found_by_either_spelling(client, records, query):
    found = groups(search(client, query))

    assert found["People"] == ["Heydər Əliyev"]
    assert found["Organisations"] == ["Heydar Aliyev Foundation"]


def test_every_word_of_the_search_must_match(client, records):
    found = groups(search(client, "AlMalik Baku"))

    assert found == {
        "Events": ["Opening of the ICESCO office"],
        "Initiatives": ["ICESCO Regional Office in Baku"],
        "Sources": ["AlMalik visits Baku"],
    }


def test_a_search_that_finds_nothing_says_so(client, records):
    body = search(client, "Samarkand")

    assert groups(body) == {}
    assert "<p>Nothing in the records matches “Samarkand”.</p>" in body
    assert '<input type="search" id="search-q" name="q" value="Samarkand">' in body


def test_a_search_shows_the_words_searched_for_as_text_not_markup(client, records):
    body = search(client, '<b>"Zanzibar"</b>')

    assert "<b>" not in body
    assert "<p>Nothing in the records matches “&lt;b&gt;&quot;Zanzibar&quot;&lt;/b&gt;”.</p>" in body
    assert 'value="&lt;b&gt;&quot;Zanzibar&quot;&lt;/b&gt;"' in body


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_shows_the_form_only(client, records, django_assert_num_queries, query):
    with django_assert_num_queries(0):
        body = search(client, query)

    assert '<form method="get" action="" class="filters" role="search"' in body
    assert '<input type="search" id="search-q" name="q" value="">' in body
    assert 'role="status"' not in body
    assert "Nothing in the records matches" not in body


def test_a_search_for_punctuation_alone_finds_nothing(client, records):
    body = search(client, "?!")

    assert groups(body) == {}


def test_more_than_ten_matches_of_a_kind_show_ten_and_link_to_the_full_list(client):
    for number in range(1, 12):
        PersonFactory(name=f"Delegate {number:02d}")
    for number in range(1, 11):
        PlaceFactory(name=f"Delegate square {number:02d}")

    body = search(client, "delegate")

    found = groups(body)
    assert found["People"] == [f"Delegate {number:02d}" for number in range(1, 11)]
    assert found["Places"] == [f"Delegate square {number:02d}" for number in range(1, 11)]
    assert '<p><a href="/people/?q=delegate">All matching People</a></p>' in body
    assert "All matching Places" not in body
    people = client.get("/people/?q=delegate").content.decode()
    assert "11 records" in people
    assert "Delegate 11" in people


def test_the_link_to_all_matches_carries_the_whole_search(client):
    for number in range(11):
        OrganisationFactory(name=f"Heritage fund {number}")

    body = search(client, "heritage & fund")

    assert '<a href="/organisations/?q=heritage%20%26%20fund">All matching Organisations</a>' in body
    assert "11 records" in client.get("/organisations/?q=heritage%20%26%20fund").content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_a_search_runs_one_query_a_kind_however_many_records_match(client, django_assert_num_queries, count):
    for number in range(count):
        EventFactory(title=f"Heritage meeting {number}", place=PlaceFactory())
        PersonFactory(name=f"Heritage expert {number}")
        OrganisationFactory(name=f"Heritage fund {number}", parent=OrganisationFactory())
        InitiativeFactory(title=f"Heritage programme {number}", lead_organisation=OrganisationFactory())
        SourceFactory(title=f"Heritage report {number}", publisher=OrganisationFactory())
        PlaceFactory(name=f"Heritage site {number}", parent=PlaceFactory())

    with django_assert_num_queries(6):
        body = search(client, "heritage")

    found = groups(body)
    assert list(found) == ["Events", "People", "Organisations", "Initiatives", "Sources", "Places"]
    assert all(len(records) == min(count, 10) for records in found.values())


def test_a_search_that_finds_nothing_runs_one_query_a_kind_and_two_to_look_for_a_suggestion(
    client, records, django_assert_num_queries
):
    # Which words of the query are known, then the known words like the one unknown word.
    with django_assert_num_queries(6 + 2):
        search(client, "Samarkand")


def test_a_search_finding_untitled_sources_runs_one_query_a_kind(client, django_assert_num_queries):
    for number in range(5):
        SourceFactory(title="", reference=f"heritage-{number}.txt", publisher=OrganisationFactory(name="Azertac"))

    with django_assert_num_queries(6):
        body = search(client, "heritage")

    assert groups(body)["Sources"] == ["Azertac (14 January 2021)"] * 5


def test_a_search_does_not_name_the_draft_publisher_of_an_untitled_source(client):
    SourceFactory(
        title="",
        slug="untitled",
        reference="heritage-notes.txt",
        publisher=OrganisationFactory(name="Unreviewed Weekly", publication_status=DRAFT),
    )

    body = search(client, "heritage")

    assert '<a href="/sources/untitled/">' in body
    assert "Unreviewed Weekly" not in body


def test_a_search_longer_than_200_characters_is_a_400_saying_so(client):
    response = client.get("/search/", {"q": "baku " * 41})
    body = response.content.decode()

    assert response.status_code == 400
    assert "Search for at most 200 characters." in body
    assert 'role="status"' not in body  # no results were looked for
