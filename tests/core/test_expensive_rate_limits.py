"""Expensive answers carry their own rate limit per client, on top of the API's general one: a search
(`?q=` on any list of the API or of the pages, and the site search), an export (the API's lists as CSV
or iCalendar) and the events page's facet counts with filters. Past a limit: 429 with Retry-After,
problem+json under /api/ and a plain page elsewhere. Counted in the shared cache, answers served by the
response cache included; rates from the environment.
"""

import importlib
import json
import sys

import pytest
from django.core.cache import cache

from cooperation.core.web import cache as response_cache
from tests.factories import (
    EventFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnerTokenFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def rates(settings):
    """Two of each expensive answer a minute, and a general limit no test here reaches."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anonymous": "100/minute",
            "partner": "100/minute",
            "search": "2/minute",
            "export": "2/minute",
            "facets": "2/minute",
        },
    }
    response_cache.shared_cache.reset()


@pytest.fixture
def records():
    EventFactory(title="Opening of the regional office", slug="opening")
    PersonFactory(name="Anar Karimov", slug="anar")
    OrganisationFactory(name="Ministry of Culture")
    InitiativeFactory(title="Capitals of culture")
    SourceFactory(title="An article")
    PlaceFactory(name="Baku")


def statuses(client, urls, **extra):
    return [client.get(url, **extra).status_code for url in urls]


def assert_problem_429(response):
    assert response.status_code == 429
    assert response["Content-Type"] == PROBLEM
    assert 1 <= int(response["Retry-After"]) <= 60
    body = json.loads(response.content)
    assert (body["type"], body["title"], body["status"]) == (
        "http://testserver/api/v1/errors/#too-many-requests",
        "Too Many Requests",
        429,
    )
    assert body["detail"] == f"Request was throttled. Expected available in {response['Retry-After']} seconds."
    assert "private" in response["Cache-Control"]


def assert_page_429(response):
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.content.decode()
    # In the page's language: English, or Arabic under /ar/.
    assert "Too many requests" in body or "طلبات كثيرة جدًا" in body
    assert "private" in response["Cache-Control"]


# --- The API --------------------------------------------------------------------------------------


@pytest.mark.parametrize("collection", ["events", "people", "organisations", "initiatives", "sources", "places"])
def test_a_search_of_any_api_list_has_its_own_limit_per_client(client, records, collection):
    searches = [f"/api/v1/{collection}/?q=a", f"/api/v1/{collection}/?q=b", f"/api/v1/{collection}/?q=c"]

    answers = [client.get(url) for url in searches]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert_problem_429(answers[-1])
    assert "throttle_search_127.0.0.1" in cache_keys()


def test_lists_without_a_search_details_and_empty_searches_are_not_counted_as_searches(client, records):
    urls = ["/api/v1/events/", "/api/v1/events/?q=", "/api/v1/events/?q=%20", "/api/v1/events/opening/"] * 2

    assert statuses(client, urls) == [200] * 8
    assert statuses(client, ["/api/v1/events/?q=x"] * 3) == [200, 200, 429]


@pytest.mark.parametrize(
    ("url", "extra"),
    [
        ("/api/v1/events/?format=csv", {}),
        ("/api/v1/events/?format=ics", {}),
        ("/api/v1/people/?format=csv", {}),
        ("/api/v1/events/", {"HTTP_ACCEPT": "text/csv"}),
        ("/api/v1/events/", {"HTTP_ACCEPT": "text/calendar"}),
    ],
)
def test_an_export_has_its_own_limit_per_client_and_is_refused_as_problem_json(client, records, url, extra):
    answers = [client.get(url, **extra) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert_problem_429(answers[-1])
    assert statuses(client, ["/api/v1/events/", "/api/v1/events/opening/?format=csv"]) == [200, 200]


def test_partners_are_counted_by_token_and_clients_by_address(client, records):
    first, second = PartnerTokenFactory().key, PartnerTokenFactory().key
    search = "/api/v1/events/?q=opening"

    assert statuses(client, [search] * 3, HTTP_AUTHORIZATION=f"Bearer {first}") == [200, 200, 429]
    assert statuses(client, [search] * 3, HTTP_AUTHORIZATION=f"Bearer {second}") == [200, 200, 429]
    assert statuses(client, [search] * 3) == [200, 200, 429]
    assert statuses(client, [search] * 3, REMOTE_ADDR="198.51.100.7") == [200, 200, 429]
    assert {"throttle_search_127.0.0.1", "throttle_search_198.51.100.7"} <= cache_keys()


def test_the_general_limit_still_applies_on_top(client, records, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anonymous": "3/minute"},
    }

    assert statuses(client, ["/api/v1/events/?q=a", "/api/v1/events/", "/api/v1/events/", "/api/v1/events/"]) == [
        200,
        200,
        200,
        429,
    ]


def test_a_scope_without_a_rate_is_not_limited(client, records, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100/minute", "partner": "100/minute"},
    }

    assert statuses(client, ["/api/v1/events/?q=a", "/api/v1/events/?format=csv", "/search/?q=a"] * 3) == [200] * 9


# --- The pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "searches",
    [
        ["/search/?q=a", "/search/?q=b", "/search/?q=c"],
        ["/people/?q=a", "/organisations/?q=b", "/sources/?q=c"],
        ["/search/?q=a", "/ar/search/?q=b", "/api/v1/events/?q=c"],  # one count for pages and the API
        ["/ru/places/?q=a", "/initiatives/?q=b", "/ar/events/?q=c"],
    ],
)
def test_a_search_page_has_its_own_limit_per_client_and_a_429_page(client, records, searches):
    answers = [client.get(url) for url in searches]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    if searches[-1].startswith("/api/"):
        assert_problem_429(answers[-1])
    else:
        assert_page_429(answers[-1])


def test_the_429_page_is_in_the_language_of_its_address(client, records):
    statuses(client, ["/search/?q=a", "/search/?q=b"])

    refused = client.get("/ar/search/?q=c")

    assert_page_429(refused)
    assert '<html lang="ar" dir="rtl">' in refused.content.decode()


def test_the_events_facet_counts_with_filters_have_their_own_limit(client, records):
    assert (
        statuses(client, ["/events/", "/events/?page=1", "/events/?year=", "/events/opening/?year=2021"] * 3)
        == [200] * 12
    )
    answers = [client.get(url) for url in ["/events/?year=2021", "/ar/events/?kind=meeting", "/events/?year=2020"]]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert_page_429(answers[-1])
    assert "throttle_facets_127.0.0.1" in cache_keys()


def test_a_search_of_the_events_page_counts_as_a_search_and_as_facets(client, records, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "search": "10/minute"},
    }

    assert statuses(client, ["/events/?q=a", "/events/?q=b", "/events/?q=c"]) == [200, 200, 429]
    assert statuses(client, ["/people/?q=a"]) == [200]


@pytest.mark.parametrize("url", ["/search/?q=opening", "/events/?year=2021", "/api/v1/events/?q=opening"])
def test_answers_served_from_the_response_cache_count_too_and_once(client, records, settings, url):
    settings.RESPONSE_CACHE = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100/minute", "search": "3/minute", "facets": "3/minute"},
    }

    assert statuses(client, [url] * 4) == [200, 200, 200, 429]


def test_a_cache_that_cannot_count_leaves_the_counting_to_the_process(client, records, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.core.test_response_cache.DownCache"}}

    # Searches (the page's and the API's) count together, two a minute; the events page's counts too.
    assert statuses(client, ["/search/?q=a", "/api/v1/events/?q=b", "/events/?year=2021"] * 3) == [
        *(200, 200, 200),
        *(429, 429, 200),
        *(429, 429, 429),
    ]


# --- Rates from the environment -------------------------------------------------------------------


def test_the_rates_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SEARCH_RATE", "7/minute")
    monkeypatch.setenv("EXPORT_RATE", "3/hour")
    monkeypatch.setenv("FACETS_RATE", "11/minute")
    sys.modules.pop("config.settings.base", None)
    try:
        base = importlib.import_module("config.settings.base")
        rates = base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        assert (rates["search"], rates["export"], rates["facets"]) == ("7/minute", "3/hour", "11/minute")
        assert "cooperation.core.api.throttling.SearchRateThrottle" in base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
        assert "cooperation.core.api.throttling.ExportRateThrottle" in base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    finally:
        for name in ("SEARCH_RATE", "EXPORT_RATE", "FACETS_RATE"):
            monkeypatch.delenv(name)
        sys.modules.pop("config.settings.base", None)
        importlib.import_module("config.settings.base")


def cache_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache_entries")
        return {row[0].split(":", 2)[-1] for row in cursor.fetchall()}


def test_counts_live_in_the_shared_cache(client, records):
    client.get("/search/?q=a")

    assert cache.get("throttle_search_127.0.0.1")
