"""Reads from a streaming replica (DATABASE_REPLICA_URL): a visitor's reads go to it; writes, staff,
partners, the admin and a client's reads right after its own write go to the primary."""

import time

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from cooperation.core import replicas
from cooperation.core.replicas import WROTE_COOKIE, ReplicaMiddleware, ReplicaRouter, may_read_from_replica
from events.models import Event
from tests.environment import base_settings_under

factory = RequestFactory()


@pytest.mark.parametrize(
    ("request_kwargs", "replica"),
    [
        ({"method": "GET", "path": "/api/v1/events/"}, True),
        ({"method": "HEAD", "path": "/events/"}, True),
        ({"method": "POST", "path": "/api/v1/events/"}, False),
        ({"method": "GET", "path": "/admin/"}, False),
        ({"method": "GET", "path": "/events/", "HTTP_COOKIE": "sessionid=abc"}, False),
        ({"method": "GET", "path": "/api/v1/events/", "HTTP_AUTHORIZATION": "Bearer k"}, False),
        ({"method": "GET", "path": "/events/", "wrote_seconds_ago": 2}, False),
        ({"method": "GET", "path": "/events/", "wrote_seconds_ago": 60}, True),
        ({"method": "GET", "path": "/events/", "HTTP_COOKIE": f"{WROTE_COOKIE}=garbage"}, True),
    ],
)
def test_which_reads_may_come_from_the_replica(request_kwargs, replica):
    kwargs = dict(request_kwargs)
    if (ago := kwargs.pop("wrote_seconds_ago", None)) is not None:
        kwargs["HTTP_COOKIE"] = f"{WROTE_COOKIE}={time.time() - ago}"
    request = factory.generic(kwargs.pop("method"), kwargs.pop("path"), **kwargs)

    assert may_read_from_replica(request) is replica


class FakeReplica:
    """The replica's connection: it answers, or it is down (connections refused)."""

    def __init__(self):
        self.up, self.attempts = True, 0

    def ensure_connection(self):
        self.attempts += 1
        if not self.up:
            raise OperationalError('connection to server at "127.0.0.1", port 5433 failed: Connection refused')


@pytest.fixture
def with_replica(monkeypatch):
    """A replica named in the settings, its connection a stand-in: the router's decision is what is read."""
    fake = FakeReplica()
    monkeypatch.setitem(django_settings.DATABASES, "replica", dict(django_settings.DATABASES["default"]))
    monkeypatch.setattr(replicas, "connections", {"replica": fake})
    monkeypatch.setattr(replicas, "replica", replicas.Replica())
    return fake


def routed(request):
    """The database a read of an event goes to while the middleware handles `request`."""
    seen = {}

    def view(request):
        seen["read"] = ReplicaRouter().db_for_read(Event)
        seen["write"] = ReplicaRouter().db_for_write(Event)
        return HttpResponse(status=200 if request.method in ("GET", "HEAD") else 202)

    response = ReplicaMiddleware(view)(request)
    return seen, response


def test_a_visitors_read_goes_to_the_replica_and_a_write_to_the_primary(with_replica):
    read, _response = routed(factory.get("/events/"))
    write, response = routed(factory.post("/api/v1/events/"))

    assert read == {"read": "replica", "write": "default"}
    assert write == {"read": None, "write": "default"}  # None: the primary (the default database)
    assert float(response.cookies[WROTE_COOKIE].value) == pytest.approx(time.time(), abs=5)
    assert response.cookies[WROTE_COOKIE]["max-age"] == replicas.FRESH_SECONDS


def test_reads_right_after_a_write_come_from_the_primary(with_replica):
    _seen, response = routed(factory.post("/api/v1/events/"))
    factory.cookies[WROTE_COOKIE] = response.cookies[WROTE_COOKIE].value
    try:
        seen, _response = routed(factory.get("/events/"))
    finally:
        del factory.cookies[WROTE_COOKIE]

    assert seen["read"] is None


def test_without_a_replica_everything_reads_the_primary():
    seen, response = routed(factory.get("/events/"))

    assert seen["read"] is None
    assert WROTE_COOKIE not in response.cookies


def test_a_replica_that_cannot_be_reached_is_left_aside_for_a_while_then_tried_again(with_replica, monkeypatch, caplog):
    with_replica.up = False
    now = [1000.0]
    monkeypatch.setattr(replicas.time, "monotonic", lambda: now[0])

    first, _response = routed(factory.get("/events/"))
    second, _response = routed(factory.get("/events/"))
    attempts_while_down = with_replica.attempts
    with_replica.up = True
    now[0] += replicas.DOWN_SECONDS + 1
    after, _response = routed(factory.get("/events/"))

    assert (first["read"], second["read"]) == (None, None)  # the primary, from the first request on
    assert attempts_while_down == 1  # not tried again while left aside
    assert after["read"] == "replica"
    assert caplog.text.count("The replica cannot be reached") == 1
    assert "The replica answers again." in caplog.text


def test_outside_a_request_nothing_reads_the_replica(with_replica):
    assert ReplicaRouter().db_for_read(Event) is None


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate("default", "events")
    assert not ReplicaRouter().allow_migrate("replica", "events")


def test_a_replica_url_adds_the_replica_set_as_the_primary_and_its_router(monkeypatch):
    with base_settings_under(
        monkeypatch,
        DATABASE_URL="postgres://records@primary.example/records",
        DATABASE_REPLICA_URL="postgres://reader@replica.example/records",
    ) as base:
        replica, primary = base.DATABASES["replica"], base.DATABASES["default"]
        assert (replica["HOST"], replica["USER"]) == ("replica.example", "reader")
        assert replica["OPTIONS"] == {**primary["OPTIONS"], "connect_timeout": 3}
        assert replica["CONN_HEALTH_CHECKS"] is True
        assert replica["TEST"] == {"MIRROR": "default"}
        assert base.DATABASE_ROUTERS[-1] == "cooperation.core.replicas.ReplicaRouter"
