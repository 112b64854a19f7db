"""The OpenAPI document is valid, complete and true: every collection's operations document their
statuses, their query parameters are exactly the ones the code accepts, and real responses (built
from factory data that fills every nested object) validate against the documented schemas, so a
field added, renamed or retyped in code without the document failing here is impossible.
"""

import copy
import datetime as dt
import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from config.api import router
from cooperation.core.dates import DatePrecision
from cooperation.models import OrganisationKind, PartyRole, PlaceKind, RelationKind
from events.models import ParticipationRole
from tests.factories import (
    AlternateNameFactory,
    CitationFactory,
    EventFactory,
    InitiativeFactory,
    InitiativePartyFactory,
    OrganisationFactory,
    OrganisationRelationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    PostFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
COLLECTIONS = {prefix: viewset for prefix, viewset, _basename in router.registry}
PAGINATION_AND_FORMAT = {"page", "cursor", "page_size", "ordering", "format", "lang", "fields"}
DOCUMENTED_STATUSES = {"200", "304", "400", "404", "406", "429", "500"}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oai.openapi+json"
    return json.loads(response.content)


def as_json_schema(node):
    """An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a null alternative, and objects allow
    no property the document does not name (so an undocumented field fails validation)."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


# Formats are checked, not just annotations: the document tells "" from a URL with oneOf and `format: uri`.
FORMATS = jsonschema.FormatChecker(["uuid", "date", "email"])


@FORMATS.checks("uri")
def is_uri(value):
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def is_date_time(value):
    return dt.datetime.fromisoformat(value).tzinfo is not None


def response_validator(document, path, status="200", media_type="application/json"):
    schema = document["paths"][path]["get"]["responses"][status]["content"][media_type]["schema"]
    root = {**copy.deepcopy(schema), "components": {"schemas": as_json_schema(document["components"]["schemas"])}}
    jsonschema.Draft202012Validator.check_schema(root)
    return jsonschema.Draft202012Validator(root, format_checker=FORMATS)


def rich_records():
    """One published record per collection with every embedded object filled, and their slugs (a
    citation's id)."""
    azerbaijan = PlaceFactory(name="Azerbaijan", slug="azerbaijan", kind=PlaceKind.COUNTRY, country_code="AZ")
    baku = PlaceFactory(
        name="Baku", slug="baku", parent=azerbaijan, latitude=Decimal("40.409264"), longitude=Decimal("49.867092")
    )
    PlaceFactory(name="Icherisheher", slug="icherisheher", kind=PlaceKind.DISTRICT, parent=baku)

    icesco = OrganisationFactory(
        name="Islamic World Educational, Scientific and Cultural Organization",
        acronym="ICESCO",
        slug="icesco",
        headquarters=PlaceFactory(name="Rabat", slug="rabat"),
        website="https://icesco.org",
        founded_date=dt.date(1979, 1, 1),
        founded_date_precision=DatePrecision.YEAR,
    )
    state = OrganisationFactory(
        name="Republic of Azerbaijan", slug="republic-of-azerbaijan", kind=OrganisationKind.STATE, country=azerbaijan
    )
    ministry = OrganisationFactory(
        name="Ministry of Culture",
        slug="ministry-of-culture",
        kind=OrganisationKind.MINISTRY,
        parent=state,
        country=azerbaijan,
        headquarters=baku,
    )
    OrganisationRelationFactory(
        subject=state,
        object=icesco,
        kind=RelationKind.MEMBER_OF,
        start_date=dt.date(1992, 1, 1),
        start_date_precision=DatePrecision.YEAR,
    )

    minister = PersonFactory(
        name="Anar Karimov", slug="anar-karimov", honorific="H.E.", given_name="Anar", family_name="Karimov"
    )
    namesake = PersonFactory(name="A. Karimov", slug="a-karimov")
    minister.possibly_same_as.add(namesake)
    position = PositionFactory(
        person=minister,
        post=PostFactory(organisation=ministry, title="Minister of Culture"),
        start_date=dt.date(2020, 1, 23),
        attested_from=dt.date(2021, 1, 14),
        attested_to=dt.date(2021, 12, 31),
        attested_to_precision=DatePrecision.DAY,
    )

    programme = InitiativeFactory(title="Capital of Islamic Culture", slug="capital-of-islamic-culture")
    initiative = InitiativeFactory(
        title="Baku Capital of Islamic Culture 2009",
        slug="baku-2009",
        parent=programme,
        lead_organisation=icesco,
        start_date=dt.date(2009, 1, 1),
        start_date_precision=DatePrecision.YEAR,
        end_date=dt.date(2009, 12, 31),
        end_date_precision=DatePrecision.YEAR,
    )
    initiative.places.add(baku)
    InitiativePartyFactory(initiative=initiative, organisation=ministry, role=PartyRole.PARTNER)
    InitiativePartyFactory(initiative=initiative, organisation=None, person=minister, role=PartyRole.PARTNER)

    visit = EventFactory(
        title="Visit of the Director-General to Azerbaijan",
        slug="dg-visit",
        start_date=dt.date(2021, 1, 1),
        start_date_precision=DatePrecision.MONTH,
        end_date=dt.date(2021, 1, 31),
        end_date_precision=DatePrecision.MONTH,
    )
    meeting = EventFactory(
        title="Meeting at the Ministry of Culture",
        slug="ministry-meeting",
        parent=visit,
        place=baku,
        location_text="Ministry of Culture, Baku",
        start_date=dt.date(2021, 1, 14),
        end_date=dt.date(2021, 1, 15),
        end_date_precision=DatePrecision.DAY,
        description="Talks on the 2009 programme.",
    )
    meeting.initiatives.add(initiative)
    ParticipationFactory(
        event=meeting, person=minister, position=position, on_behalf_of=state, role=ParticipationRole.HOST
    )
    ParticipationFactory(event=meeting, person=None, organisation=icesco, role=ParticipationRole.DELEGATION_HEAD)
    ParticipationFactory(
        event=meeting, person=None, name="Ambassadors of member states", role=ParticipationRole.GUEST_OF_HONOUR
    )

    source = SourceFactory(
        title="ICESCO Director-General visits Baku",
        slug="dg-visits-baku",
        publisher=icesco,
        author=minister,
        author_name="Press office",
        url="https://icesco.org/en/news/dg-visits-baku",
    )
    for record in (azerbaijan, baku, icesco, ministry, minister, initiative, meeting, visit):
        CitationFactory(record=record, source=source, field="")
        AlternateNameFactory(record=record, name=f"{record} (other name)")
    evidence = CitationFactory(record=meeting.participations.get(person=minister), source=source)
    return {
        "citations": str(evidence.pk),  # citations have no slug: its id
        "places": "baku",
        "organisations": "ministry-of-culture",
        "people": "anar-karimov",
        "initiatives": "baku-2009",
        "events": "ministry-meeting",
        "sources": "dg-visits-baku",
    }


def test_the_served_document_is_a_valid_openapi_3_document_naming_every_collection(document):
    validate_schema(document)

    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "ICESCO–Azerbaijan cooperation records API"
    assert set(document["paths"]) == {
        path for prefix in COLLECTIONS for path in (f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{{id}}/")
    } | {"/api/v1/changes/"}
    assert document["components"]["securitySchemes"]["partnerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A partner token issued by the records' staff; gives higher rate limits. Optional.",
    }


def test_the_generated_document_validates_and_matches_the_served_one(document):
    generated = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(generated)

    assert set(generated["paths"]) == set(document["paths"])
    assert set(generated["components"]["schemas"]) == set(document["components"]["schemas"])


def test_generating_the_document_gives_no_warnings_or_errors(tmp_path):
    GENERATOR_STATS.reset()
    target = tmp_path / "s.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert not GENERATOR_STATS
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["openapi"].startswith("3.")
    assert "/api/v1/events/" in written["paths"]


@pytest.mark.parametrize("prefix", COLLECTIONS)
def test_every_collection_has_list_and_detail_operations_documenting_every_status(document, prefix):
    list_operation = document["paths"][f"/api/v1/{prefix}/"]["get"]
    detail_operation = document["paths"][f"/api/v1/{prefix}/{{id}}/"]["get"]

    proposals = prefix != "citations"  # a record type's collection takes partners' proposals
    assert set(document["paths"][f"/api/v1/{prefix}/"]) == ({"get", "post"} if proposals else {"get"})
    assert set(document["paths"][f"/api/v1/{prefix}/{{id}}/"]) == ({"get", "patch"} if proposals else {"get"})
    for operation in (list_operation, detail_operation):
        responses = operation["responses"]
        assert set(responses) >= DOCUMENTED_STATUSES
        assert all(response["description"] for response in responses.values() if response is not responses["200"])
        for status in DOCUMENTED_STATUSES - {"200", "304"}:
            assert responses[status]["content"] == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        assert "content" not in responses["304"]
        assert "application/json" in responses["200"]["content"]
    assert list_operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].startswith(
        "#/components/schemas/Paginated"
    )


@pytest.mark.parametrize(("prefix", "viewset"), COLLECTIONS.items())
def test_documented_list_parameters_are_exactly_the_filters_the_code_accepts(document, prefix, viewset):
    operation = document["paths"][f"/api/v1/{prefix}/"]["get"]
    documented = {parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "query"}

    assert documented == set(viewset.filterset_class.base_filters) | PAGINATION_AND_FORMAT


@pytest.mark.parametrize(("prefix", "viewset"), COLLECTIONS.items())
def test_documented_formats_are_the_renderers_the_code_offers(document, prefix, viewset):
    formats = {renderer.format for renderer in viewset().get_renderers()}

    for path in (f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{{id}}/"):
        parameters = {parameter["name"]: parameter for parameter in document["paths"][path]["get"]["parameters"]}
        assert set(parameters["format"]["schema"]["enum"]) == formats
        assert {name for name, parameter in parameters.items() if parameter["in"] == "query"} == (
            {"format", "lang", "fields"} if path.endswith("{id}/") else set(parameters) - {"id"}
        )


@pytest.mark.parametrize(("prefix", "viewset"), COLLECTIONS.items())
def test_documented_choices_are_the_choices_the_code_accepts(document, prefix, viewset):
    parameters = {
        parameter["name"]: parameter for parameter in document["paths"][f"/api/v1/{prefix}/"]["get"]["parameters"]
    }

    for name, filter_ in viewset.filterset_class.base_filters.items():
        choices = filter_.extra.get("choices")
        if choices:
            assert set(parameters[name]["schema"]["items"]["enum"]) == {value for value, _label in choices}


@pytest.mark.parametrize("prefix", COLLECTIONS)
def test_every_documented_query_parameter_is_described(document, prefix):
    parameters = document["paths"][f"/api/v1/{prefix}/"]["get"]["parameters"]

    undescribed = [
        p["name"] for p in parameters if p["in"] == "query" and p["name"] != "format" and not p.get("description")
    ]

    assert undescribed == []


@pytest.mark.parametrize(("prefix", "viewset"), COLLECTIONS.items())
def test_the_ordering_parameter_documents_every_key_the_code_accepts(document, prefix, viewset):
    parameters = {p["name"]: p for p in document["paths"][f"/api/v1/{prefix}/"]["get"]["parameters"]}
    documented = json.dumps({key: value for key, value in parameters["ordering"].items() if key != "name"})

    assert [key for key in viewset.ordering_fields if not re.search(rf"\b{key}\b", documented)] == []


@pytest.mark.parametrize("prefix", COLLECTIONS)
def test_real_list_and_detail_responses_validate_against_the_document(client, document, prefix):
    slugs = rich_records()

    listed = client.get(f"/api/v1/{prefix}/?page_size=200")
    detail = client.get(f"/api/v1/{prefix}/{slugs[prefix]}/")

    assert listed.status_code == detail.status_code == 200
    list_body, detail_body = json.loads(listed.content), json.loads(detail.content)
    key = "id" if prefix == "citations" else "slug"
    assert slugs[prefix] in [str(record[key]) for record in list_body["results"]]
    assert str(detail_body[key]) == slugs[prefix]
    list_errors = [error.message for error in response_validator(document, f"/api/v1/{prefix}/").iter_errors(list_body)]
    detail_errors = [
        error.message for error in response_validator(document, f"/api/v1/{prefix}/{{id}}/").iter_errors(detail_body)
    ]
    assert list_errors == []
    assert detail_errors == []


def test_the_validated_event_really_fills_the_nested_objects(client):
    """Guards the test above: the event it checks has a position, an organisation, a group and a citation."""
    rich_records()

    event = json.loads(client.get("/api/v1/events/ministry-meeting/").content)

    participants = {participant["name"]: participant for participant in event["participants"]}
    assert participants["Anar Karimov"]["position"]["title"] == "Minister of Culture"
    assert participants["Anar Karimov"]["on_behalf_of"]["name"] == "Republic of Azerbaijan"
    assert participants["Islamic World Educational, Scientific and Cultural Organization"]["organisation"]
    assert participants["Ambassadors of member states"]["person"] is None
    assert event["parent"]["name"] == "Visit of the Director-General to Azerbaijan"
    assert [initiative["name"] for initiative in event["initiatives"]] == ["Baku Capital of Islamic Culture 2009"]
    assert event["citations"]
    assert event["alternate_names"]
    assert event["place"]["name"] == "Baku"


def test_a_response_with_an_undocumented_field_fails_validation(client, document):
    """Guards the validator: a field the document does not name must be caught."""
    rich_records()
    body = json.loads(client.get("/api/v1/events/ministry-meeting/").content)

    body["undocumented"] = 1
    body["participants"][0]["also_undocumented"] = True

    messages = [error.message for error in response_validator(document, "/api/v1/events/{id}/").iter_errors(body)]
    assert any("undocumented" in message for message in messages)
    assert any("also_undocumented" in message for message in messages)


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("/api/v1/events/", "year=abc", "400"),
        ("/api/v1/events/{id}/", None, "404"),
        ("/api/v1/events/", "format=xml", "406"),
    ],
)
def test_real_problems_validate_against_the_documented_problem_schema(client, document, path, query, status):
    url = path.replace("{id}", "no-such-event") + (f"?{query}" if query else "")

    response = client.get(url)

    assert str(response.status_code) == status
    assert response["Content-Type"] == PROBLEM
    validator = response_validator(document, path, status, PROBLEM)
    assert [error.message for error in validator.iter_errors(json.loads(response.content))] == []


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_documentation_pages_load_their_scripts_from_this_site(client, path):
    response = client.get(path)

    page = response.content.decode()
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert scripts
    # Swagger UI's own start-up script is served by the view itself (?script), not inline.
    assert all(src.startswith("/static/") or src.startswith(f"{path}?script") for src in scripts)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", page), "an inline script would need unsafe-inline"
    csp = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ],
)
def test_the_documentation_pages_name_no_other_host(client, path):
    page = client.get(path).content.decode()

    assert re.findall(r"https?://(?!testserver\b)[^\s\"'<>]+", page) == []


def test_swagger_ui_start_up_script_is_javascript_from_this_site(client):
    page = client.get("/api/v1/docs/").content.decode()
    own_script = next(src for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', page) if "?script" in src)

    response = client.get(own_script)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert "/api/v1/schema/" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
