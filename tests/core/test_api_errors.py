"""Every error under /api/ is RFC 9457 problem details (application/problem+json), and bad input of
any kind (unparseable values, invalid UTF-8, NUL bytes, huge numbers, oversized or deeply nested
bodies, wrong methods and formats) is a 4xx that says what was wrong, never a 500 or an HTML page.
"""

import json

import pytest
from django.test import Client

from cooperation.core.api.problems import PROBLEMS, TITLES
from events.api.views import EventViewSet
from events.models import Event
from tests.factories import EventFactory, PartnerTokenFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
COLLECTIONS = ["events", "people", "organisations", "initiatives", "sources", "places"]


@pytest.fixture
def event():
    return EventFactory(title="Opening of the ICESCO regional office", slug="opening")


@pytest.mark.parametrize(
    ("query", "parameter", "message_part"),
    [
        ("date_from=2021-13", "date_from", "“2021-13” is not a date"),
        ("date_to=14.01.2021", "date_to", "“14.01.2021” is not a date"),
        # django-filter applies `message % params`: a "%" in the value must not break the message.
        ("date_from=50%25", "date_from", "“50%” is not a date"),
        ("date_to=%25(value)s", "date_to", "“%(value)s” is not a date"),
        ("kind=%25s", "kind", "“%s” is not one of the values: "),
        ("year=abc", "year", "four-digit numbers"),
        ("year=2021,abc", "year", "four-digit numbers"),
        ("year=99999999999999999999999", "year", "four-digit numbers"),
        ("date_from=99999999999999999999", "date_from", "is not a date"),
        ("updated_since=99999999999999999999999", "updated_since", "Enter a date and time in ISO 8601, such as"),
        ("updated_since=yesterday", "updated_since", "Enter a date and time in ISO 8601, such as 2026-01-01T00:00:00Z"),
        ("kind=bogus", "kind", "“bogus” is not one of the values: "),
        ("kind=meeting,bogus", "kind", "“bogus” is not one of the values: "),
        ("status=bogus", "status", "“bogus” is not one of the values: "),
        ("page=0", "page", "whole number 1 or more; got “0”"),
        ("page=-1", "page", "whole number 1 or more"),
        ("page=2", "page", "Page 2 does not exist: the last page is 1."),
        ("page=99999999999999999999", "page", "Page 99999999999999999999 does not exist: the last page is 1."),
        ("page=abc", "page", "whole number 1 or more; got “abc”"),
        ("page=١", "page", "whole number"),
        ("page_size=500", "page_size", "whole number from 1 to 200; got “500”"),
        ("page_size=0", "page_size", "whole number from 1 to 200"),
        ("page_size=abc", "page_size", "whole number from 1 to 200; got “abc”"),
        ("page_size=99999999999999999999", "page_size", "whole number from 1 to 200"),
        ("ordering=nope", "ordering", "Unknown ordering key “nope”"),
        ("ordering=-start_date,-nope", "ordering", "Unknown ordering key “-nope”"),
        ("ordering=search_key", "ordering", "Unknown ordering key “search_key”"),
        ("year=" + ",".join(["2021"] * 51), "year", "at most 50 values"),
        ("person=salim-al-malik", "person", "No published record is named “salim-al-malik”: give a slug or an id"),
        ("person=50%25", "person", "No published record is named “50%”"),  # a % in the value is no format
        ("country=nowhere,azerbaijan-typo", "country", "No published record is named “nowhere”, “azerbaijan-typo”"),
        ("date_from=2025&date_to=2021", "date_from", "date_from is after date_to"),
    ],
)
def test_unparseable_parameter_is_a_400_problem_naming_the_parameter(client, event, query, parameter, message_part):
    response = client.get(f"/api/v1/events/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["type"] == "http://testserver/api/v1/errors/#bad-request"
    assert body["title"] == "Bad Request"
    assert body["status"] == 400
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert message_part in body["errors"][0]["message"]
    assert body["detail"] == f"{parameter}: {body['errors'][0]['message']}"
    # An error is never stored by a shared cache, whoever asked.
    assert response["Cache-Control"] == "private, no-cache"
    assert Event.objects.get().title == "Opening of the ICESCO regional office"


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize(
    ("query", "parameter"), [("page=0", "page"), ("page_size=500", "page_size"), ("ordering=x", "ordering")]
)
def test_every_collection_answers_paging_and_ordering_mistakes_with_a_problem(client, collection, query, parameter):
    response = client.get(f"/api/v1/{collection}/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert (body["title"], body["status"]) == ("Bad Request", 400)
    assert [error["parameter"] for error in body["errors"]] == [parameter]


@pytest.mark.parametrize(
    "query_string",
    ["q=%ff%fe", "q=%ed%a0%80", "q=%c0%af", "%ff=1", "kind=%ff", "ordering=%ff", "page=%ff"],
    ids=["invalid-utf8", "lone-surrogate", "overlong-encoding", "invalid-utf8-name", "kind", "ordering", "page"],
)
def test_invalid_utf8_in_the_query_string_is_never_a_server_error(client, event, query_string):
    response = client.get("/api/v1/events/", QUERY_STRING=query_string)

    assert response.status_code < 500
    assert response["Content-Type"] in {"application/json", PROBLEM}
    body = json.loads(response.content)
    # Either a page (the value decoded with U+FFFD) or a problem: never Django's HTML error page.
    assert set(body) == {"count", "next", "previous", "results"} or body["status"] == response.status_code
    assert Event.objects.get().title == "Opening of the ICESCO regional office"


@pytest.mark.parametrize(
    ("query_string", "parameter"),
    [("q=%ff%fe", "q"), ("q=%ed%a0%80", "q"), ("q=a%00b", "q")],
    ids=["invalid-utf8", "lone-surrogate", "nul"],
)
def test_undecodable_query_value_is_a_400_naming_the_parameter(client, event, query_string, parameter):
    response = client.get("/api/v1/events/", QUERY_STRING=query_string)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert [error["parameter"] for error in json.loads(response.content).get("errors", [])] == [parameter]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/events/?q=a%00b", "q"),
        ("/api/v1/events/?a%00b=1", "a\x00b"),
        ("/api/v1/events/a%00b/", "path"),
        ("/api/v1/people/?person=%00", "person"),
    ],
)
def test_nul_character_in_an_api_address_is_a_400_problem_naming_where(client, event, path, parameter):
    response = client.get(path)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#bad-request",
        "title": "Bad Request",
        "status": 400,
        "detail": f"{parameter}: Contains a NUL character.",
        "errors": [{"parameter": parameter, "message": "Contains a NUL character."}],
    }
    assert Event.objects.get().title == "Opening of the ICESCO regional office"


