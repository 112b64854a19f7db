"""Evidence for every fact in the API: the citations collection (every quote a visitor may see, with
the row it supports and the record that shows it), and `?fields=` to choose the fields returned."""

import csv
import io

import pytest

from cooperation.core.records import PublicationStatus
from events.models import ParticipationRole
from tests.api_support import API, summary, uid
from tests.factories import (
    CitationFactory,
    EventFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def opening():
    """An event with a cited participant, a cited post, a draft source's quote and a draft person's."""
    icesco = OrganisationFactory(uuid=uid(10), name="ICESCO", slug="icesco")
    salim = PersonFactory(uuid=uid(20), name="Salim AlMalik", slug="salim")
    director = PositionFactory(uuid=uid(30), person=salim, post=PostFactory(organisation=icesco, title="Director"))
    event = EventFactory(uuid=uid(40), title="Opening ceremony", slug="opening")
    head = ParticipationFactory(uuid=uid(41), event=event, person=salim, role=ParticipationRole.DELEGATION_HEAD)
    secret = PersonFactory(name="Not yet checked", publication_status=DRAFT)
    hidden = ParticipationFactory(event=event, person=secret)
    source = SourceFactory(
        uuid=uid(70), title="The opening", slug="the-opening", text="The office opened. Salim led the delegation."
    )
    unchecked = SourceFactory(title="Unchecked", text="A rumour about the opening.", publication_status=DRAFT)
    CitationFactory(record=event, source=source, quote="The office opened.")
    CitationFactory(record=head, source=source, quote="Salim led the delegation.")
    CitationFactory(record=director, source=source, quote="Salim led")
    CitationFactory(record=event, source=unchecked, quote="A rumour about the opening.")
    CitationFactory(record=hidden, source=source, quote="the delegation")
    return event


def quotes(response):
    assert response.status_code == 200, response.content
    return [item["quote"] for item in response.json()["results"]]


def test_the_citations_collection_lists_every_quote_a_visitor_may_see_with_what_it_supports(api, opening):
    response = api.get("/api/v1/citations/")

    assert quotes(response) == ["The office opened.", "Salim led the delegation.", "Salim led"]
    participant = response.json()["results"][1]
    assert participant == {
        "id": participant["id"],
        "url": f"{API}/citations/{participant['id']}/",
        "source": summary("sources", 70, "The opening"),
        "quote": "Salim led the delegation.",
        "field": "",
        "record_type": "participation",
        "cited_id": str(uid(41)),
        "record": summary("events", 40, "Opening ceremony"),
    }
    assert api.get(participant["url"]).json() == participant


def test_a_quote_from_a_draft_source_or_of_a_part_naming_a_draft_is_not_in_the_collection(api, opening):
    listed = api.get("/api/v1/citations/").json()["results"]
    hidden = opening.citations.model.objects.exclude(pk__in=[item["id"] for item in listed])

    assert sorted(citation.quote for citation in hidden) == ["A rumour about the opening.", "the delegation"]
    for citation in hidden:
        response = api.get(f"/api/v1/citations/{citation.pk}/")
        assert response.status_code == 404
        assert response.json()["detail"] == "No published citation has this id."


def test_citations_are_filtered_by_record_with_its_parts_by_record_type_and_by_source(api, opening):
    assert quotes(api.get("/api/v1/citations/", {"record": str(uid(40))})) == [
        "The office opened.",
        "Salim led the delegation.",
    ]
    assert quotes(api.get("/api/v1/citations/", {"record": str(uid(41))})) == ["Salim led the delegation."]
    assert quotes(api.get("/api/v1/citations/", {"record": str(uid(20))})) == ["Salim led"]
    assert quotes(api.get("/api/v1/citations/", {"record_type": "position,event"})) == [
        "The office opened.",
        "Salim led",
    ]
    assert quotes(api.get("/api/v1/citations/", {"source": "the-opening", "record_type": "participation"})) == [
        "Salim led the delegation."
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"record": "opening"}, "No public record or part has the id “opening”: give an id (UUID) from the API."),
        ({"record": str(uid(99))}, f"No public record or part has the id “{uid(99)}”: give an id (UUID) from the API."),
        (
            {"source": "the-openin"},
            "No published record is named “the-openin”: give a slug or an id (UUID) from the API.",
        ),
        ({"record_type": "party"}, "“party” is not one of the values: "),
        ({"sources": "the-opening"}, "Not a parameter of this address; it accepts: "),
    ],
)
def test_a_citations_filter_naming_nothing_is_a_400_saying_what_to_give(api, opening, query, message):
    response = api.get("/api/v1/citations/", query)

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(message)


