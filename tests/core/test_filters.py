"""The API's ordering filter (cooperation.core.filters.UniqueOrderingFilter): whatever the keys asked
for, the query it builds ends its ORDER BY with the primary key (running the way the last key does), so that records with equal keys come in
the same order on every request and pages never skip or repeat one. Checked on the SQL itself, not on
the order of a few rows (which may come out right by chance)."""

import re
from types import SimpleNamespace

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from cooperation.core.filters import UniqueOrderingFilter
from events.models import Event

# The ordering of the events collection (events/api/views.py).
VIEW = SimpleNamespace(
    ordering_fields=["start_date", "end_date", "title", "kind", "status", "updated_at"],
    ordering=["-start_date", "title"],
)


def ordered(params):
    """The queryset the filter builds for a request with these query parameters."""
    request = Request(APIRequestFactory().get("/api/v1/events/", params))
    return UniqueOrderingFilter().filter_queryset(request, Event.objects.all(), VIEW)


def order_by_terms(queryset):
    """The terms of the query's ORDER BY clause, as the database receives them."""
    sql = str(queryset.query)
    clause = sql[sql.rindex(" ORDER BY ") + len(" ORDER BY ") :]
    return [term.strip() for term in clause.split(",")]


def pk_column(direction):
    return re.compile(rf'^"?{Event._meta.db_table}"?\."?{Event._meta.pk.column}"?\s+{direction}$')


@pytest.mark.parametrize(
    ("params", "keys", "pk_direction"),
    [
        ({}, ["start_date", "title"], "ASC"),  # the view's default ordering
        ({"ordering": "title"}, ["title"], "ASC"),
        ({"ordering": "-start_date,title"}, ["start_date", "title"], "ASC"),
        ({"ordering": "kind,-status,-updated_at"}, ["kind", "status", "updated_at"], "DESC"),
        ({"ordering": "-kind,status"}, ["kind", "status"], "ASC"),
    ],
    ids=["default", "one key", "descending then ascending", "three keys", "ascending last"],
)
def test_the_order_by_ends_with_the_primary_key_after_the_keys_asked_for(params, keys, pk_direction):
    terms = order_by_terms(ordered(params))

    assert pk_column(pk_direction).match(terms[-1]), terms
    assert len(terms) == len(keys) + 1
    for term, key in zip(terms, keys, strict=False):
        assert f'."{key}"' in term or f".{key}" in term, (term, key)


@pytest.mark.parametrize("key", ["updated_at", "kind", "title", "end_date"])
def test_after_a_descending_key_the_primary_key_descends_too_so_one_index_serves_both_ways(key):
    terms = order_by_terms(ordered({"ordering": f"-{key}"}))

    assert key in terms[0]
    assert "DESC" in terms[0]
    assert pk_column("DESC").match(terms[-1]), terms


@pytest.mark.django_db
def test_an_api_search_longer_than_200_characters_is_a_400_naming_q(api):
    response = api.get("/api/v1/events/", {"q": "x" * 201})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error["parameter"] == "q"
    assert "at most 200 characters" in error["message"]
