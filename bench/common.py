"""What the throughput and scale benchmarks share: the data sets, the servers (started in process
groups and always stopped), wrk and a bounded Python loop, percentiles, memory, and the machine.

Every server listens on 127.0.0.1 on a free port; every load run is bounded in time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
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
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                columns = [c.name for c in cursor.description]
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


# ---------------------------------------------------------------------------------------------------
# Servers.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    ready_path: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    probe_path: str | None = None  # a cheap address, to tell when every worker is free
    workers: int = 1

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=90.0) -> Server:
        self.spawn()
        return self.wait_ready(timeout)

    def spawn(self) -> None:
        VAR.mkdir(parents=True, exist_ok=True)
        self.log_path = VAR / f"server-{self.name}.log"
        command = [part.replace("{port}", str(self.port)) for part in self.command]
        with open(self.log_path, "w") as output:
            # A process group of its own, so that stopping it stops its workers too.
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=APP_ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_ready(self, timeout=90.0) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start:\n{self.log_path.read_text()[-3000:]}")
            try:
                status, _, _ = get(self.base + self.ready_path, timeout=max(1.0, deadline - time.monotonic()))
            except (OSError, http.client.HTTPException):
                time.sleep(0.3)  # not listening yet
                continue
            if status >= 500:
                raise RuntimeError(
                    f"{self.name} answered {self.ready_path} with {status}:\n{self.log_path.read_text()[-3000:]}"
                )
            return self
        raise RuntimeError(f"{self.name} did not answer {self.ready_path} within {timeout:.0f}s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (the master and its workers)."""
        if self.process is None:
            return 0.0
        total = 0
        for pid in [self.process.pid, *_children(self.process.pid)]:
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, max_wait=300.0, quiet=0.05) -> float:
        """Wait until the server has finished what a load run left behind (wrk ends with requests in
        flight, and a sync worker serves every connection it accepted): its CPU use under `quiet` of a
        CPU for half a second, then, for gunicorn (whose workers may be waiting on PostgreSQL, not
        using CPU), as many requests to a cheap address as it has workers answered at once, together.
        Returns the seconds waited; gives up after max_wait."""
        began = time.monotonic()
        used = self.cpu_seconds()
        while time.monotonic() - began < max_wait:
            time.sleep(0.5)
            now = self.cpu_seconds()
            if now - used < quiet * 0.5:
                break
            used = now
        while self.probe_path and time.monotonic() - began < max_wait:
            times: list[float] = []

            def probe(times=times):
                with contextlib.suppress(OSError, http.client.HTTPException):
                    times.append(get(self.base + self.probe_path, timeout=max_wait)[2])

            threads = [threading.Thread(target=probe, daemon=True) for _ in range(self.workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(max_wait)
            if len(times) == self.workers and max(times) < 0.5:
                break
        waited = time.monotonic() - began
        if waited > 2:
            log(f"   ({self.name} busy {waited:.0f}s after the run)")
        return waited

    def memory(self) -> list[int]:
        """The resident memory (bytes) of each of the server's processes: the workers, or the one process."""
        if self.process is None:
            return []
        pids = _children(self.process.pid) or [self.process.pid]
        return [rss for rss in (_rss(pid) for pid in pids) if rss]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                children.append(int(stat.parent.name))
    return children


def _rss(pid: int) -> int | None:
    with contextlib.suppress(OSError, AttributeError):
        return int(re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text()).group(1)) * 1024
    return None


@contextlib.contextmanager
def running(*servers: Server):
    """Start the servers; stop every one of them on the way out, whatever happened."""
    started = []
    previous = signal.getsignal(signal.SIGTERM)

    def terminate(signum, frame):
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, terminate)
    try:
        # Side by side: each starts while the others do, then each is waited for.
        for server in servers:
            log(f"== starting {server.name}")
            started.append(server)
            server.spawn()
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in reversed(started):
            server.stop()
        signal.signal(signal.SIGTERM, previous)


def gunicorn(name: str, env: dict[str, str], ready_path: str, timeout=60, probe_path="/robots.txt") -> Server:
    return Server(
        name,
        [
            str(GUNICORN),
            "config.wsgi",
            "--bind",
            "127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            str(timeout),
            "--no-control-socket",
        ],
        env,
        ready_path,
        probe_path=probe_path,
        workers=WORKERS,
    )


