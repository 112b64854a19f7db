"""Degrade, never crash: with the database unreachable, what needs the records answers 503 with
Retry-After (problem+json under /api/, a page elsewhere) and what needs no data still answers; a slow
statement is cancelled on PostgreSQL; OPTIONS and TRACE never give a 500; static files answer to the
same host check and headers as pages."""

import json

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.test import Client

from tests.environment import base_settings_under
from tests.factories import EventFactory

PROBLEM = "application/problem+json"


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does when PostgreSQL is stopped or unreachable."""

    def refuse(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/events/", "/api/v1/events/opening/", "/api/v1/changes/"])
def test_an_api_read_with_the_database_down_is_a_503_problem_with_retry_after(visitor, database_down, path):
    response = visitor.get(path)

    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"] == "30"
    body = json.loads(response.content)
    assert body["type"] == "http://testserver/api/v1/errors/#service-unavailable"
    assert body["detail"] == "The records cannot be reached for a moment; try again in 30 seconds."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/", "The records are unavailable for a moment"),
        ("/events/", "The records are unavailable for a moment"),
        ("/ar/events/", "السجلات غير متاحة لحظياً"),  # in the page's language
        ("/sitemap.xml", "The records are unavailable for a moment"),
    ],
)
def test_a_page_with_the_database_down_is_a_503_page_with_retry_after(visitor, database_down, path, said):
    response = visitor.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    assert said in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/nowhere/", 404),
        ("/api/v1/events/?yaer=2025", 400),
        ("/api/v1/events/?format=xml", 406),
        ("/api/v1/", 200),
        ("/api/v1/errors/", 200),
        ("/robots.txt", 200),
        ("/healthz", 200),
        ("/readyz", 503),
    ],
)
def test_what_needs_no_data_still_answers_with_the_database_down(visitor, database_down, path, status):
    assert visitor.get(path).status_code == status


@pytest.mark.django_db
def test_readiness_names_what_is_missing(visitor, database_down):
    response = visitor.get("/readyz")

    assert response.json() == {
        "status": "unavailable",
        # The tests' cache is the database's table: down with it.
        "checks": {"database:default": "unreachable: OperationalError", "cache": "unreachable: OperationalError"},
    }
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_but_degraded_without_the_shared_cache(visitor, settings):
    """The site answers without Redis (every answer computed): taking every app server out of the load
    balancer for it would turn a partial outage into a whole one."""
    settings.CACHES = {"default": {"BACKEND": "tests.core.test_response_cache.DownCache"}}

    response = visitor.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database:default": "ok", "migrations": "ok", "cache": "unreachable: ConnectionError"},
    }


@pytest.mark.django_db
def test_ready_when_the_database_and_cache_answer_and_every_migration_is_applied(visitor):
    response = visitor.get("/readyz", HTTP_HOST="10.0.0.7")  # a load balancer asks by address

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {"database:default": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_alive_without_asking_the_database(visitor):
    # No django_db mark: any query here would fail the test (pytest-django refuses it).
    response = visitor.get("/healthz", HTTP_HOST="10.0.0.7")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_timeout_is_cancelled_and_answered_503(visitor, settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("The statement timeout is PostgreSQL's.")
    EventFactory(slug="opening")
    settings.RESPONSE_CACHE = False
    real_fetch_all = QuerySet._fetch_all

    def slow(self):  # one query of the request takes a second
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(1)")
        return real_fetch_all(self)

    monkeypatch.setattr(QuerySet, "_fetch_all", slow)
    with connection.cursor() as cursor:  # this session's, as DATABASE_STATEMENT_TIMEOUT sets every app server's
        cursor.execute("SET statement_timeout = '50ms'")
    try:
        response = visitor.get("/api/v1/events/opening/")
    finally:
        monkeypatch.undo()
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_the_app_servers_statement_timeout_reaches_postgresql(monkeypatch):
    """DATABASE_STATEMENT_TIMEOUT becomes the connection's statement_timeout (set for the app servers)."""
    with base_settings_under(
        monkeypatch, DATABASE_URL="postgres://records@db.example/records", DATABASE_STATEMENT_TIMEOUT="30s"
    ) as base:
        assert "-c statement_timeout=30s" in base.DATABASES["default"]["OPTIONS"]["options"].split(" -c jit")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/", "/api/v1/schema/", "/api/v1/", "/api/v1/events/"])
def test_options_on_the_api_and_its_documentation_says_what_they_take(visitor, path):
    response = visitor.options(path)

    assert response.status_code == 200
    assert "GET" in response["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/events/", "/api/v1/events/", "/static/css/site.css", "/admin/login/"])
def test_trace_is_refused_everywhere(visitor, path):
    response = visitor.generic("TRACE", path)

    assert response.status_code == 405
    assert b"TRACE" not in response.content or path.startswith("/api/")


@pytest.mark.django_db
def test_static_files_answer_to_the_host_check_and_carry_the_pages_headers(visitor):
    refused = visitor.get("/static/css/site.css", HTTP_HOST="attacker.example")
    served = visitor.get("/static/css/site.css")

    assert refused.status_code == 400
    assert served.status_code == 200
    assert served["X-Frame-Options"] == "DENY"
    assert served["X-Content-Type-Options"] == "nosniff"
