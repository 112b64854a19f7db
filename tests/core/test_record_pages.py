"""Every record type has a public page (the API's html_url): published records only, with their evidence."""

import datetime as dt

import pytest

from cooperation.core.records import PublicationStatus
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "event": lambda: EventFactory(
        title="Opening ceremony", start_date=dt.date(2025, 4, 29), description="Held in Baku."
    ),
    "person": lambda: PersonFactory(name="Adil Karimli", summary="Minister of Culture of Azerbaijan."),
    "organisation": lambda: OrganisationFactory(name="Heydar Aliyev Foundation", description="A foundation."),
    "initiative": lambda: InitiativeFactory(title="Regional cluster", description="A proposal."),
    "place": lambda: PlaceFactory(name="Baku", description="A city."),
}


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_published_record_page_shows_the_record_and_its_quoted_evidence(client, kind):
    record = FACTORIES[kind]()
    citation = CitationFactory(record=record)

    response = client.get(record.get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{record}</h1>" in body
    assert (getattr(record, "description", "") or getattr(record, "summary", "")) in body
    assert f'<blockquote><span class="quote" lang="en" dir="auto">{citation.quote}</span></blockquote>' in body


def test_a_source_page_shows_its_full_text(client):
    source = SourceFactory(title="New partnership prospects", text="The press conference was held in Baku.")

    body = client.get(source.get_absolute_url()).content.decode()

    assert "<h1>New partnership prospects</h1>" in body
    assert "The press conference was held in Baku." in body
    assert '<time datetime="2021-01-14">14 January 2021</time>' in body


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_draft_record_has_no_public_page(client, kind):
    record = FACTORIES[kind]()
    type(record).objects.filter(pk=record.pk).update(publication_status=PublicationStatus.DRAFT)

    assert client.get(record.get_absolute_url()).status_code == 404
