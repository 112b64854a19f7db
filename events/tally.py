"""How many published events there are per period, kind, status and level, kept by the database.

The table `events_eventtally` (EventTally) holds one row per (year, month, kind, status, top level)
with the number of published events that have them. Triggers on the events table keep it: every
insert, update and delete of an event, through the admin, a queryset's update(), a fixture or a bulk
COPY, adds to and takes from the rows its old and new values name, in the same transaction. So the
timeline, the home page and the events list and API read a few hundred rows for their counts, never
the events.

- PostgreSQL: one trigger per statement (INSERT, UPDATE, DELETE), reading the statement's old and new
  rows (transition tables), so a bulk write changes each tally row once. Within a statement, the
  rows concerned are locked in the key's order, so that two statements never deadlock on them (two
  transactions that each change several events in several statements still may: PostgreSQL then
  ends one of them with an error). An edit that changes none of the key's columns changes no row.
  TRUNCATE empties the tally.
- SQLite: one trigger per row.

The tally is derived data, so it is not part of the schema the migrations keep (the model is
unmanaged), nor of `dumpdata` and `loaddata` (DerivedDataRouter): `install()`, run after every `migrate` (events/apps.py), creates the table
if it is missing and, when the current triggers are not all there, replaces whatever tally triggers
are (older ones, or none: SQLite drops a table's triggers when a migration rebuilds the table) and
counts the events afresh. A change to the triggers' SQL bumps VERSION, so the next `migrate`
installs them. `manage.py event_tally` checks the tally against a count, and rebuilds it.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction

TABLE = "events_eventtally"
EVENTS = "events_event"
KEY = ("year", "month", "kind", "status", "top_level")
PUBLISHED = "published"
YEAR_PRECISION = "year"
VERSION = 1  # of the triggers' SQL: bumped when it changes, so that install() replaces them
PREFIX = "events_tally_"  # every trigger and function of the tally, of any version, is named so


def _name(what: str) -> str:
    return f"{PREFIX}v{VERSION}_{what}"


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


def _create_sql(vendor: str) -> list[str]:
    """The statements that create the triggers."""
    if vendor == "postgresql":
        return [
            f"""CREATE FUNCTION {_name("change")}() RETURNS trigger LANGUAGE plpgsql AS $$
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
            f"""CREATE FUNCTION {_name("emptied")}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {TABLE};
  RETURN NULL;
END $$""",
            f"CREATE TRIGGER {_name('insert')} AFTER INSERT ON {EVENTS} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_name('change')}()",
            f"CREATE TRIGGER {_name('update')} AFTER UPDATE ON {EVENTS} REFERENCING OLD TABLE AS old_rows "
            f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {_name('change')}()",
            f"CREATE TRIGGER {_name('delete')} AFTER DELETE ON {EVENTS} REFERENCING OLD TABLE AS old_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_name('change')}()",
            f"CREATE TRIGGER {_name('truncate')} AFTER TRUNCATE ON {EVENTS} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_name('emptied')}()",
        ]
    new, old = _key_expressions("NEW", vendor), _key_expressions("OLD", vendor)
    add = _upsert(f"SELECT {', '.join(new)}, 1 WHERE NEW.publication_status = '{PUBLISHED}'")
    take = f"UPDATE {TABLE} SET count = count - 1 WHERE OLD.publication_status = '{PUBLISHED}' AND " + " AND ".join(
        f"{column} = {expression}" for column, expression in zip(KEY, old, strict=True)
    )
    columns = "publication_status, start_date, start_date_precision, kind, status, parent_id"
    return [
        f"CREATE TRIGGER {_name('insert')} AFTER INSERT ON {EVENTS} BEGIN {add}; END",
        f"CREATE TRIGGER {_name('update')} AFTER UPDATE OF {columns} ON {EVENTS} BEGIN {take}; {add}; END",
        f"CREATE TRIGGER {_name('delete')} AFTER DELETE ON {EVENTS} BEGIN {take}; END",
    ]


