"""Throughput of the API's event list against Datasette on the same rows and a bare Django view.

    make bench                               (page weight, then this; bench/README.md)
    .venv/bin/python bench/throughput.py [--events N] [--duration S] [--connections C]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_synthetic .venv/bin/python bench/throughput.py
    .venv/bin/python bench/throughput.py --smoke     (seconds: a tiny data set, every server answers, the table)

Generates or reuses the data set (generate_synthetic, seed 1; SQLite under var/bench/ unless
BENCH_DATABASE_URL names a PostgreSQL database), then serves, one after the other or side by side:

- the app under production settings (bench/settings.py: config.settings.production, static files
  under var/bench/), gunicorn, cold (RESPONSE_CACHE=off) and warm (RESPONSE_CACHE=on);
- Datasette on the same rows (the SQLite file, or a SQLite copy of the PostgreSQL rows): the events
  table's JSON (50 rows, `_shape=array`) and a SQL query with each event's participants joined;
- the bare view (bench/bare.py, its own gunicorn with bench/bare_settings.py): one raw query whose
  JSON the database builds.

Each is driven by wrk (bounded by -d; 16 connections by default) after a warm-up; the table gives
req/s, p50/p95/p99 and the ratios against the targets, the commit and the machine, and the memory of
each server's processes at the end of its run. Every server is stopped at the end, even on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, loadgen, servers
from bench.common import log
from bench.loadgen import Result, markdown_table, megabytes, ms

API_PATH = "/api/v1/events/?page_size=50"
BARE_PATH = "/bare/events/"
TARGET_COLD_VS_DATASETTE = 2.0
TARGET_WARM_VS_BARE = 0.5

# Datasette's closest equivalents: the events table (published, newest first, 50 rows), and the same
# 50 events with their participants joined, as JSON built by SQLite.
DATASETTE_TABLE = (
    "/{db}/events_event.json?_shape=array&_size=50&_sort_desc=start_date&publication_status__exact=published"
)
DATASETTE_JOINED_SQL = """
select e.uuid as id, e.slug, e.title, e.kind, e.status, e.start_date, e.start_date_precision, e.end_date,
  e.end_date_precision, e.location_text, e.updated_at,
  (select json_group_array(json_object('role', p.role, 'name', coalesce(pp.name, o.name, p.name),
     'person', pp.slug, 'organisation', o.slug, 'on_behalf_of', b.slug))
   from events_participation p
   left join people_person pp on pp.id = p.person_id
   left join cooperation_organisation o on o.id = p.organisation_id
   left join cooperation_organisation b on b.id = p.on_behalf_of_id
   where p.event_id = e.id) as participants
from events_event e where e.publication_status = 'published'
order by e.start_date desc, e.title, e.id limit 50
""".strip()


@dataclass
class Row:
    target: str
    url: str
    result: Result
    memory: list[int]


def datasette_joined(db: str) -> str:
    query = urllib.parse.urlencode(
        {"sql": " ".join(DATASETTE_JOINED_SQL.split()), "_shape": "array", "_json": "participants"}
    )
    return f"/{db}.json?{query}"


def measure(name: str, server: servers.Server, path: str, args, rows: list[Row]) -> Row:
    url = server.base + path
    status, body, _ = loadgen.get(url, timeout=120)
    if status != 200:
        raise RuntimeError(f"{name}: {url} answered {status}: {body[:500]!r}")
    check_body(name, body)
    use_wrk = common.wrk_version() is not None and not args.python_loop
    if args.warmup:
        load(url, use_wrk, duration=args.warmup, connections=args.connections)
        server.wait_idle()  # no warm-up request left queued in front of the measured ones
    log(f"   {name}: {args.duration}s, {args.connections} connections")
    result = load(url, use_wrk, duration=args.duration, connections=args.connections)
    row = Row(name, path, result, server.memory())
    server.wait_idle()  # nothing left running while the next target is measured
    rows.append(row)
    return row


def load(url, use_wrk, *, duration, connections) -> Result:
    if use_wrk:
        return loadgen.wrk(url, duration=duration, connections=connections)
    return loadgen.loop(url, duration=duration, connections=connections)


def check_body(name: str, body: bytes) -> None:
    """Each answer is what it claims: 50 events (fewer on a tiny data set), the API's with participants."""
    data = json.loads(body)
    events = data["results"] if isinstance(data, dict) else data
    if not events:
        raise RuntimeError(f"{name}: no events in the answer")
    if name.startswith("API") and "participants" not in events[0]:
        raise RuntimeError(f"{name}: the events have no participants")


