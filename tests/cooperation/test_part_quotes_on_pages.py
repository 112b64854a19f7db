"""A page gives the quote behind each relation and each party it lists, as it does for participants
and posts held; never a draft source's."""

import pytest

from cooperation.core.records import PublicationStatus
from cooperation.models import RelationKind
from tests.factories import (
    CitationFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return SourceFactory(title="Azertac article", slug="azertac", text="Azerbaijan joined ICESCO in 1991. A rumour.")


@pytest.fixture
def unchecked():
    return SourceFactory(text="Azerbaijan left. Nothing more.", publication_status=PublicationStatus.DRAFT)


def quoted(body):
    return body.count('<blockquote class="evidence">')


def test_an_organisation_page_quotes_the_source_of_each_relation(client, source, unchecked):
    azerbaijan = OrganisationFactory(name="Azerbaijan", slug="azerbaijan")
    membership = OrganisationRelationFactory(
        subject=azerbaijan, object=OrganisationFactory(name="ICESCO"), kind=RelationKind.MEMBER_OF
    )
    CitationFactory(record=membership, source=source, quote="Azerbaijan joined ICESCO in 1991.")
    CitationFactory(record=membership, source=unchecked, quote="Azerbaijan left.")

    body = client.get("/organisations/azerbaijan/").content.decode()

    relations = body[
        body.index('id="relations-heading"') : body.index("</section>", body.index('id="relations-heading"'))
    ]
    assert '<span class="quote" lang="en" dir="auto">Azerbaijan joined ICESCO in 1991.</span>' in relations
    assert '<cite><a href="/sources/azertac/">Azertac article</a></cite>' in relations
    assert "Azerbaijan left." not in body
    assert quoted(relations) == 1


def test_an_initiative_page_quotes_the_source_of_each_party(client, source, unchecked):
    office = InitiativeFactory(title="Baku office", slug="baku-office")
    party = InitiativePartyFactory(initiative=office, organisation=OrganisationFactory(name="ICESCO"))
    CitationFactory(record=party, source=source, quote="Azerbaijan joined ICESCO")
    CitationFactory(record=party, source=unchecked, quote="Azerbaijan left.")

    body = client.get("/initiatives/baku-office/").content.decode()

    parties = body[body.index('id="parties-heading"') : body.index("</section>", body.index('id="parties-heading"'))]
    assert '<span class="quote" lang="en" dir="auto">Azerbaijan joined ICESCO</span>' in parties
    assert "Azerbaijan left." not in body
    assert quoted(parties) == 1
