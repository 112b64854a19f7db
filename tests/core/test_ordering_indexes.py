"""Every order an API list offers (`ordering=key` and `ordering=-key`, for each key of every registered
collection) reads its page from an index of the published rows, never by sorting the table: on
PostgreSQL with sequential scans and sorts made as costly as on a large table (an incremental sort
within an index's order is allowed), on SQLite with statistics (tests/plan_support.py). SQLite's
indexes put empty values first, so there an ascending order by a date that may be empty sorts."""

import datetime as dt
import re

import pytest
from django.db import connection

from cooperation.core.dates import DatePrecision
from cooperation.core.registry import registry
from tests.factories import RECORD_FACTORIES
from tests.plan_support import page_query, query_plan

pytestmark = pytest.mark.django_db


def orders():
    return list(_orders())


def _orders():
    for record_type in registry.page_types():
        for key in record_type.viewset.ordering_fields:
            for ordering in (key, f"-{key}"):
                yield pytest.param(record_type, ordering, id=f"{record_type.api_prefix}-{ordering}")


def make_records(record_type, count=30):
    """Records with distinct, partly empty values of every key the list orders by."""
    model = record_type.model
    for number in range(count):
        values = {}
        for key in record_type.viewset.ordering_fields:
            field = model._meta.get_field(key)
            if isinstance(field, type(model._meta.get_field("updated_at"))):
                continue  # set on save
            if field.get_internal_type() == "DateField" and number % 5:
                values[key] = dt.date(2000 + number % 25, 1 + number % 12, 1)
                values[f"{key}_precision"] = DatePrecision.DAY
        RECORD_FACTORIES[model._meta.label_lower](**values)


def sorts_the_table(plan: str) -> bool:
    if connection.vendor == "sqlite":
        return "TEMP B-TREE FOR ORDER BY" in plan or "TEMP B-TREE FOR RIGHT PART OF ORDER BY" in plan
    return re.search(r"^\s*(->\s+)?Sort\s+\(", plan, re.MULTILINE) is not None


def empty_values_first(model, ordering) -> bool:
    """SQLite cannot read an ascending, empty-last order from an index."""
    return connection.vendor == "sqlite" and not ordering.startswith("-") and model._meta.get_field(ordering).null


@pytest.mark.parametrize(("record_type", "ordering"), orders())
def test_every_order_a_list_offers_reads_its_page_from_an_index(client, record_type, ordering):
    if empty_values_first(record_type.model, ordering):
        pytest.skip("SQLite's indexes put empty values first")
    make_records(record_type)
    table = record_type.model._meta.db_table
    path = f"/api/v1/{record_type.api_prefix}/?ordering={ordering}"

    plan = query_plan(page_query(client, path, table), without_sort=True)

    assert not sorts_the_table(plan), plan
    assert f"Seq Scan on {table}" not in plan, plan
    assert f"SCAN {table}" not in plan or "USING INDEX" in plan, plan