def report(rows: list[Row], info: dict, data_set: common.DataSet, args) -> str:
    by_name = {row.target: row for row in rows}
    table = markdown_table(
        ["target", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "RSS per process"],
        [
            [row.target, f"{row.result.rate:,.1f}", ms(row.result.p50), ms(row.result.p95), ms(row.result.p99),
             str(row.result.errors), megabytes(row.memory)]
            for row in rows
        ],
    )  # fmt: skip
    lines = [
        f"commit {info['commit']}, {info['date']}; {info['nproc']} CPUs ({info['cpu']}), {info['memory']}, "
        + (f"PostgreSQL {info['postgresql']}, " if "postgresql" in info else "")
        + f"SQLite {info['sqlite']}, Python {info['python']}, wrk {info['wrk'] or 'missing: Python loop'}",
        f"data set: {data_set.label}"
        + (f" (generated in {data_set.generated_in:.0f}s)" if data_set.generated_in else "")
        + f"; {common.WORKERS} gunicorn workers; "
        f"{args.connections} connections, {args.duration}s each after a {args.warmup}s warm-up",
        "",
        table,
        "",
    ]

    def ratio(a, b, target=None):
        if a not in by_name or b not in by_name or not by_name[b].result.rate:
            return
        value = by_name[a].result.rate / by_name[b].result.rate
        verdict = ""
        if target is not None:
            verdict = f" (target ≥ {target}×: {'met' if value >= target else 'MISSED'})"
        lines.append(f"{a} / {b}: {value:.2f}×{verdict}" if value >= 0.1 else f"{a} / {b}: {value:.3f}×{verdict}")

    ratio("API cold", "Datasette table", TARGET_COLD_VS_DATASETTE)
    ratio("API cold", "Datasette joined")
    ratio("API warm", "bare view", TARGET_WARM_VS_BARE)
    ratio("API cold", "bare view")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", 100_000)))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 10)))
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--smoke", action="store_true", help="Seconds: a tiny data set, 1s per target.")
    parser.add_argument("--python-loop", action="store_true", help="Drive the servers with Python, not wrk.")
    parser.add_argument("--no-datasette", action="store_true", help="Leave Datasette out.")
    parser.add_argument("--directory", type=Path, help="Where the data sets and logs go (default var/bench/).")
    args = parser.parse_args(argv)

    database_url = os.environ.get("BENCH_DATABASE_URL") or None
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    cleanup = None
    if args.smoke:
        # SQLite in a directory of its own, one worker, the database cache (Redis only if asked for).
        args.events, args.duration, args.warmup, args.connections = 150, 1, 0, 4
        common.WORKERS = 1
        database_url = None
        redis_url = os.environ.get("BENCH_REDIS_URL", "")
        if args.directory is None:
            args.directory = cleanup = Path(tempfile.mkdtemp(prefix="bench-smoke-"))
    if args.directory:
        common.VAR = args.directory.resolve()
    want_datasette = not args.no_datasette
    if want_datasette and not common.DATASETTE.exists():
        if os.environ.get("REQUIRE_BENCH") == "1" or not args.smoke:
            log(f"Datasette is missing ({common.DATASETTE}): `make bench-deps` installs it.")
            return 2
        log("== Datasette is missing: the smoke leaves it out")
        want_datasette = False
    if common.wrk_version() is None:
        if os.environ.get("REQUIRE_BENCH") == "1" or not (args.smoke or args.python_loop):
            log("wrk is missing: `apt-get install -y wrk` (make bench-deps does it), or --python-loop.")
            return 2
        log("== wrk is missing: a bounded Python loop drives the servers")

    began = time.monotonic()
    data_set = common.prepare(args.events, database_url, seed_records=not args.smoke)
    info = common.machine(data_set.database_url)
    log(f"== commit {info['commit']}, {data_set.label}")
    rows: list[Row] = []
    cold = servers.gunicorn(
        "app-cold", common.app_env(data_set.database_url, redis_url, RESPONSE_CACHE="off"), API_PATH
    )
    bare = servers.gunicorn(
        "bare",
        common.app_env(data_set.database_url, redis_url, DJANGO_SETTINGS_MODULE="bench.bare_settings"),
        BARE_PATH,
        probe_path="/bare/ping/",
    )
    started = [cold, bare]
    if want_datasette:
        sqlite_file = common.sqlite_copy(data_set)
        ds = servers.datasette(sqlite_file)
        started.append(ds)
    with servers.running(*started):
        measure("API cold", cold, API_PATH, args, rows)
        if want_datasette:
            db = sqlite_file.stem
            measure("Datasette table", ds, DATASETTE_TABLE.format(db=db), args, rows)
            measure("Datasette joined", ds, datasette_joined(db), args, rows)
        measure("bare view", bare, BARE_PATH, args, rows)
    warm = servers.gunicorn("app-warm", common.app_env(data_set.database_url, redis_url, RESPONSE_CACHE="on"), API_PATH)
    with servers.running(warm):
        measure("API warm", warm, API_PATH, args, rows)

    text = report(rows, info, data_set, args)
    print(text)
    results = common.VAR / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = results / f"throughput-{data_set.vendor}-{data_set.events}-{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "machine": info,
                "data_set": {
                    "vendor": data_set.vendor,
                    "events": data_set.events,
                    "generated_in": data_set.generated_in,
                },
                "settings": {"connections": args.connections, "duration": args.duration, "workers": common.WORKERS},
                "rows": [
                    {
                        **asdict(row.result),
                        "target": row.target,
                        "url": row.url,
                        "rate": row.result.rate,
                        "memory": row.memory,
                    }
                    for row in rows
                ],
                "report": text,
            },
            indent=1,
        )
    )
    log(f"== {time.monotonic() - began:.0f}s; results in {out}")
    if cleanup is not None and not os.environ.get("BENCH_KEEP"):
        shutil.rmtree(cleanup, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