class DerivedDataRouter:
    """Keeps the tally out of `dumpdata`, `loaddata` and `flush` (settings.DATABASE_ROUTERS): it is not
    data of its own, and its rows in a dump would clash with those the triggers write as the dump's
    events are loaded. Says nothing of any other model."""

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if (app_label, model_name) == ("events", "eventtally") else None


def _installed(cursor, vendor: str) -> tuple[set[str], set[str]]:
    """The tally's triggers on the events table, and (PostgreSQL) its functions, of any version."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgname LIKE %s",
            [EVENTS, f"{PREFIX}%"],
        )
        triggers = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE %s", [f"{PREFIX}%"])
        return triggers, {name for (name,) in cursor.fetchall()}
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s",
        [EVENTS, f"{PREFIX}%"],
    )
    return {name for (name,) in cursor.fetchall()}, set()


def _current(vendor: str) -> set[str]:
    return {_name(what) for what in ("insert", "update", "delete", *(("truncate",) if vendor == "postgresql" else ()))}


def install(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Make sure the tally is kept: its table, and the current triggers with a count to start from.
    Does nothing (and returns False) when they are all there; before the events table exists (a
    database migrated to before it), nothing either."""
    from events.models import EventTally

    target = connections[using]
    tables = target.introspection.table_names()
    if EVENTS not in tables:
        return False
    with target.cursor() as cursor:
        triggers, functions = _installed(cursor, target.vendor)
    if TABLE in tables and triggers == _current(target.vendor):
        return False
    if TABLE not in tables:
        with target.schema_editor() as editor:
            editor.create_model(EventTally)
    with transaction.atomic(using=using), target.cursor() as cursor:
        for name in sorted(triggers):
            cursor.execute(
                f"DROP TRIGGER IF EXISTS {name}" + (f" ON {EVENTS}" if target.vendor == "postgresql" else "")
            )
        for name in sorted(functions):
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        for statement in _create_sql(target.vendor):
            cursor.execute(statement)
        _recount(cursor, target.vendor)
    return True


def rebuild(using: str = DEFAULT_DB_ALIAS) -> None:
    """Count the published events afresh: the tally as the triggers would have kept it."""
    target = connections[using]
    with transaction.atomic(using=using), target.cursor() as cursor:
        _recount(cursor, target.vendor)


def differences(using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    """The tally's rows that a count of the events would not give, and the count's rows it lacks:
    [(year, month, kind, status, top level, kept, counted)]. Empty when the tally is in step."""
    target = connections[using]
    key = ", ".join(_key_expressions("e", target.vendor))
    with target.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(KEY)}, count FROM {TABLE} WHERE count > 0")
        kept = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
        cursor.execute(
            f"SELECT {key}, COUNT(*) FROM {EVENTS} e WHERE e.publication_status = %s GROUP BY {_positions()}",
            [PUBLISHED],
        )
        counted = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
    return [
        (*k, kept.get(k, 0), counted.get(k, 0))
        for k in sorted(set(kept) | set(counted), key=str)
        if kept.get(k, 0) != counted.get(k, 0)
    ]


def _positions() -> str:
    return ", ".join(str(i + 1) for i in range(len(KEY)))


def _recount(cursor, vendor: str) -> None:
    """Within a transaction. On PostgreSQL the events table is locked against writes until it ends
    (reads go on), so that no write falls between the count and the triggers (SQLite has one writer)."""
    if vendor == "postgresql":
        cursor.execute(f"LOCK TABLE {EVENTS} IN SHARE MODE")
    key = _key_expressions("e", vendor)
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(
        f"INSERT INTO {TABLE} ({', '.join(KEY)}, count) "
        f"SELECT {', '.join(key)}, COUNT(*) FROM {EVENTS} e WHERE e.publication_status = %s GROUP BY {_positions()}",
        [PUBLISHED],
    )
