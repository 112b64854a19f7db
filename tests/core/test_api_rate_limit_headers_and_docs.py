"""Every answer of the API tells the client where it stands against its rate limit (RateLimit-Limit,
-Remaining, -Reset and -Policy, exposed to browsers through CORS), 200s, 304s, errors and 429s alike,
from the limit with the fewest requests left; and the documentation: the token optional on every
operation, the README's examples in the description, and Swagger UI and Redoc pages that name no
other site, nor do the files they load.

(The same in a real browser: tests/browser/test_api_docs.py.)
"""

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from rest_framework.throttling import SimpleRateThrottle

from cooperation.core.web import cache as response_cache
from tests.factories import EventFactory, PartnerTokenFactory

pytestmark = pytest.mark.django_db

HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy")
ANONYMOUS = 3
PARTNER = 5
SEARCH = 2


@pytest.fixture(autouse=True)
def rates(settings):
    """Small limits, counted from nothing in each test."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anonymous": f"{ANONYMOUS}/minute",
            "partner": f"{PARTNER}/minute",
            "search": f"{SEARCH}/minute",
            "export": None,
            "facets": None,
        },
    }
    cache.clear()
    response_cache.shared_cache.reset()
    yield
    response_cache.shared_cache.reset()


@pytest.fixture
def event():
    return EventFactory(title="Opening of the regional office", slug="opening")


def limit(response) -> dict[str, str]:
    return {name: response[name] for name in HEADERS if response.has_header(name)}


def remaining(response) -> int:
    return int(response["RateLimit-Remaining"])


def assert_window(response, limit_count):
    """The limit's headers, with a reset within the minute's window."""
    assert response["RateLimit-Limit"] == str(limit_count)
    assert response["RateLimit-Policy"] == f"{limit_count};w=60"
    assert 1 <= int(response["RateLimit-Reset"]) <= 60


# --- The headers ----------------------------------------------------------------------------------


def test_every_answer_counts_down_to_a_429_that_keeps_retry_after(client, event):
    answers = [
        client.get("/api/v1/"),  # the API's root
        client.get("/api/v1/events/no-such-event/"),  # 404 from a collection
        client.get("/api/v1/events/?year=abc"),  # 400
        client.get("/api/v1/changes/"),  # the change feed, past the limit
    ]

    assert [answer.status_code for answer in answers] == [200, 404, 400, 429]
    assert [remaining(answer) for answer in answers] == [2, 1, 0, 0]
    for answer in answers:
        assert_window(answer, ANONYMOUS)
    throttled = answers[-1]
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert throttled["RateLimit-Reset"] == throttled["Retry-After"]


def test_the_reset_is_when_the_oldest_request_counted_leaves_the_window(client, event, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(SimpleRateThrottle, "timer", staticmethod(lambda: clock[0]))

    def get_at(moment, url="/api/v1/events/"):
        clock[0] = moment
        response = client.get(url)
        return response.status_code, remaining(response), int(response["RateLimit-Reset"])

    assert get_at(1000) == (200, 2, 60)
    assert get_at(1020) == (200, 1, 40)
    assert get_at(1040) == (200, 0, 20)
    clock[0] = 1045
    throttled = client.get("/api/v1/events/")
    assert (throttled.status_code, remaining(throttled), throttled["RateLimit-Reset"]) == (429, 0, "15")
    assert throttled["Retry-After"] == "15"
    # The request of 1000 has left the window: one more is allowed, and the next leaves at 1080.
    assert get_at(1060.5) == (200, 0, 20)
    # Not counted (no view): the limit as it stands.
    assert get_at(1070, "/api/v1/no-such-collection/") == (404, 0, 10)
    assert get_at(1100.5) == (200, 1, 20)


def test_a_304_carries_the_headers_with_its_own_count(client, event):
    first = client.get("/api/v1/events/opening/")

    not_modified = client.get("/api/v1/events/opening/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (first.status_code, not_modified.status_code) == (200, 304)
    assert (remaining(first), remaining(not_modified)) == (2, 1)
    assert_window(not_modified, ANONYMOUS)


@pytest.mark.parametrize(
    ("url", "extra", "status"),
    [
        ("/api/v1/no-such-collection/", {}, 404),  # no view
        ("/api/v1/events/?lang=xx", {}, 400),  # refused by the middleware, before the view
        ("/api/v1/events/?q=%00", {}, 400),
        ("/api/v1/events/?format=xml", {}, 406),  # refused before the view counts
    ],
)
def test_an_answer_refused_before_any_limit_counted_tells_the_limit_as_it_stands(client, event, url, extra, status):
    counted = client.get("/api/v1/events/")

    refused = client.get(url, **extra)
    after = client.get("/api/v1/events/")

    assert refused.status_code == status
    assert limit(refused) == {**limit(counted), "RateLimit-Reset": refused["RateLimit-Reset"]}
    assert_window(refused, ANONYMOUS)
    assert (remaining(counted), remaining(refused), remaining(after)) == (2, 2, 1)


def test_before_anything_is_counted_the_whole_limit_is_left_and_nothing_waits(client):
    refused = client.get("/api/v1/no-such-collection/")

    assert refused.status_code == 404
    assert limit(refused) == {
        "RateLimit-Limit": "3",
        "RateLimit-Remaining": "3",
        "RateLimit-Reset": "0",
        "RateLimit-Policy": "3;w=60",
    }


def test_a_partner_sees_its_own_limit_and_anonymous_clients_theirs(client, event):
    key = PartnerTokenFactory().key
    partner = [client.get("/api/v1/events/", HTTP_AUTHORIZATION=f"Bearer {key}") for _ in range(PARTNER + 1)]
    anonymous = client.get("/api/v1/events/")
    refused_with_a_token = client.get("/api/v1/events/?format=xml", HTTP_AUTHORIZATION=f"Token {key}")

    assert [answer.status_code for answer in partner] == [200] * PARTNER + [429]
    assert [remaining(answer) for answer in partner] == [4, 3, 2, 1, 0, 0]
    for answer in partner:
        assert_window(answer, PARTNER)
    assert partner[-1]["RateLimit-Reset"] == partner[-1]["Retry-After"]
    # The same address without the token: the anonymous limit, untouched by the partner's requests.
    assert anonymous.status_code == 200
    assert_window(anonymous, ANONYMOUS)
    assert remaining(anonymous) == ANONYMOUS - 1
    # Refused before the view: the partner's limit as it stands, read from the token.
    assert refused_with_a_token.status_code == 406
    assert_window(refused_with_a_token, PARTNER)
    assert remaining(refused_with_a_token) == 0


def test_an_unknown_token_is_counted_against_the_anonymous_limit(client, event):
    refused = client.get("/api/v1/events/", HTTP_AUTHORIZATION="Bearer not-a-key")

    assert refused.status_code == 401
    assert_window(refused, ANONYMOUS)
    assert remaining(refused) == ANONYMOUS - 1


def test_of_several_limits_the_one_with_fewest_requests_left_is_told(client, event):
    key = PartnerTokenFactory().key
    authorization = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    searches = [client.get("/api/v1/events/?q=opening", **authorization) for _ in range(SEARCH + 1)]
    plain = client.get("/api/v1/events/", **authorization)

    assert [answer.status_code for answer in searches] == [200] * SEARCH + [429]
    # The search limit (2 a minute) runs out before the partner's (5).
    assert [remaining(answer) for answer in searches] == [1, 0, 0]
    for answer in searches:
        assert_window(answer, SEARCH)
    assert searches[-1]["RateLimit-Reset"] == searches[-1]["Retry-After"]
    # A list without a search counts against the partner's limit alone: 2 searches allowed, the
    # refused one, and this one.
    assert_window(plain, PARTNER)
    assert remaining(plain) == PARTNER - 4


def test_an_answer_served_from_the_response_cache_tells_this_requests_count(client, settings, event):
    settings.RESPONSE_CACHE = True

    answers = [client.get("/api/v1/events/") for _ in range(ANONYMOUS + 1)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert [remaining(answer) for answer in answers] == [2, 1, 0, 0]
    assert answers[-1]["RateLimit-Reset"] == answers[-1]["Retry-After"]
    stored = [entry for entry in cache_values() if isinstance(entry, tuple) and len(entry) == 4]
    assert stored, "the answer should have been stored"
    assert not any(name.lower().startswith("ratelimit") for entry in stored for name, _value in entry[1])


def cache_values():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache_entries")
        keys = [row[0].split(":", 2)[-1] for row in cursor.fetchall()]
    return [cache.get(key) for key in keys]


def test_browsers_may_read_the_headers_across_origins(client, event):
    response = client.get("/api/v1/events/", HTTP_ORIGIN="https://partner.example")

    exposed = {name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {name.lower() for name in HEADERS} <= exposed
    assert "retry-after" in exposed
    assert limit(response)


def test_with_the_shared_cache_down_the_headers_tell_the_processs_own_count(client, event):
    response_cache.shared_cache.paused_until = time.monotonic() + 60

    first, second = client.get("/api/v1/events/"), client.get("/api/v1/events/")

    assert (first.status_code, second.status_code) == (200, 200)
    assert int(first["RateLimit-Remaining"]) - int(second["RateLimit-Remaining"]) == 1


def test_pages_outside_the_api_carry_no_api_limit(client, event):
    assert limit(client.get("/events/")) == {}


# --- The OpenAPI document -------------------------------------------------------------------------


@pytest.fixture
def document(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_read_may_be_called_without_the_token_or_with_it_and_a_proposal_needs_it(document):
    securities = {
        f"{method.upper()} {path}": operation.get("security")
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    reads = {name: security for name, security in securities.items() if name.startswith("GET ")}
    proposals = {name: security for name, security in securities.items() if not name.startswith("GET ")}

    assert len(reads) > 10
    assert {name for name, security in reads.items() if security != [{}, {"partnerToken": []}]} == set()
    assert len(proposals) == 12  # POST and PATCH of each record type's collection
    assert {name for name, security in proposals.items() if security != [{"partnerToken": []}]} == set()
    assert document["components"]["securitySchemes"]["partnerToken"]["scheme"] == "bearer"
    assert "security" not in document  # no requirement for the whole document


def readme_examples() -> list[str]:
    readme = (Path(django_settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## The JSON API\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"^```sh\n(.*?)^```", section, re.S | re.M)
    assert block, "the README's API section has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_description_carries_the_readmes_curl_examples(document):
    description = document["info"]["description"]
    examples = readme_examples()

    assert description.startswith("Read the published records")
    assert "\n## Examples\n" in description
    assert sum(line.startswith("curl ") for line in examples) >= 5
    code = description.split("```sh\n", 1)[1].split("```", 1)[0]
    assert code.splitlines() == examples


# --- Swagger UI and Redoc: nothing from another site ----------------------------------------------

REFERENCE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')\s]+)""")
# What a script or stylesheet would have a browser fetch from elsewhere: an element's source, or the
# address of an image, a font or a stylesheet. (Links, such as Redoc's to Redocly, fetch nothing.)
FETCHED_ELSEWHERE = re.compile(
    r"""\bsrc\s*[:=]\s*["']https?://(?!testserver/)[^"']*"""
    r"""|["'(]https?://(?!testserver/)[^"'()\s]+\.(?:svg|png|jpe?g|gif|webp|ico|woff2?|ttf|otf|css)\b"""
    r"""|fonts\.googleapis|fonts\.gstatic|cdn\.redoc\.ly|cdn\.jsdelivr"""
)


