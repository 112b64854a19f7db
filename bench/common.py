"""What the throughput and scale benchmarks share: where things are, the machine, the environment the
app runs in, and the data sets. The servers are in bench/servers.py, the load in bench/load.py.

Every server listens on 127.0.0.1 on a free port; every load run is bounded in time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The code served and managed: this tree, or another copy of the project (BENCH_APP_ROOT, e.g. an
# export of an earlier commit, `git archive`, to measure it with this bench).
APP_ROOT = Path(os.environ.get("BENCH_APP_ROOT", ROOT)).resolve()
VAR = Path(os.environ.get("BENCH_VAR", ROOT / "var" / "bench")).resolve()
PYTHON = Path(os.environ.get("BENCH_PYTHON", ROOT / ".venv" / "bin" / "python"))
GUNICORN = PYTHON.parent / "gunicorn"
BENCH_VENV = Path(os.environ.get("BENCH_VENV", VAR / "venv"))
DATASETTE = BENCH_VENV / "bin" / "datasette"
SEED = 1  # the synthetic data set's seed: the same rows on every machine
WORKERS = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 2))
LUA_REPORT = Path(__file__).resolve().parent / "wrk_report.lua"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------
# The machine and the code.


def commit() -> str:
    """The commit measured, `-dirty` when the working tree has changes (git state is only read)."""
    if (APP_ROOT / "COMMIT").exists():  # an export made by `git archive` says which commit it is
        return (APP_ROOT / "COMMIT").read_text().strip()
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}-dirty" if changes else head


def machine(database_url: str | None = None) -> dict:
    memory = ""
    with contextlib.suppress(OSError):
        kilobytes = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kilobytes / 1024 / 1024:.0f} GB"
    info = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "nproc": os.cpu_count(),
        "memory": memory,
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version(),
    }
    if database_url and database_url.startswith("postgres"):
        info["postgresql"] = query(database_url, "SHOW server_version")[0][0]
    return info


def _cpu_model() -> str:
    with contextlib.suppress(OSError, AttributeError):
        return re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1).strip()
    return platform.processor()


def wrk_version() -> str | None:
    if not shutil.which("wrk"):
        return None
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True)  # noqa: S607
    found = re.search(r"wrk (\S+)", result.stdout + result.stderr)
    return found.group(1) if found else "unknown"


# ---------------------------------------------------------------------------------------------------
# Databases: direct queries (no Django in the bench's own process).


def query(database_url: str, sql: str, params=()) -> list[tuple]:
    if database_url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(sqlite_path(database_url))) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(libpq_url(database_url)) as db:
        # No parameters, no placeholders: a LIKE 'syn-%' stays as written.
        return db.execute(sql, params or None).fetchall()


def sqlite_path(database_url: str) -> Path:
    """sqlite:////abs/path (django-environ's form) -> /abs/path."""
    return Path("/" + urllib.parse.urlparse(database_url).path.lstrip("/"))


def libpq_url(database_url: str) -> str:
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", database_url)


def ensure_postgres_database(database_url: str) -> None:
    """Create the benchmark's PostgreSQL database if it does not exist (never touches another)."""
    import psycopg

    parts = urllib.parse.urlparse(libpq_url(database_url))
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            log(f"== creating PostgreSQL database {name}")
            db.execute(f'CREATE DATABASE "{name}"')


def synthetic_events(database_url: str) -> int | None:
    """How many synthetic events the database holds; None if it has no schema yet."""
    try:
        return query(database_url, "SELECT count(*) FROM events_event WHERE slug LIKE 'syn-%'")[0][0]
    except Exception:  # no database, no table: build it
        return None


