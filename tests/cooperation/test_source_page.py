"""A source's page: its full text, each quoted passage marked and linked to the records it supports."""

import pytest

from cooperation.core.records import PublicationStatus
from cooperation.selectors import quoted_passages
from tests.factories import CitationFactory, EventFactory, ParticipationFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

TEXT = "The ceremony was held in Baku. Adil Karimli attended. Journalists <b>asked</b> questions."


@pytest.fixture
def source():
    return SourceFactory(title="Caliber.Az article", slug="caliber", text=TEXT)


def test_a_quoted_passage_is_marked_and_linked_to_the_record_it_supports(client, source):
    event = EventFactory(title="Opening ceremony", slug="opening")
    CitationFactory(record=event, source=source, quote="The ceremony was held in Baku.")

    body = client.get("/sources/caliber/").content.decode()

    assert (
        '<mark>The ceremony was held in Baku.</mark><span class="supports"> [<a href="/events/opening/">Opening ceremony</a>]</span>'
        in body
    )


def test_a_quote_supporting_a_participation_links_to_its_event(client, source):
    event = EventFactory(title="Opening ceremony", slug="opening")
    participation = ParticipationFactory(event=event, person=PersonFactory(name="Adil Karimli"))
    CitationFactory(record=participation, source=source, quote="Adil Karimli attended.")

    body = client.get("/sources/caliber/").content.decode()

    assert (
        '<mark>Adil Karimli attended.</mark><span class="supports"> [<a href="/events/opening/">Opening ceremony</a>]</span>'
        in body
    )


def test_the_whole_text_is_kept_and_escaped(client, source):
    body = client.get("/sources/caliber/").content.decode()

    assert "Journalists &lt;b&gt;asked&lt;/b&gt; questions." in body
    assert "<b>asked</b>" not in body
    assert "".join(passage["text"] for passage in quoted_passages(source)) == TEXT


def test_a_quote_for_a_draft_record_is_not_marked(client, source):
    draft = EventFactory(title="Unreleased", publication_status=PublicationStatus.DRAFT)
    CitationFactory(record=draft, source=source, quote="The ceremony was held in Baku.")

    body = client.get("/sources/caliber/").content.decode()

    assert "<mark>" not in body
    assert "Unreleased" not in body


def test_overlapping_quotes_make_one_marked_passage_listing_every_record(source):
    first, second = EventFactory(title="First"), EventFactory(title="Second")
    CitationFactory(record=first, source=source, quote="The ceremony was held in Baku.")
    CitationFactory(record=second, source=source, quote="held in Baku. Adil Karimli")

    passages = [(p["text"], [str(r) for r in p["records"]]) for p in quoted_passages(source) if p["records"]]

    assert passages == [("The ceremony was held in Baku. Adil Karimli", ["First", "Second"])]
    assert "".join(passage["text"] for passage in quoted_passages(source)) == TEXT
