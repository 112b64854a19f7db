"""Publication: the draft/published status decides which rows visitors see, and a published row is
shown only through published records: a sub-record of a published record is hidden when what it
names is a draft.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cooperation.core.citations import Citation
from cooperation.core.records import PublicationStatus
from cooperation.models import InitiativeParty, Organisation, OrganisationRelation
from tests.factories import (
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


def test_published_returns_published_organisations_and_not_drafts():
    OrganisationFactory(name="ICESCO")
    OrganisationFactory(name="Possibly the same foundation", publication_status=DRAFT)

    assert list(Organisation.objects.published().values_list("name", flat=True)) == ["ICESCO"]


def test_published_organisation_relations_need_both_ends_published():
    shown = OrganisationRelationFactory()
    OrganisationRelationFactory(subject__publication_status=DRAFT)
    OrganisationRelationFactory(object__publication_status=DRAFT)

    assert list(OrganisationRelation.objects.published()) == [shown]


def test_new_records_are_drafts_unless_published():
    organisation = Organisation.objects.create(name="ICESCO", slug="icesco", kind="intergovernmental")

    assert organisation.publication_status == PublicationStatus.DRAFT
    assert list(Organisation.objects.published()) == []


def test_published_initiative_parties_leave_out_a_draft_organisation():
    initiative = InitiativeFactory()
    shown = InitiativePartyFactory(initiative=initiative, organisation__name="Heydar Aliyev Foundation")
    InitiativePartyFactory(initiative=initiative, organisation__publication_status=DRAFT)

    assert list(InitiativeParty.objects.published()) == [shown]


def test_published_initiative_parties_leave_out_a_draft_person():
    initiative = InitiativeFactory()
    shown = InitiativePartyFactory(initiative=initiative, organisation=None, person=PersonFactory())
    InitiativePartyFactory(initiative=initiative, organisation=None, person=PersonFactory(publication_status=DRAFT))

    assert list(InitiativeParty.objects.published()) == [shown]


def test_published_initiative_parties_leave_out_those_of_a_draft_initiative():
    shown = InitiativePartyFactory()
    InitiativePartyFactory(initiative__publication_status=DRAFT)

    assert list(InitiativeParty.objects.published()) == [shown]


def test_published_citations_leave_out_those_from_a_draft_source():
    event = EventFactory()
    shown = CitationFactory(record=event)
    CitationFactory(record=event, source=SourceFactory(publication_status=DRAFT))

    assert list(Citation.objects.published()) == [shown]
    assert Citation.objects.count() == 2


def test_verify_citations_reports_a_published_event_cited_only_from_a_draft_source():
    event = EventFactory(title="Meeting in Baku", slug="meeting-in-baku")
    CitationFactory(record=event, source=SourceFactory(publication_status=DRAFT))

    output = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("verify_citations", stdout=output)

    assert output.getvalue().splitlines() == [
        "uncited: event meeting-in-baku (Meeting in Baku) is published with no published citation"
    ]
    assert "1 problem(s)" in str(error.value)


def test_home_page_does_not_name_the_draft_place_of_a_published_event(client):
    EventFactory(
        title="Opening of the regional office",
        place=PlaceFactory(name="Unconfirmed venue", publication_status=DRAFT),
    )

    body = client.get("/").content.decode()

    assert "Opening of the regional office" in body
    assert "Unconfirmed venue" not in body
