"""How many published events there are per period, kind, status and level, kept by the database.

The table `events_eventtally` (EventTally) holds one row per (year, month, kind, status, top level)
with the number of published events that have them. Triggers on the events table keep it: every
insert, update and delete of an event, through the admin, a queryset's update(), a fixture or a bulk
COPY, adds to and takes from the rows its old and new values name, in the same transaction. So the
timeline, the sitemap and the events page read a few hundred rows for their counts, never the events.

- PostgreSQL: one trigger per statement (INSERT, UPDATE, DELETE), reading the statement's old and new
  rows (transition tables), so a bulk write changes each tally row once. The rows concerned are
  locked in the key's order first, so that concurrent writers never deadlock on them. An edit that
  changes none of the key's columns changes no row. TRUNCATE empties the tally.
- SQLite: one trigger per row.

`rebuild()` recounts the table from the events (the migration that adds it, and a check that the
triggers and a count agree: tests/events/test_tally.py).
"""

from django.db import connection

TABLE = "events_eventtally"
EVENTS = "events_event"
KEY = ("year", "month", "kind", "status", "top_level")
PUBLISHED = "published"
YEAR_PRECISION = "year"
TRIGGER_NAMES = ("events_tally_insert", "events_tally_update", "events_tally_delete", "events_tally_truncate")


def _key_expressions(row: str, vendor: str) -> list[str]:
    """The tally key of an event row (`row`, a table alias or NEW/OLD): 0 for a year or month not known."""
    if vendor == "postgresql":
        year = f"EXTRACT(YEAR FROM {row}.start_date)::integer"
        month = f"EXTRACT(MONTH FROM {row}.start_date)::integer"
    else:
        # SQLite keeps a date as its ISO text, YYYY-MM-DD.
        year = f"CAST(substr({row}.start_date, 1, 4) AS INTEGER)"
        month = f"CAST(substr({row}.start_date, 6, 2) AS INTEGER)"
    return [
        f"COALESCE({year}, 0)",
        f"CASE WHEN {row}.start_date IS NULL OR {row}.start_date_precision = '{YEAR_PRECISION}' THEN 0 ELSE {month} END",
        f"{row}.kind",
        f"{row}.status",
        f"({row}.parent_id IS NULL)",
    ]


def _upsert(select: str) -> str:
    """Add the (key, change) rows of `select` to the tally."""
    key = ", ".join(KEY)
    return (
        f"INSERT INTO {TABLE} ({key}, count) {select} "
        f"ON CONFLICT ({key}) DO UPDATE SET count = {TABLE}.count + excluded.count"
    )


def _postgresql_changes(*sources: tuple[str, int]) -> list[str]:
    """The statements applying the changes of transition tables (name, +1 or -1): the tally rows
    concerned locked in key order, those that lose events lowered, those that gain raised or added."""
    rows = " UNION ALL ".join(
        f"SELECT {', '.join(_key_expressions('r', 'postgresql'))}, {sign} FROM {name} r "
        f"WHERE r.publication_status = '{PUBLISHED}'"
        for name, sign in sources
    )
    key = ", ".join(KEY)
    changes = f"(SELECT {key}, SUM(change) AS change FROM ({rows}) AS c ({key}, change) GROUP BY {key})"
    same = " AND ".join(f"t.{column} = c.{column}" for column in KEY)
    return [
        f"PERFORM 1 FROM {TABLE} t JOIN {changes} c ON {same} WHERE c.change <> 0 "
        f"ORDER BY {', '.join(f't.{column}' for column in KEY)} FOR UPDATE OF t",
        f"UPDATE {TABLE} t SET count = t.count + c.change FROM {changes} c WHERE c.change < 0 AND {same}",
        _upsert(f"SELECT {key}, change FROM {changes} c WHERE change > 0 ORDER BY {key}"),
    ]


def _statements(statements: list[str]) -> str:
    return "\n    ".join(f"{statement};" for statement in statements)


def create_sql(vendor: str) -> list[str]:
    """The statements that create the triggers."""
    if vendor == "postgresql":
        return [
            f"""CREATE FUNCTION events_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_statements(_postgresql_changes(("new_rows", 1)))}
  ELSIF TG_OP = 'UPDATE' THEN
    {_statements(_postgresql_changes(("old_rows", -1), ("new_rows", 1)))}
  ELSE
    {_statements(_postgresql_changes(("old_rows", -1)))}
  END IF;
  RETURN NULL;
END $$""",
            f"""CREATE FUNCTION events_tally_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {TABLE};
  RETURN NULL;
END $$""",
            f"CREATE TRIGGER events_tally_insert AFTER INSERT ON {EVENTS} REFERENCING NEW TABLE AS new_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION events_tally_change()",
            f"CREATE TRIGGER events_tally_update AFTER UPDATE ON {EVENTS} "
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_tally_change()",
            f"CREATE TRIGGER events_tally_delete AFTER DELETE ON {EVENTS} REFERENCING OLD TABLE AS old_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION events_tally_change()",
            f"CREATE TRIGGER events_tally_truncate AFTER TRUNCATE ON {EVENTS} "
            "FOR EACH STATEMENT EXECUTE FUNCTION events_tally_truncate()",
        ]
    new, old = _key_expressions("NEW", vendor), _key_expressions("OLD", vendor)
    add = _upsert(f"SELECT {', '.join(new)}, 1 WHERE NEW.publication_status = '{PUBLISHED}'")
    take = f"UPDATE {TABLE} SET count = count - 1 WHERE OLD.publication_status = '{PUBLISHED}' AND " + " AND ".join(
        f"{column} = {expression}" for column, expression in zip(KEY, old, strict=True)
    )
    columns = "publication_status, start_date, start_date_precision, kind, status, parent_id"
    return [
        f"CREATE TRIGGER events_tally_insert AFTER INSERT ON {EVENTS} BEGIN {add}; END",
        f"CREATE TRIGGER events_tally_update AFTER UPDATE OF {columns} ON {EVENTS} BEGIN {take}; {add}; END",
        f"CREATE TRIGGER events_tally_delete AFTER DELETE ON {EVENTS} BEGIN {take}; END",
    ]


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *(f"DROP TRIGGER IF EXISTS {name} ON {EVENTS}" for name in TRIGGER_NAMES),
            "DROP FUNCTION IF EXISTS events_tally_change()",
            "DROP FUNCTION IF EXISTS events_tally_truncate()",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES]


def rebuild(using=None) -> None:
    """Count the published events afresh: the tally as the triggers would have kept it."""
    from django.db import connections

    target = connections[using] if using else connection
    key = _key_expressions("e", target.vendor)
    with target.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(KEY)}, count) "
            f"SELECT {', '.join(key)}, COUNT(*) FROM {EVENTS} e WHERE e.publication_status = %s "
            f"GROUP BY {', '.join(str(i + 1) for i in range(len(KEY)))}",
            [PUBLISHED],
        )
