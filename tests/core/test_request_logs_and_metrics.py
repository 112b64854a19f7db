"""What operators read: every request's id (X-Request-ID) in and out and in its log records, warnings
for slow requests and slow queries, JSON log lines, and Prometheus metrics for staff and configured
scrapers only."""

import copy
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory

from cooperation.core.web.operations import RequestIdFilter, client_address
from tests.factories import EventFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_request_gets_an_id_or_keeps_the_one_it_came_with(client):
    given = client.get("/robots.txt", HTTP_X_REQUEST_ID="lb-7f3a.2")
    made = client.get("/robots.txt")
    refused = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>")

    assert given["X-Request-ID"] == "lb-7f3a.2"
    assert len(made["X-Request-ID"]) == 32
    assert refused["X-Request-ID"] != "<script>"
    assert len(refused["X-Request-ID"]) == 32


def test_slow_requests_and_queries_are_logged_with_the_request_id(client, settings, caplog):
    EventFactory(slug="opening")
    settings.SLOW_REQUEST_SECONDS = 0
    settings.SLOW_QUERY_SECONDS = 0
    settings.RESPONSE_CACHE = False

    with caplog.at_level(logging.WARNING, logger="cooperation.requests"):
        response = client.get("/api/v1/events/opening/", HTTP_X_REQUEST_ID="trace-1")

    slow = [record for record in caplog.records if record.name == "cooperation.requests"]
    assert any(
        record.getMessage().startswith("Slow request: GET /api/v1/events/opening/ answered 200") for record in slow
    )
    assert any(record.getMessage().startswith("Slow query (") and "FROM" in record.getMessage() for record in slow)
    assert all(record.request_id == "trace-1" for record in slow)
    assert response.status_code == 200


def test_fast_requests_are_not_logged(client, caplog):
    with caplog.at_level(logging.WARNING, logger="cooperation.requests"):
        client.get("/robots.txt")

    assert [record for record in caplog.records if record.name == "cooperation.requests"] == []


def test_json_log_lines_carry_the_request_id(client, settings):
    stream = io.StringIO()
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"].update(formatter="json", stream=stream)
    settings.SLOW_REQUEST_SECONDS = 0
    logging.config.dictConfig(config)
    try:
        client.get("/robots.txt", HTTP_X_REQUEST_ID="json-1")
    finally:
        logging.config.dictConfig(django_settings.LOGGING)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    slow = [line for line in lines if line["message"].startswith("Slow request")]
    assert slow
    assert slow[0]["request_id"] == "json-1"
    assert {"time", "level", "logger", "message", "duration"} <= set(slow[0])


def test_a_record_outside_a_request_has_no_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)

    RequestIdFilter().filter(record)

    assert record.request_id == "-"


def test_metrics_are_for_staff_and_configured_scrapers_only(settings):
    anonymous = Client().get("/metrics")
    staff = Client()
    staff.force_login(StaffFactory())
    settings.METRICS_ALLOWED_IPS = ["10.0.0.9"]
    scraper = Client(REMOTE_ADDR="10.0.0.9").get("/metrics")

    assert anonymous.status_code == 404
    assert scraper.status_code == 200
    assert b"django_http_requests_total_by_method" in scraper.content
    assert staff.get("/metrics").status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.5", "127.0.0.1"),  # no proxy: the header is anyone's to send
        (1, None, "127.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),  # the client's own header comes first: not believed
        (2, "198.51.100.1, 203.0.113.5", "198.51.100.1"),
    ],
)
def test_the_clients_address_behind_the_proxies(settings, proxies, forwarded, address):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    meta = {"REMOTE_ADDR": "127.0.0.1", **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}

    assert client_address(RequestFactory().get("/", **meta)) == address


def test_a_guessed_password_behind_the_proxy_locks_the_guesser_out_not_the_office(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    StaffFactory(username="leyla", password="right-password-1")
    guesser, colleague = Client(HTTP_X_FORWARDED_FOR="203.0.113.5"), Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post("/admin/login/", {"username": "leyla", "password": "wrong"})

    locked = guesser.post("/admin/login/", {"username": "leyla", "password": "right-password-1"})
    signed_in = colleague.post("/admin/login/", {"username": "leyla", "password": "right-password-1"})

    assert locked.status_code == 429
    assert signed_in.status_code == 302
