"""Writes run in one transaction per request; reads run in none."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from cooperation.core.web.middleware import AtomicWritesMiddleware
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run(method, view):
    middleware = AtomicWritesMiddleware(lambda request: HttpResponse())
    request = getattr(RequestFactory(), method.lower())("/anything/")
    return middleware.process_view(request, view, (), {})


def test_a_failing_write_leaves_nothing_behind():
    def view(request):
        PlaceFactory(slug="half-written")
        raise RuntimeError("the history row could not be written")

    with pytest.raises(RuntimeError):
        _run("POST", view)
    from cooperation.models import Place

    assert not Place.objects.filter(slug="half-written").exists()


def test_a_write_runs_inside_a_transaction():
    seen = []
    response = _run("POST", lambda request: seen.append(connection.in_atomic_block) or HttpResponse("ok"))
    assert seen == [True]
    assert response.content == b"ok"


def test_a_read_runs_outside_any_transaction():
    """On SQLite a transaction takes the write lock: reads must not queue behind writers."""
    assert _run("GET", lambda request: HttpResponse()) is None  # the view is called as it is


def test_a_view_may_opt_out_of_the_write_transaction():
    view = transaction.non_atomic_requests(lambda request: HttpResponse())
    assert _run("POST", view) is None
