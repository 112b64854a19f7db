"""The events collection of the JSON API: drafts are absent, from the list and from what a published
event embeds, and filtering by a draft reveals nothing."""

import pytest

from cooperation.core.records import PublicationStatus
from tests.factories import (
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT
AS_DRAFT = {"publication_status": DRAFT}

# --- Drafts ---------------------------------------------------------------------------------------


def test_a_draft_event_is_absent_from_the_list_its_count_and_search(api):
    EventFactory(slug="published-visit", title="Visit to Baku")
    EventFactory(slug="draft-visit", title="Visit to Ganja", publication_status=DRAFT)

    listed = api.get("/api/v1/events/").json()
    searched = api.get("/api/v1/events/", {"q": "visit"}).json()

    assert [record["slug"] for record in listed["results"]] == ["published-visit"]
    assert listed["count"] == 1
    assert [record["slug"] for record in searched["results"]] == ["published-visit"]
    assert api.get("/api/v1/events/", {"q": "Ganja"}).json() == {
        "count": 0,
        "count_estimated": False,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_a_draft_event_detail_answers_404_by_id_and_by_slug(api):
    draft = EventFactory(slug="draft-visit", publication_status=DRAFT)

    for address in [f"/api/v1/events/{draft.uuid}/", "/api/v1/events/draft-visit/"]:
        response = api.get(address)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
        assert "draft-visit" not in response.content.decode()


def test_a_draft_person_is_absent_from_a_published_events_participants(api):
    event = EventFactory(slug="visit")
    ParticipationFactory(event=event, person=PersonFactory(name="Anar Karimov"))
    ParticipationFactory(event=event, person=PersonFactory(name="Unconfirmed identity", publication_status=DRAFT))

    detail = api.get("/api/v1/events/visit/").json()
    listed = api.get("/api/v1/events/").json()["results"][0]

    assert [participant["name"] for participant in detail["participants"]] == ["Anar Karimov"]
    assert [participant["name"] for participant in listed["participants"]] == ["Anar Karimov"]
    assert "Unconfirmed identity" not in api.get("/api/v1/events/visit/").content.decode()


def test_a_draft_place_of_a_published_event_is_shown_as_null(api):
    EventFactory(slug="visit", place=PlaceFactory(name="Secret venue", publication_status=DRAFT))

    detail = api.get("/api/v1/events/visit/").json()

    assert detail["place"] is None
    assert api.get("/api/v1/events/").json()["results"][0]["place"] is None
    assert "Secret venue" not in api.get("/api/v1/events/visit/").content.decode()


def test_a_citation_from_a_draft_source_is_absent_from_the_events_citations(api):
    event = EventFactory(slug="visit")
    CitationFactory(record=event, source=SourceFactory(title="Published article"))
    CitationFactory(record=event, source=SourceFactory(title="Unchecked article", publication_status=DRAFT))

    citations = api.get("/api/v1/events/visit/").json()["citations"]

    assert [citation["source"]["name"] for citation in citations] == ["Published article"]


def test_draft_parts_parent_and_initiatives_are_absent_from_a_published_event(api):
    tour = EventFactory(slug="tour", title="Draft tour", publication_status=DRAFT)
    event = EventFactory(slug="visit", parent=tour)
    EventFactory(title="Public meeting", parent=event)
    EventFactory(title="Draft meeting", parent=event, publication_status=DRAFT)
    event.initiatives.add(
        InitiativeFactory(title="Public chair"), InitiativeFactory(title="Draft chair", publication_status=DRAFT)
    )

    detail = api.get("/api/v1/events/visit/").json()

    assert detail["parent"] is None
    assert [child["name"] for child in detail["children"]] == ["Public meeting"]
    assert [initiative["name"] for initiative in detail["initiatives"]] == ["Public chair"]


def draft_participant(event):
    person = PersonFactory(slug="draft", **AS_DRAFT)
    ParticipationFactory(event=event, person=person)
    return person


def draft_participating_organisation(event):
    organisation = OrganisationFactory(slug="draft", **AS_DRAFT)
    ParticipationFactory(event=event, person=None, organisation=organisation)
    return organisation


def draft_place(event):
    event.place = PlaceFactory(slug="draft", **AS_DRAFT)
    event.save()
    return event.place


def draft_initiative(event):
    initiative = InitiativeFactory(slug="draft", **AS_DRAFT)
    event.initiatives.add(initiative)
    return initiative


@pytest.mark.parametrize(
    ("filter_name", "make_draft"),
    [
        ("person", draft_participant),
        ("organisation", draft_participating_organisation),
        ("place", draft_place),
        ("country", draft_place),
        ("initiative", draft_initiative),
    ],
)
def test_filtering_events_by_a_drafts_slug_or_id_reveals_nothing(api, filter_name, make_draft):
    draft = make_draft(EventFactory(slug="visit"))

    by_slug = api.get("/api/v1/events/", {filter_name: "draft"})
    by_id = api.get("/api/v1/events/", {filter_name: str(draft.uuid)})
    unknown = api.get("/api/v1/events/", {filter_name: "no-such-record"})

    # A draft is named like a record that does not exist: nothing tells them apart.
    assert by_slug.status_code == by_id.status_code == unknown.status_code == 400
    assert by_slug.json()["detail"] == unknown.json()["detail"].replace("no-such-record", "draft")
    assert by_id.json()["detail"] == unknown.json()["detail"].replace("no-such-record", str(draft.uuid))