def test_unknown_bearer_token_is_a_401_problem_with_a_challenge(client, event):
    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION="Bearer not-a-key-anyone-was-given")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#unauthorized",
        "title": "Unauthorized",
        "status": 401,
        "detail": "This token is unknown or has been revoked.",
    }
    assert "private" in response["Cache-Control"]


def test_revoked_token_is_a_401_problem_and_is_not_marked_as_used(client, event):
    token = PartnerTokenFactory(partner="Ministry of Culture portal")
    key = token.key
    token.revoke()

    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert json.loads(response.content)["detail"] == "This token is unknown or has been revoked."
    token.refresh_from_db()
    assert token.last_used_at is None
    assert token.revoked_at is not None


@pytest.mark.parametrize("header", ["Bearer", "Bearer two parts", "Token a b c"])
def test_malformed_authorization_header_is_a_401_problem_saying_how_to_give_the_token(client, event, header):
    response = client.get("/api/v1/events/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert json.loads(response.content)["detail"] == "Give the token as “Authorization: Bearer <key>”."


def test_unknown_id_is_a_404_problem(client, event):
    response = client.get("/api/v1/events/00000000-0000-4000-8000-000000000000/")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert (body["type"], body["title"], body["status"]) == (
        "http://testserver/api/v1/errors/#not-found",
        "Not Found",
        404,
    )
    assert body["detail"]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_unknown_slug_is_a_404_problem_in_every_collection(client, collection):
    response = client.get(f"/api/v1/{collection}/no-such-record/")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert (body["title"], body["status"]) == ("Not Found", 404)
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("debug", [False, True])  # DEBUG (`make run`) would show Django's page of URL patterns
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/nothing", "/api/", "/api/v2/events/", "/api/v1/events/x/y/"])
def test_unknown_route_under_api_is_a_404_problem_not_an_html_page(client, settings, path, method, debug):
    settings.DEBUG = debug

    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "There is nothing at this address. The API's collections are listed at /api/v1/.",
    }
    assert b"<html" not in response.content


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"<html" in response.content
    assert b"problem" not in response.content


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("put", "collection"),
        ("patch", "collection"),
        ("delete", "collection"),
        ("post", "detail"),
        ("put", "detail"),
        ("delete", "detail"),
    ],
)
def test_writes_other_than_proposals_are_a_405_problem_and_change_nothing(client, event, method, target):
    # A collection takes a proposed record (POST), a record a proposed correction (PATCH): tests/core/proposals/.
    path = "/api/v1/events/" if target == "collection" else f"/api/v1/events/{event.uuid}/"

    response = getattr(client, method)(path, data={"title": "Changed"}, content_type="application/json")

    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM
    assert response["Allow"] == ("GET, POST, HEAD, OPTIONS" if target == "collection" else "GET, PATCH, HEAD, OPTIONS")
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#method-not-allowed",
        "title": "Method Not Allowed",
        "status": 405,
        "detail": f'Method "{method.upper()}" not allowed.',
    }
    assert list(Event.objects.values_list("title", flat=True)) == ["Opening of the ICESCO regional office"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("[" * 5000 + "]" * 5000, "application/json"),
        ('{"a":' * 5000 + "1" + "}" * 5000, "application/json"),
        (b'{"title": "\xff\xfe"}', "application/json; charset=utf-8"),
        (b'{"title": "\xed\xa0\x80"}', "application/json"),
        ('{"title": "a\\u0000b"}', "application/json"),
        ("<event><title>Changed</title></event>", "application/xml"),
        ("title=Changed", "application/x-www-form-urlencoded"),
        ("--x\r\nbroken multipart", "multipart/form-data; boundary=x"),
        ("{not json", "application/json"),
        ('{"n": 1e999999}', "application/json"),
    ],
    ids=[
        "nested-arrays-5000",
        "nested-objects-5000",
        "invalid-utf8",
        "lone-surrogate",
        "nul",
        "xml",
        "form",
        "broken-multipart",
        "malformed-json",
        "huge-number",
    ],
)
@pytest.mark.parametrize("method", ["post", "put"])
def test_hostile_bodies_are_a_4xx_problem_never_a_500(event, method, data, content_type):
    client = Client(raise_request_exception=False)
    path = "/api/v1/events/" if method == "post" else f"/api/v1/events/{event.uuid}/"

    response = getattr(client, method)(path, data=data, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == response.status_code
    assert body["title"]
    assert body["detail"]
    assert list(Event.objects.values_list("title", flat=True)) == ["Opening of the ICESCO regional office"]


@pytest.mark.parametrize("path", ["/api/v1/events/?format=xml", "/api/v1/events/opening/?format=xml"])
def test_unknown_format_is_a_406_problem_listing_the_formats_offered(client, event, path):
    response = client.get(path)

    assert response.status_code == 406
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#not-acceptable",
        "title": "Not Acceptable",
        "status": 406,
        "detail": "Unknown format “xml”. This resource is available as: json, csv, ics.",
    }


