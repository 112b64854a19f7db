"""A search that finds nothing offers the query spelt with words the records use ("Did you mean …?"),
from the published records' words only, on either database (cooperation/core/vocabulary.py)."""

import io
import re

import pytest
from django.core.management import call_command

from cooperation.core import vocabulary
from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus
from cooperation.core.vocabulary import SearchWord
from people.models import Person
from tests.factories import CitationFactory, EventFactory, PersonFactory

pytestmark = pytest.mark.django_db
DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def search(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def suggestion(body):
    found = re.findall(r'<p><a href="\?q=([^"]*)">Did you mean “([^”]*)”\?</a></p>', body)
    return found[0] if found else None


@pytest.fixture
def records():
    PersonFactory(name="Salim bin Mohammed AlMalik", slug="almalik")
    PersonFactory(name="Maryam Qafar-zadə", slug="qafarzade")
    EventFactory(title="Opening of the heritage school", slug="opening")


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        ("Almalick", "almalik"),
        ("Qafarzadeh", "qafarzade"),
        ("herritage scool", "heritage school"),
        ("Maryam Qafarzadeh", "maryam qafarzade"),
    ],
)
def test_a_misspelt_search_that_finds_nothing_suggests_the_records_spelling(client, records, query, suggested):
    body = search(client, query)

    assert f"Nothing in the records matches “{query}”." in body
    assert suggestion(body) == (suggested.replace(" ", "%20"), suggested)
    assert "Nothing in the records matches" not in search(client, suggested)


def test_a_search_that_finds_something_or_nothing_alike_suggests_nothing(client, records):
    assert suggestion(search(client, "AlMalik")) is None
    assert suggestion(search(client, "Samarkand")) is None
    assert "Did you mean" not in search(client, "Samarkand")


def test_a_drafts_words_are_never_suggested(client, records):
    PersonFactory(name="Zarifa Nabiyeva", slug="draft", publication_status=DRAFT)

    assert not SearchWord.objects.filter(word="nabiyeva").exists()
    assert suggestion(search(client, "Nabiyevaa")) is None


def test_a_word_left_by_an_unpublished_record_is_not_suggested(client, records):
    PersonFactory(name="Zarifa Nabiyeva", slug="once-published")
    set_publication(Person.objects.filter(slug="once-published"), DRAFT)

    assert SearchWord.objects.filter(word="nabiyeva").exists()  # until the next rebuild
    assert suggestion(search(client, "Nabiyevaa")) is None


def test_publishing_a_record_adds_its_words(records):
    person = PersonFactory(name="Zarifa Nabiyeva", slug="draft", publication_status=DRAFT)
    CitationFactory(record=person)  # a person is published with its evidence

    set_publication(Person.objects.filter(slug="draft"), PUBLISHED)

    assert SearchWord.objects.filter(word__in=["zarifa", "nabiyeva"]).count() == 2


def test_the_command_rebuilds_the_words_from_the_published_records_only(records):
    PersonFactory(name="Zarifa Nabiyeva", slug="once-published")
    Person.objects.filter(slug="once-published").update(publication_status=DRAFT)
    SearchWord.objects.create(word="stale")

    out = io.StringIO()
    call_command("search_words", stdout=out)

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert {"almalik", "salim", "qafarzade", "qafarzada", "heritage", "school"} <= words
    assert not words & {"stale", "zarifa", "nabiyeva"}
    assert out.getvalue() == f"{len(words):,} search words, from every published record.\n"


def test_a_search_keys_words_are_letters_three_to_forty_long():
    assert vocabulary.words_of("al almalik 2025 source0042 " + "x" * 41) == {"almalik"}


def test_a_migrate_gives_a_database_without_search_words_its_words(records):
    from cooperation.core.signals import migrated

    SearchWord.objects.all().delete()

    migrated(sender=None)

    assert SearchWord.objects.filter(word__in=["almalik", "heritage"]).count() == 2


def test_a_word_only_an_unpublished_record_holds_is_passed_over_for_a_published_ones(client, records):
    """ "nabiyev" is the closer word, but only a record since unpublished holds it; "nabiyeva" is held."""
    PersonFactory(name="Zarifa Nabiyev", slug="once-published")
    set_publication(Person.objects.filter(slug="once-published"), DRAFT)
    PersonFactory(name="Leyla Nabiyeva", slug="published")

    assert SearchWord.objects.filter(word__in=["nabiyev", "nabiyeva"]).count() == 2
    assert suggestion(search(client, "Nabiyevv")) == ("nabiyeva", "nabiyeva")


def test_a_suggestion_looks_up_at_most_three_unknown_words(records, django_assert_max_num_queries):
    with django_assert_max_num_queries(1 + vocabulary.MAX_UNKNOWN * (1 + vocabulary.CLOSE_MATCHES * 6)):
        suggested = vocabulary.suggest("almalick almalick qafarzadeh herritage scool")

    assert suggested == "almalik qafarzade heritage scool"  # repeated words once; the fourth unknown kept