def app_env(database_url: str, redis_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment production needs to answer plain HTTP on 127.0.0.1. The cache is Redis
    (BENCH_REDIS_URL, default database 15 of the local server), or the database cache if empty."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        # Throttling stays on (its cache is read and written on every request), at rates no run reaches.
        "API_ANONYMOUS_RATE": "1000000000/minute",
        "API_PARTNER_RATE": "1000000000/minute",
        "SEARCH_RATE": "1000000000/minute",
        "EXPORT_RATE": "1000000000/minute",
        "FACETS_RATE": "1000000000/minute",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(APP_ROOT),
    }
    if redis_url is None:
        redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def manage(database_url: str, *args: str, quiet=False) -> str:
    result = subprocess.run(  # noqa: S603
        [str(PYTHON), "manage.py", *args],
        cwd=APP_ROOT,
        # Without Redis: migrate's createcachetable then makes the database cache's table, which the
        # servers use when BENCH_REDIS_URL is empty.
        env=app_env(database_url, ""),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        for line in result.stdout.splitlines():
            log(f"   {line}")
    return result.stdout


@dataclass
class DataSet:
    database_url: str
    events: int
    generated_in: float | None = None  # seconds, when this run generated it

    @property
    def vendor(self) -> str:
        return "postgresql" if self.database_url.startswith("postgres") else "sqlite"

    @property
    def label(self) -> str:
        return f"{self.vendor}, {self.events:,} events"


def prepare(events: int, database_url: str | None = None, *, seed_records=True) -> DataSet:
    """The data set: reused when it holds `events` synthetic events (migrated to the code's schema
    first), else (re)built: migrate, the seed records, generate_synthetic. SQLite (default) in
    var/bench/; PostgreSQL when database_url says so."""
    VAR.mkdir(parents=True, exist_ok=True)
    if database_url is None:
        path = VAR / f"bench-{events}.sqlite3"
        database_url = f"sqlite:///{path}"
        if synthetic_events(database_url) == events:
            log(f"== reusing {path} ({events:,} synthetic events)")
            manage(database_url, "migrate", "--noinput", quiet=True)
            manage(database_url, "createcachetable", quiet=True)
            with contextlib.closing(sqlite3.connect(path)) as db:
                db.execute("ANALYZE")  # statistics for any index a migration added, as generation leaves them
            return DataSet(database_url, events)
        # Built under another name and moved into place: an interrupted build is never reused.
        building = VAR / f"building-{events}.sqlite3"
        for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm"), path):
            stale.unlink(missing_ok=True)
        data_set = _build(f"sqlite:///{building}", events, seed_records)
        with contextlib.closing(sqlite3.connect(building)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        building.rename(path)
        return DataSet(database_url, events, data_set.generated_in)
    ensure_postgres_database(database_url)
    if synthetic_events(database_url) == events:
        log(f"== reusing {urllib.parse.urlparse(database_url).path.lstrip('/')} ({events:,} synthetic events)")
        manage(database_url, "migrate", "--noinput", quiet=True)
        manage(database_url, "createcachetable", quiet=True)
        return DataSet(database_url, events)
    return _build(database_url, events, seed_records)


def _build(database_url: str, events: int, seed_records=True) -> DataSet:
    log(f"== building the data set: {events:,} events ({database_url.split('://')[0]})")
    manage(database_url, "migrate", "--noinput", quiet=True)
    if seed_records:
        manage(database_url, "seed", quiet=True)
    began = time.monotonic()
    manage(database_url, "generate_synthetic", "--clear", "--events", str(events), "--seed", str(SEED))
    generated_in = time.monotonic() - began
    log(f"   generated in {generated_in:.0f}s")
    return DataSet(database_url, events, generated_in)


DATASETTE_TABLES = [
    "events_event",
    "events_participation",
    "events_event_initiatives",
    "people_person",
    "people_position",
    "people_post",
    "cooperation_organisation",
    "cooperation_place",
    "cooperation_initiative",
]


def sqlite_copy(data_set: DataSet) -> Path:
    """The SQLite file Datasette serves: the data set itself on SQLite; on PostgreSQL a copy of the
    tables the event list reads, same rows, remade when they change (the schema by migrate)."""
    if data_set.vendor == "sqlite":
        return sqlite_path(data_set.database_url)
    name = urllib.parse.urlparse(data_set.database_url).path.lstrip("/")
    # What the rows are (not the data version, which every migrate moves on): counts and latest changes.
    version = str(
        query(
            data_set.database_url,
            "SELECT (SELECT count(*) FROM events_event), (SELECT max(updated_at) FROM events_event), "
            "(SELECT count(*) FROM events_participation), (SELECT max(id) FROM events_participation)",
        )[0]
    )
    path = VAR / f"copy-{name}.sqlite3"
    stamp = path.with_suffix(".version")
    if path.exists() and stamp.exists() and stamp.read_text() == version:
        log(f"== reusing the SQLite copy {path}")
        return path
    log(f"== copying {name}'s event tables to {path} for Datasette")
    building = path.with_name(f"building-{path.name}")
    building.unlink(missing_ok=True)
    manage(f"sqlite:///{building}", "migrate", "--noinput", quiet=True)
    import psycopg

    with (
        contextlib.closing(sqlite3.connect(building)) as target,
        psycopg.connect(libpq_url(data_set.database_url)) as source,
    ):
        target.execute("PRAGMA journal_mode=OFF")
        target.execute("PRAGMA synchronous=OFF")
        for table in DATASETTE_TABLES:
            began = time.monotonic()
            with source.cursor(name=f"copy_{table}") as cursor:
                cursor.itersize = 20_000
                # The columns the SQLite schema has (PostgreSQL's table also holds its search vector).
                columns = [row[1] for row in target.execute(f'PRAGMA table_info("{table}")')]
                selected = ", ".join(f'"{c}"' for c in columns)
                cursor.execute(f'SELECT {selected} FROM "{table}"')  # noqa: S608
                placeholders = ", ".join("?" for _ in columns)
                names = ", ".join(f'"{c}"' for c in columns)
                target.execute(f'DELETE FROM "{table}"')  # noqa: S608
                target.executemany(
                    f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})',  # noqa: S608
                    (tuple(_sqlite_value(v) for v in row) for row in cursor),
                )
            target.commit()
            log(f"   {table}: {time.monotonic() - began:.0f}s")
        target.execute("ANALYZE")
        target.commit()
    building.rename(path)
    stamp.write_text(version)
    return path


def _sqlite_value(value):
    """A PostgreSQL value as Django stores it in SQLite."""
    import decimal
    import uuid

    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value
