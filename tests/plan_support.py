"""Reading the query plan of the query that fetches the page a list shows, on either database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_query(client, path, table):
    """The SQL of the query that reads the page of `table`'s rows that `path` shows (not a count)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    (sql,) = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(f'SELECT "{table}"."id"') and "LIMIT" in query["sql"] and "COUNT" not in query["sql"]
    ][:1]
    return sql


def query_plan(sql, *, without_sort=False):
    """The plan of `sql`. On PostgreSQL with sequential scans (and, `without_sort`, sorts) made as
    costly as on a large table, since at test scale any table is small; on SQLite with statistics,
    as a maintained database has them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            if without_sort:
                cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("ANALYZE")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())