def own_address(reference: str) -> bool:
    parts = urlsplit(reference)
    return (parts.scheme in ("", "data", "blob") and not parts.netloc) or parts.netloc == "testserver"


def references(text: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in REFERENCE.finditer(text)]


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_documentation_and_every_file_it_loads_name_only_this_site(client, path):
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    loaded = [reference for reference in references(html) if reference and not reference.startswith("#")]

    assert loaded, "the page should load scripts"
    assert [reference for reference in loaded if not own_address(reference)] == []
    assert not FETCHED_ELSEWHERE.search(html)
    for reference in loaded:
        response = client.get(reference)
        assert response.status_code == 200, reference
        if not response["Content-Type"].startswith(("text/", "application/javascript")):
            continue  # an image: the favicon
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8")
        if reference.endswith(".css"):
            assert [url for url in references(text) if not own_address(url)] == [], reference
        assert FETCHED_ELSEWHERE.findall(text) == [], reference


def test_redoc_is_served_without_the_logo_it_would_fetch_from_redocly(client):
    html = client.get("/api/v1/redoc/").content.decode()
    script = re.search(r'<script src="([^"]+)"', html).group(1)

    response = client.get(script)

    assert script == "/api/v1/redoc/?script"
    assert response["Content-Type"] == "application/javascript"
    body = response.content.decode()
    assert body.startswith("/*! For license information please see redoc.standalone.js.LICENSE.txt */")
    assert "cdn.redoc.ly" not in body
    assert '"data:,"' in body
    assert body.rstrip().endswith(
        "//# sourceMappingURL=/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js.map"
    )
    assert client.get("/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js.map").status_code == 200


def test_swagger_ui_sends_nothing_to_the_validator_and_hides_the_padlock_of_anonymous_operations(client):
    script = client.get("/api/v1/docs/?script").content.decode()

    assert re.search(r"\bvalidatorUrl: null\b", script)
    assert "wrapComponents" in script
    assert "OperationSummary" in script