@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/", "/api/v1/"])
def test_unacceptable_accept_header_is_a_406_problem(client, event, path):
    response = client.get(path, HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert (body["title"], body["status"]) == ("Not Acceptable", 406)
    assert body["detail"] == "Could not satisfy the request Accept header."


@pytest.mark.parametrize("path", ["/api/v1/people/?format=ics", "/api/v1/places/?format=ics"])
def test_icalendar_is_offered_for_events_only(client, path):
    response = client.get(path)

    assert response.status_code == 406
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["detail"] == "Unknown format “ics”. This resource is available as: json, csv."


@pytest.mark.parametrize("method", ["POST", "GET", "PUT"])
def test_body_larger_than_the_limit_is_a_413_problem_before_it_is_read(client, settings, event, method):
    declared = settings.API_MAX_BODY_BYTES + 1

    response = client.generic(
        method, "/api/v1/events/", data=b"{}", content_type="application/json", CONTENT_LENGTH=str(declared)
    )

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#request-too-large",
        "title": "Request Entity Too Large",
        "status": 413,
        "detail": f"The request body is {declared} bytes; the API accepts at most {settings.API_MAX_BODY_BYTES}.",
    }
    assert Event.objects.get().title == "Opening of the ICESCO regional office"


def test_an_actual_oversized_body_is_a_413_problem(client, settings, event):
    settings.API_MAX_BODY_BYTES = 1024
    body = json.dumps({"title": "x" * 2048})

    response = client.post("/api/v1/events/", data=body, content_type="application/json")

    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["detail"] == (
        f"The request body is {len(body)} bytes; the API accepts at most 1024."
    )
    assert Event.objects.get().title == "Opening of the ICESCO regional office"


def test_content_length_that_is_not_a_number_is_a_400_problem(client, event):
    response = client.get("/api/v1/events/", CONTENT_LENGTH="lots")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["detail"] == "The Content-Length header is not a number."


