"""The scale report: p50/p95 of every endpoint type at 10k, 100k and 1M events on PostgreSQL.

    make bench-scale                                  (10k, 100k and 1M events; bench/README.md)
    .venv/bin/python bench/scale.py --events 10000 100000
    .venv/bin/python bench/scale.py --events 1000000 --timeout 30

For each size: the data set (generate_synthetic, seed 1) in its own PostgreSQL database
(bench_scale_<N>, or BENCH_SCALE_DATABASE_URL with {events} in it; --sqlite for SQLite files under
var/bench/), the static files collected under var/bench/, the app under production settings
(gunicorn, RESPONSE_CACHE=off: cold), then each endpoint in turn, one request at a time, for a few
seconds (--duration) or --max-requests, every request bounded by --timeout. Detail endpoints rotate
over several records: typical ones (the middle of the Zipf ranking) and the busiest.

Each size's figures go to var/bench/scale/<vendor>-<N>.json; the report of every size measured so far
(with the commit, date and machine) replaces the "Latest scale run" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, loadgen, servers
from bench.common import log
from bench.loadgen import markdown_table, megabytes, ms

DOC = common.ROOT / "docs" / "performance.md"
START, END = "<!-- bench-scale:{vendor}:start -->", "<!-- bench-scale:{vendor}:end -->"
SAMPLE = 8  # records a detail endpoint rotates over


def slugs(url, table, *, where="", order="id", limit=SAMPLE, middle=False):
    """Published synthetic records' slugs: the first by id (the busiest, by the skew), or the middle ones."""
    condition = f"slug LIKE 'syn-%' AND publication_status = 'published' {where}"
    offset = 0
    if middle:
        total = common.query(url, f"SELECT count(*) FROM {table} WHERE {condition}")[0][0]  # noqa: S608
        offset = max(0, total // 2)
    sql = f"SELECT slug FROM {table} WHERE {condition} ORDER BY {order} LIMIT {limit} OFFSET {offset}"  # noqa: S608
    rows = common.query(url, sql)
    return [row[0] for row in rows]


def cursor_at(url: str, offset: int) -> str:
    """The API's cursor after the published event `offset` places into the newest-first list: what a
    client following `next` links that far holds (cooperation/core/paging.py writes it so)."""
    rows = common.query(
        url,
        "SELECT start_date, title, id FROM events_event WHERE publication_status = 'published' "
        "ORDER BY start_date DESC NULLS LAST, title, id OFFSET %s LIMIT 1",
        (offset,),
    )
    start, title, pk = rows[0] if rows else (None, "", 0)
    values = [str(start)[:10] if start else None, title, str(pk)]  # a date (PostgreSQL) or its text (SQLite)
    data = json.dumps({"d": "n", "v": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def endpoints(url: str) -> list[tuple[str, list[str]]]:
    """(name, paths) of every endpoint type, from the data set's own records."""
    published = common.query(url, "SELECT count(*) FROM events_event WHERE publication_status = 'published'")[0][0]
    deep_page = max(1, min(200, published // 50))  # the deepest page asked for by number (MAX_OFFSET)
    deep_cursor = cursor_at(url, published // 2)
    busiest_person = slugs(url, "people_person", limit=1)
    busiest_organisation = slugs(url, "cooperation_organisation", limit=1)
    busiest_city = slugs(url, "cooperation_place", where="AND kind = 'city'", limit=1)
    country = slugs(url, "cooperation_place", where="AND kind = 'country'", limit=1)
    people = slugs(url, "people_person", middle=True)
    organisations = slugs(url, "cooperation_organisation", middle=True)
    events = slugs(url, "events_event", middle=True)
    places = slugs(url, "cooperation_place", where="AND kind = 'city'", middle=True)
    initiatives = slugs(url, "cooperation_initiative", middle=True)
    sources = slugs(url, "cooperation_source", middle=True)

    def each(pattern, values):
        return [pattern.format(value) for value in values]

    return [
        ("API events list (50, participants)", ["/api/v1/events/?page_size=50"]),
        ("API events list, default page", ["/api/v1/events/"]),
        ("API events list, page 200 (or the last)", [f"/api/v1/events/?page={deep_page}"]),
        ("API events list, halfway (cursor)", [f"/api/v1/events/?cursor={deep_cursor}"]),
        ("API people list", ["/api/v1/people/"]),
        ("API organisations list", ["/api/v1/organisations/"]),
        ("API places list", ["/api/v1/places/"]),
        ("API initiatives list", ["/api/v1/initiatives/"]),
        ("API sources list", ["/api/v1/sources/"]),
        ("API events filtered (year, kind)", ["/api/v1/events/?year=2020&kind=meeting"]),
        ("API events filtered (country)", each("/api/v1/events/?country={}", country)),
        ("API events of the busiest person", each("/api/v1/events/?person={}", busiest_person)),
        ("API events of the busiest organisation", each("/api/v1/events/?organisation={}", busiest_organisation)),
        (
            "API events ordered (kind, -title, -end_date, updated_at)",
            [f"/api/v1/events/?ordering={key}" for key in ("kind", "-title", "-end_date", "updated_at")],
        ),
        (
            "API people ordered (family_name, -updated_at)",
            ["/api/v1/people/?ordering=family_name", "/api/v1/people/?ordering=-updated_at"],
        ),
        ("API events search (q)", ["/api/v1/events/?q=heritage", "/api/v1/events/?q=aliyev"]),
        ("API people search (q)", ["/api/v1/people/?q=aliyev", "/api/v1/people/?q=qafarzade"]),
        ("API events as CSV", ["/api/v1/events/?format=csv"]),
        ("API event detail", each("/api/v1/events/{}/", events)),
        ("API person detail", each("/api/v1/people/{}/", people)),
        ("API person detail (busiest)", each("/api/v1/people/{}/", busiest_person)),
        ("API organisation detail", each("/api/v1/organisations/{}/", organisations)),
        ("API organisation detail (busiest)", each("/api/v1/organisations/{}/", busiest_organisation)),
        ("API place detail", each("/api/v1/places/{}/", places)),
        ("API initiative detail", each("/api/v1/initiatives/{}/", initiatives)),
        ("API source detail", each("/api/v1/sources/{}/", sources)),
        ("page home", ["/"]),
        ("page events", ["/events/"]),
        ("page events filtered (year, kind)", ["/events/?year=2020&kind=meeting"]),
        ("page events search", ["/events/?q=heritage"]),
        ("page events of the busiest organisation", each("/events/?organisation={}", busiest_organisation)),
        ("page timeline", ["/timeline/"]),
        ("page sitemap.xml", ["/sitemap.xml"]),
        ("page site search", ["/search/?q=heritage"]),
        ("page site search, misspelt (a suggestion)", ["/search/?q=herritage+scool", "/search/?q=aliyv"]),
        ("page people list", ["/people/"]),
        ("page event", each("/events/{}/", events)),
        ("page person", each("/people/{}/", people)),
        ("page person (busiest)", each("/people/{}/", busiest_person)),
        ("page organisation", each("/organisations/{}/", organisations)),
        ("page organisation (busiest)", each("/organisations/{}/", busiest_organisation)),
        ("page place (busiest city)", each("/places/{}/", busiest_city)),
        ("page initiative", each("/initiatives/{}/", initiatives)),
        ("page source", each("/sources/{}/", sources)),
    ]


def run_size(events: int, args) -> dict:
    if args.sqlite:
        database_url = None
    else:
        template = os.environ.get("BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_scale_{events}")
        database_url = template.format(events=events)
    data_set = common.prepare(events, database_url)
    common.manage(data_set.database_url, "collectstatic", "--noinput", "--verbosity", "0", quiet=True)
    info = common.machine(data_set.database_url)
    app = servers.gunicorn(
        "app-scale",
        common.app_env(data_set.database_url, RESPONSE_CACHE="off"),
        "/api/v1/",
        timeout=int(args.timeout) + 5,
    )
    results = []
    with servers.running(app):
        for name, paths in endpoints(data_set.database_url):
            result = loadgen.loop(
                [app.base + path for path in paths],
                duration=args.duration,
                timeout=args.timeout,
                max_requests=args.max_requests,
            )
            results.append(
                {
                    "endpoint": name,
                    "paths": paths,
                    "n": result.requests,
                    "p50": result.p50,
                    "p95": result.p95,
                    "statuses": result.statuses,
                }
            )
            if "timeout" in result.statuses:
                app.wait_idle(max_wait=args.timeout + 10)  # the worker still on it, until gunicorn ends it
            status = ", ".join(f"{k}×{v}" for k, v in sorted(result.statuses.items()))
            log(f"   {name}: p50 {ms(result.p50)} ms, p95 {ms(result.p95)} ms ({status})")
        memory = app.memory()
    return {
        "events": events,
        "vendor": data_set.vendor,
        "generated_in": data_set.generated_in,
        "machine": info,
        "settings": {
            "duration": args.duration,
            "max_requests": args.max_requests,
            "timeout": args.timeout,
            "workers": common.WORKERS,
        },
        "memory": memory,
        "results": results,
    }


def cell(result: dict | None) -> str:
    if result is None:
        return ""
    bad = {k: v for k, v in result["statuses"].items() if k != "200"}
    if result["p95"] is None:
        return "timeout" if "timeout" in bad else ", ".join(f"{k}" for k in bad) or "–"
    text = f"{ms(result['p50'])} / {ms(result['p95'])}"
    if bad:
        text += " (" + ", ".join(f"{k}×{v}" for k, v in sorted(bad.items())) + ")"
    return text


def render(runs: list[dict], vendor: str, timeout: float) -> str:
    runs = sorted(runs, key=lambda run: run["events"])
    names = list(dict.fromkeys(r["endpoint"] for run in runs for r in run["results"]))
    by = {(run["events"], r["endpoint"]): r for run in runs for r in run["results"]}
    table = markdown_table(
        ["endpoint (p50 / p95 ms)", *(f"{run['events']:,} events" for run in runs)],
        [[name, *(cell(by.get((run["events"], name))) for run in runs)] for name in names],
    )
    lines = []
    for run in runs:
        m = run["machine"]
        generated = f", generated in {run['generated_in']:.0f}s" if run.get("generated_in") else ""
        lines.append(
            f"- {run['events']:,} events: commit `{m['commit']}`, {m['date']}; {m['nproc']} CPUs, {m['memory']}, "
            + (f"PostgreSQL {m['postgresql']}" if "postgresql" in m else f"SQLite {m['sqlite']}")
            + f"; {run['settings']['workers']} gunicorn workers, RSS at the end {megabytes(run['memory'])}{generated}"
        )
    settings = runs[0]["settings"] if runs else {}
    return "\n".join(
        [
            f"Produced by `make bench-scale` ({vendor}): cold (RESPONSE_CACHE=off), one request at a time, "
            f"{settings.get('duration')}s or {settings.get('max_requests')} requests per endpoint, each bounded by "
            f'{timeout:.0f}s ("timeout": the first request took longer).',
            "",
            *lines,
            "",
            table,
        ]
    )


def write_doc(text: str, vendor: str) -> None:
    start, end = START.format(vendor=vendor), END.format(vendor=vendor)
    doc = DOC.read_text() if DOC.exists() else "# Performance\n"
    block = f"{start}\n{text}\n{end}"
    if start in doc and end in doc:
        doc = doc[: doc.index(start)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = doc.rstrip("\n") + f"\n\n## Latest scale run ({vendor})\n\n{block}\n"
    DOC.write_text(doc)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--duration", type=float, default=5.0, help="Seconds per endpoint (default 5).")
    parser.add_argument("--max-requests", type=int, default=40, help="Requests per endpoint at most (default 40).")
    parser.add_argument("--timeout", type=float, default=30.0, help="Seconds a request may take (default 30).")
    parser.add_argument("--sqlite", action="store_true", help="SQLite files under var/bench/, not PostgreSQL.")
    parser.add_argument("--no-doc", action="store_true", help="Leave docs/performance.md as it is.")
    args = parser.parse_args(argv)
    vendor = "sqlite" if args.sqlite else "postgresql"
    folder = common.VAR / "scale"
    folder.mkdir(parents=True, exist_ok=True)
    for events in args.events:
        began = time.monotonic()
        log(f"== scale: {events:,} events ({vendor})")
        run = run_size(events, args)
        (folder / f"{vendor}-{events}.json").write_text(json.dumps(run, indent=1))
        log(f"== {events:,} events done in {time.monotonic() - began:.0f}s")
    runs = [json.loads(path.read_text()) for path in sorted(folder.glob(f"{vendor}-*.json"))]
    text = render(runs, vendor, args.timeout)
    print(text)
    if not args.no_doc:
        write_doc(text, vendor)
        log(f"== written to {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
