"""An organisation's page: what it is part of, its parts, relations, people, events and evidence."""

import json
import re

import pytest

from cooperation.core.dates import PartialDate
from cooperation.core.records import PublicationStatus
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def icesco():
    icesco = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization", acronym="ICESCO", slug="icesco"
    )
    AlternateNameFactory(record=icesco, name="ICESCO", kind="acronym")
    CitationFactory(record=icesco)
    OrganisationFactory(name="ICESCO Regional Office in Baku", parent=icesco)
    OrganisationFactory(name="Unannounced office", parent=icesco, publication_status=DRAFT)
    OrganisationRelationFactory(
        subject=OrganisationFactory(name="Azerbaijan", kind="state"), object=icesco, start=PartialDate.parse("1991")
    )
    director = PersonFactory(name="Salim AlMalik")
    position = PositionFactory(
        person=director,
        post=PostFactory(organisation=icesco, title="Director-General"),
        first_attested=PartialDate.parse("2021-01-14"),
    )
    ParticipationFactory(event=EventFactory(title="Press conference", slug="press"), person=director, position=position)
    ParticipationFactory(
        event=EventFactory(title="Hidden meeting", publication_status=DRAFT), organisation=icesco, person=None
    )
    return icesco


def test_an_organisation_page_shows_its_parts_relations_people_and_events(client, icesco):
    body = client.get("/organisations/icesco/").content.decode()

    assert "<h1>Islamic World Educational, Scientific and Cultural Organization (ICESCO)</h1>" in body
    assert "ICESCO Regional Office in Baku" in body
    assert "Unannounced office" not in body
    assert re.search(
        r">Azerbaijan</a> is a member of <a [^>]+>Islamic World[^<]+</a>, since <time datetime=\"1991\">1991</time>",
        body,
    )
    assert re.search(
        r"Director-General: <a [^>]+>Salim AlMalik</a> \(attested <time datetime=\"2021-01-14\">14 January 2021</time>\)",
        body,
    )
    assert '<a href="/events/press/">Press conference</a>' in body
    assert "Hidden meeting" not in body


def test_an_organisation_page_describes_it_for_machines(client, icesco):
    body = client.get("/organisations/icesco/").content.decode()

    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Organization"
    assert data["alternateName"] == ["ICESCO"]
    assert [part["name"] for part in data["subOrganization"]] == ["ICESCO Regional Office in Baku"]


def test_an_organisation_page_runs_a_fixed_number_of_queries(client, icesco, django_assert_max_num_queries):
    for number in range(10):
        OrganisationFactory(name=f"Office {number}", parent=icesco)

    # 12: the events section reads the organisation's posts and positions first (core/filters.linked_to),
    # and the relations' quotes are one query.
    with django_assert_max_num_queries(12):
        response = client.get("/organisations/icesco/")

    assert "Office 9" in response.content.decode()