class Boom(Exception):
    pass


def explode(*args, **kwargs):
    raise Boom("a bug inside the view")


@pytest.mark.parametrize(
    ("action", "path"),
    [("list", "/api/v1/events/"), ("list", "/api/v1/events/?format=csv"), ("retrieve", "/api/v1/events/opening/")],
)
def test_an_exception_in_a_view_is_a_500_problem_not_the_html_error_page(monkeypatch, event, action, path):
    monkeypatch.setattr(EventViewSet, action, explode)
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content) == {
        "type": "http://testserver/api/v1/errors/#server-error",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "Something went wrong on our side; the error has been logged.",
    }
    assert b"a bug inside the view" not in response.content
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert Event.objects.get().title == "Opening of the ICESCO regional office"


@pytest.mark.parametrize("format_", ["csv", "ics"])
def test_an_error_asked_for_as_csv_or_icalendar_is_still_a_json_problem(client, event, format_):
    response = client.get(f"/api/v1/events/?format={format_}&year=abc")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["errors"] == [
        {"parameter": "year", "message": "Give years as four-digit numbers, such as 2021 or 2021,2025."}
    ]
    assert b"BEGIN:VCALENDAR" not in response.content


def test_a_missing_record_asked_for_as_csv_is_a_json_problem(client):
    response = client.get("/api/v1/events/no-such-event/?format=csv")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert json.loads(response.content)["status"] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/events/",
        "/api/v1/events/opening/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ],
)
@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "get", "HTTP_AUTHORIZATION": "Bearer unknown"}, 401),
        ({"method": "put"}, 405),
        ({"method": "delete"}, 405),
        ({"method": "get", "QUERY_STRING": "format=xml"}, 406),
    ],
    ids=["401", "405-put", "405-delete", "406"],
)
def test_every_api_endpoint_answers_its_errors_as_json_problems(client, event, path, request_kwargs, status):
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method")

    response = getattr(client, method)(path, **kwargs)

    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["status"] == status
    assert set(body) >= {"type", "title", "status", "detail"}


@pytest.mark.parametrize(
    ("address", "parameter", "accepted"),
    [
        ("/api/v1/events/?yaer=2025", "yaer", ["year", "date_from", "person", "page", "cursor", "lang"]),
        ("/api/v1/people/?page_sise=5", "page_sise", ["page_size", "organisation", "q"]),
        ("/api/v1/events/opening/?q=x", "q", ["format", "lang"]),
    ],
)
def test_a_parameter_the_address_does_not_know_is_a_400_listing_the_ones_it_does(
    client, event, address, parameter, accepted
):
    response = client.get(address)

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameter"] == parameter
    assert error["message"].startswith("Not a parameter of this address; it accepts: ")
    listed = error["message"].removeprefix("Not a parameter of this address; it accepts: ").rstrip(".").split(", ")
    assert set(accepted) <= set(listed)
    assert parameter not in listed


@pytest.mark.parametrize(
    ("address", "parameter", "message"),
    [
        ("/api/v1/events/?year=2025&year=2021", "year", "Given more than once: give several values in one"),
        (
            "/api/v1/changes/?sinse=3",
            "sinse",
            "Not a parameter of this address; it accepts: format, lang, limit, since.",
        ),
        ("/api/v1/changes/?since=99999", "since", "“99999” is not a cursor of this feed"),
        ("/api/v1/events/?lang=xx", "lang", "lang “xx” is not a language of the records"),
    ],
)
def test_a_repeated_or_unknown_parameter_a_made_up_cursor_and_a_bad_language_are_400s_naming_them(
    client, event, address, parameter, message
):
    response = client.get(address)

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameter"] == parameter
    assert error["message"].startswith(message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "status"),
    [("/api/v1/events/?yaer=2025", 400), ("/api/v1/events/no-such-event/", 404), ("/api/v1/nothing-here/", 404)],
)
def test_a_problems_type_is_the_section_of_the_errors_page_that_documents_it(client, address, status):
    body = json.loads(client.get(address).content)
    page, fragment = body["type"].split("#")

    documentation = client.get(page.removeprefix("http://testserver"))

    assert body["status"] == status
    assert documentation.status_code == 200
    html = documentation.content.decode()
    section = html[html.index(f'<section id="{fragment}"') :]
    assert f'<h2 id="{fragment}-heading">{status} ' in section[: section.index("</section>")]
    assert "What to do:" in section[: section.index("</section>")]


def test_every_status_the_api_answers_with_has_a_documented_type():
    assert set(TITLES) <= set(PROBLEMS)