def test_a_draft_record_is_refused_as_a_filter_in_the_same_words_as_an_unknown_one(api, opening):
    draft_part = opening.participations.exclude(uuid=uid(41)).get()

    response = api.get("/api/v1/citations/", {"record": str(draft_part.uuid)})

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        f"No public record or part has the id “{draft_part.uuid}”: give an id (UUID) from the API."
    )


def test_citations_as_csv_have_the_supported_record_in_columns(api, opening):
    response = api.get("/api/v1/citations/", {"format": "csv", "record": str(uid(41))})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["quote"], row["record_type"], row["cited_id"], row["record.name"]) for row in rows] == [
        ("Salim led the delegation.", "participation", str(uid(41)), "Opening ceremony")
    ]


def test_an_event_detail_gives_the_quote_behind_each_participant_never_a_draft_sources(api, opening):
    detail = api.get("/api/v1/events/opening/").json()

    assert [(p["id"], [c["quote"] for c in p["citations"]]) for p in detail["participants"]] == [
        (str(uid(41)), ["Salim led the delegation."])
    ]
    assert [c["quote"] for c in detail["citations"]] == ["The office opened."]
    listed = api.get("/api/v1/events/").json()["results"][0]
    assert "citations" not in listed["participants"][0]  # lists stay lean: the quotes are in the detail


def test_fields_chooses_the_fields_of_a_list_and_of_a_detail(api, opening):
    listed = api.get("/api/v1/events/", {"fields": "title,id"}).json()["results"]
    detail = api.get("/api/v1/events/opening/", {"fields": "citations,title"}).json()
    people = api.get("/api/v1/people/", {"fields": "name"}).json()["results"]

    assert listed == [{"id": str(uid(40)), "title": "Opening ceremony"}]  # in the object's order
    assert detail == {"title": "Opening ceremony", "citations": [detail["citations"][0]]}
    assert people == [{"name": "Salim AlMalik"}]


def test_fields_chooses_the_columns_of_a_csv(api, opening):
    response = api.get("/api/v1/events/", {"fields": "slug,title", "format": "csv"})

    assert response.content.decode() == "slug,title\r\nopening,Opening ceremony\r\n"


@pytest.mark.parametrize(
    ("address", "query", "message"),
    [
        (
            "/api/v1/events/",
            {"fields": "title,titel"},
            "“titel” is not a field of this object; choose among: id, slug, ",
        ),
        (
            "/api/v1/events/opening/",
            {"fields": "children,kids"},
            "“kids” is not a field of this object; choose among: ",
        ),
        ("/api/v1/events/", {"fields": ","}, "“,” is not a field of this object; choose among: "),
        ("/api/v1/events/", {"fields": "title", "format": "ics"}, "A calendar's events have their fixed fields"),
    ],
)
def test_a_field_the_object_does_not_have_is_a_400_listing_those_it_has(api, opening, address, query, message):
    response = api.get(address, query)

    assert response.status_code == 400
    assert response.json()["errors"][0] == {"parameter": "fields", "message": response.json()["errors"][0]["message"]}
    assert response.json()["errors"][0]["message"].startswith(message)


def test_the_detail_choices_include_the_detail_fields(api, opening):
    response = api.get("/api/v1/events/opening/", {"fields": "kids"})

    assert "children" in response.json()["errors"][0]["message"]
    assert "description" in response.json()["errors"][0]["message"]