def datasette(path: Path, *, extra=()) -> Server:
    if not DATASETTE.exists():
        raise RuntimeError(f"Datasette is not installed in {BENCH_VENV}: run `make bench-deps`.")
    return Server(
        "datasette",
        [
            str(DATASETTE),
            "serve",
            "--immutable",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            # Its JSON as a deployment for machines would serve it: no facet suggestions (a UI aid),
            # room for the joined query on a large table.
            "--setting",
            "suggest_facets",
            "off",
            "--setting",
            "sql_time_limit_ms",
            "20000",
            *extra,
        ],
        {**os.environ, "PYTHONPATH": ""},
        f"/{path.stem}.json",
    )


# ---------------------------------------------------------------------------------------------------
# Load.


def get(url: str, timeout: float = 30.0) -> tuple[int, bytes, float]:
    """One GET: status, body and seconds taken."""
    parts = urllib.parse.urlsplit(url)
    began = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers={"Accept": "*/*"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return response.status, body, time.perf_counter() - began


@dataclass
class Result:
    requests: int
    seconds: float
    p50: float | None  # milliseconds
    p95: float | None
    p99: float | None
    errors: int = 0  # non-2xx answers, timeouts, socket errors
    statuses: dict = field(default_factory=dict)
    tool: str = "wrk"

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(url: str, *, duration: int, connections: int, threads: int = 2, timeout: int = 30) -> Result:
    """wrk, bounded by -d; p50/p95/p99 from its full latency histogram (bench/wrk_report.lua)."""
    threads = min(threads, connections)
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "-s", str(LUA_REPORT), url,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + timeout + 30)  # noqa: S603
    found = re.search(r"^BENCH-JSON (\{.*\})$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(found.group(1))
    errors = data["connect"] + data["read"] + data["write"] + data["status"] + data["timeout"]
    ok = data["requests"] - data["status"]
    milliseconds = lambda us: us / 1000 if data["requests"] else None  # noqa: E731
    return Result(
        requests=ok,
        seconds=data["duration_us"] / 1e6,
        p50=milliseconds(data["p50"]),
        p95=milliseconds(data["p95"]),
        p99=milliseconds(data["p99"]),
        errors=errors,
    )


def loop(
    urls: str | list[str],
    *,
    duration: float,
    connections: int = 1,
    timeout: float = 30.0,
    max_requests: int | None = None,
) -> Result:
    """A bounded Python loop: `connections` threads GETting the urls in turn until `duration` seconds
    (or max_requests) are up; at least one request each. The fallback when wrk is missing, and the
    scale report's probe (an answer slower than the run would leave wrk with no sample at all). A
    timeout ends the thread that met it: nothing more is queued behind a request that hangs."""
    urls = [urls] if isinstance(urls, str) else urls
    samples: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(10**9))
    began = time.monotonic()
    deadline = began + duration

    def work():
        first = True
        while first or time.monotonic() < deadline:
            first = False
            with lock:
                n = next(counter)
                if max_requests is not None and n >= max_requests:
                    return
            try:
                status, _, seconds = get(urls[n % len(urls)], timeout=timeout)
                key = str(status)
            except TimeoutError:
                key, seconds = "timeout", None
            except (OSError, http.client.HTTPException):
                key, seconds = "error", None
            with lock:
                statuses[key] = statuses.get(key, 0) + 1
                if key == "200" and seconds is not None:
                    samples.append(seconds)
            if key == "timeout":
                return

    threads = [threading.Thread(target=work, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    elapsed = time.monotonic() - began
    return Result(
        requests=len(samples),
        seconds=elapsed,
        p50=percentile(samples, 50),
        p95=percentile(samples, 95),
        p99=percentile(samples, 99),
        errors=sum(n for key, n in statuses.items() if key != "200"),
        statuses=statuses,
        tool="python",
    )


def percentile(samples: list[float], p: float) -> float | None:
    """The p-th percentile (nearest rank) of samples in seconds, in milliseconds."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1] * 1000


def ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def megabytes(values: list[int]) -> str:
    return ", ".join(f"{v / 1024 / 1024:.0f}" for v in values) + " MB" if values else "–"


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    separator = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(headers), separator, *(line(row) for row in rows)])
