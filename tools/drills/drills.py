"""The drills themselves, each against a running Stack (cluster.py): load through nginx while one part
fails, then what the clients saw and what the database holds. Each returns a Verdict: the figures it
printed and the expectations it checked."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cluster import PYTHON, STAFF_USER, Stack, http_status, run, wait_for
from web import Client, Outcome, reader, run_load, status_counts, table

READERS = 8  # visitors' threads in each load; a 2-core machine also runs the whole stack
GRACE = 1.0  # seconds around a fault in which a request may still fail because of it


@dataclass
class Verdict:
    drill: str
    checks: list[tuple[str, bool]] = field(default_factory=list)

    def expect(self, what: str, passed: bool) -> None:
        self.checks.append((what, bool(passed)))
        print(f"  [{'ok' if passed else 'FAILED'}] {what}")

    @property
    def passed(self) -> bool:
        return all(passed for _what, passed in self.checks)


def heading(title: str) -> None:
    print(f"\n### {title}\n", flush=True)


def read_paths(stack: Stack) -> list[str]:
    """What visitors read: pages and the API's lists and details, found through the API itself."""
    client, paths = Client(stack.https_port), ["/", "/events/", "/api/v1/"]
    for collection in ("events", "people", "organisations", "places", "initiatives", "sources"):
        paths.append(f"/api/v1/{collection}/")
        for item in client.request("GET", f"/api/v1/{collection}/?page_size=3").json()["results"]:
            paths += [urllib.parse.urlsplit(item["url"]).path, urllib.parse.urlsplit(item["html_url"]).path]
    client.close()
    return paths


def summary_rows(outcomes: list[Outcome]) -> list[list]:
    rows = []
    for kind in sorted({outcome.kind for outcome in outcomes}):
        mine = [outcome for outcome in outcomes if outcome.kind == kind]
        failed = ", ".join(f"{status}: {n}" for status, n in status_counts([o for o in mine if not o.ok]).items())
        rows.append([kind, len(mine), sum(o.ok for o in mine), failed or "-"])
    return rows


def show_failures(outcomes: list[Outcome], limit=5) -> None:
    """The first few failures, with what a report needs to find them in the logs (the request id)."""
    for outcome in [o for o in outcomes if not o.ok][:limit]:
        print(
            f"    t={outcome.started:6.2f}s {outcome.method} {outcome.path} -> {outcome.status or outcome.error} "
            f"[{outcome.request_id}] {outcome.detail[:120]!r}"
        )


class Partner:
    """A partner system proposing new events with its token, each with its own Idempotency-Key; every
    proposal is remembered with its answer, so that the database can be checked against them."""

    def __init__(self, stack: Stack, run: str):
        self.stack, self.run = stack, run
        self.sent: list[dict] = []  # key, body, status, id (the 202's)
        self.numbers = itertools.count(1)  # shared by the partner's threads: each title once

    def body(self) -> dict:
        return {
            "title": f"Drill {self.run} proposal {next(self.numbers)}",
            "kind": "seminar",
            "start_date": "2025-05",
            "citations": [{"source": self.stack.partner["source"], "quote": self.stack.partner["quote"]}],
        }

    def post(self, client: Client, began: float, key: str, body: dict):
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.stack.partner['key']}",
            "Idempotency-Key": key,
        }
        return client.timed("POST", "/api/v1/events/", began, json.dumps(body).encode(), headers)

    def actor(self, pause=0.2):
        client = Client(self.stack.https_port, "write")

        def act(began: float) -> Outcome:
            key, body = str(uuid.uuid4()), self.body()
            record = {"key": key, "body": body, "status": None, "id": None}
            self.sent.append(record)
            outcome, answer = self.post(client, began, key, body)
            record["status"] = outcome.status
            if answer is not None and answer.status == 202:
                record["id"] = answer.json()["id"]
            time.sleep(pause)
            return outcome

        return act

    def missing(self, ids: list[str]) -> list[str]:
        """The ids (the records' uuid, as the API gives them) that the primary does not hold."""
        found = self.stack.primary.query("SELECT uuid::text FROM events_event WHERE uuid::text = ANY(%s)", (ids,))
        return sorted(set(ids) - {uuid_ for (uuid_,) in found})

    def stored(self) -> dict[str, int]:
        """The drill's events in the primary, by title (2 or more would be a duplicate)."""
        rows = self.stack.primary.query(
            "SELECT title, count(*) FROM events_event WHERE title LIKE %s GROUP BY title", (f"Drill {self.run} %",)
        )
        return dict(rows)


def staff_actor(stack: Stack, path="/admin/cooperation/place/"):
    """A staff member reading the admin (always from the primary), signed in once."""
    client = Client(stack.https_port, "staff")
    client.log_in(STAFF_USER, stack.password)

    def act(began: float) -> Outcome:
        outcome, _answer = client.timed("GET", path, began)
        time.sleep(0.1)
        return outcome

    return act


# --- replica ----------------------------------------------------------------------------------------------


# Per server: transactions committed in the site's database, and scans of its tables. Autovacuum's
# transactions count in the first (it is busy on the primary after the seed) but not in the second,
# which counts only what queries read.
COUNTERS = (
    "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), "
    "(SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables)"
)


def settled_counters(stack: Stack) -> list[tuple[int, int]]:
    """COUNTERS on the primary and on the replica, once the app's idle connections have flushed theirs
    (PostgreSQL 15 does so within 10 s of going idle): read until the scans stop moving, and the
    replica's transactions too (each read here is one; the primary's autovacuum may go on)."""
    last: list[tuple[int, int]] = []
    for _ in range(30):
        now = [tuple(server.query(COUNTERS)[0]) for server in (stack.primary, stack.replica)]
        if last and [n[1] for n in now] == [n[1] for n in last] and now[1][0] - last[1][0] <= 1:
            return now
        last = now
        time.sleep(1)
    return last


def set_replica_delay(stack: Stack, delay: str) -> None:
    stack.replica.query(f"ALTER SYSTEM SET recovery_min_apply_delay = '{delay}'")
    stack.replica.query("SELECT pg_reload_conf()")
    wait_for("the replica's new delay", lambda: stack.replica.query("SHOW recovery_min_apply_delay")[0][0] == delay, 10)


def replica(stack: Stack, seconds: float) -> Verdict:
    verdict = Verdict("replica")
    heading(f"replica: visitors' reads from the replica ({seconds:.0f} s of anonymous reads, {READERS} clients)")
    paths = read_paths(stack)
    before = settled_counters(stack)
    outcomes, _ = run_load([reader(Client(stack.https_port), paths) for _ in range(READERS)], seconds)
    after = settled_counters(stack)
    ok = sum(o.ok for o in outcomes)
    print(table(["anonymous GETs", "2xx/3xx", "req/s"], [[len(outcomes), ok, round(len(outcomes) / seconds)]]))
    (primary_xacts, primary_scans), (replica_xacts, replica_scans) = (
        (end[0] - start[0], end[1] - start[1]) for start, end in zip(before, after, strict=True)
    )
    print()
    rows = [["primary", primary_xacts, primary_scans], ["replica", replica_xacts, replica_scans]]
    print(table(["server", "Δ xact_commit", "Δ table scans (seq + idx)"], rows))
    share = replica_scans / max(1, primary_scans + replica_scans)
    print(f"  the replica's share of the table scans: {share:.1%} (the primary's transactions include autovacuum's)")
    verdict.expect("every anonymous read answered 2xx/3xx", ok == len(outcomes))
    verdict.expect("the replica scanned at least one table per read", replica_scans >= len(outcomes))
    verdict.expect("the primary scanned under 1% as many tables as the replica", primary_scans < replica_scans / 100)

    delay, saves = "2s", 5
    heading(f"replica: read your own write (replica delayed by recovery_min_apply_delay = '{delay}', {saves} saves)")
    set_replica_delay(stack, delay)
    try:
        rows = read_after_write(stack, saves)
    finally:
        set_replica_delay(stack, "0")
    print(
        table(
            ["save", "admin save", "staff read at once", "anonymous read at once", "anonymous sees it after (s)"], rows
        )
    )
    verdict.expect("every admin save answered 302", all(row[1] == 302 for row in rows))
    verdict.expect("staff read their own change at once, every time (primary)", all(r[2] == "new" for r in rows))
    verdict.expect("anonymous reads right after a save were stale (replica, delayed)", all(r[3] == "old" for r in rows))
    verdict.expect("anonymous reads caught up within the delay + 2 s", all(r[4] < 4.0 for r in rows))
    return verdict


def read_after_write(stack: Stack, saves: int) -> list[list]:
    """Staff rename a published place in the admin; at once the same session reads it back in the admin
    and a new anonymous visitor reads it in the API; then the visitor reads until the new name shows."""
    staff = Client(stack.https_port, "staff")
    staff.log_in(STAFF_USER, stack.password)
    place = Client(stack.https_port).request("GET", "/api/v1/places/?page_size=1").json()["results"][0]
    api_path = urllib.parse.urlsplit(place["url"]).path
    place_id = stack.primary.query("SELECT id FROM cooperation_place WHERE slug = %s", (place["slug"],))[0][0]
    change = f"/admin/cooperation/place/{place_id}/change/"
    rows = []
    for number in range(1, saves + 1):
        name = f"{place['name']} (drill {number})"
        fields = [(key, name if key == "name" else value) for key, value in staff.form(change, "place_form")]
        saved_at = time.monotonic()
        saved = staff.post_form(change, [*fields, ("_save", "Save")]).status
        staff_sees = dict(staff.form(change, "place_form"))["name"]
        visitor = Client(stack.https_port)
        anonymous = visitor.request("GET", api_path).json()["name"]
        first_read = anonymous
        while anonymous != name and time.monotonic() - saved_at < 10:
            time.sleep(0.05)
            anonymous = visitor.request("GET", api_path).json()["name"]
        rows.append(
            [
                number,
                saved,
                "new" if staff_sees == name else "old",
                "new" if first_read == name else "old",
                round(time.monotonic() - saved_at, 2),
            ]
        )
    return rows


# --- kill-app ---------------------------------------------------------------------------------------------


def kill_app(stack: Stack, seconds: float) -> Verdict:
    verdict = Verdict("kill-app")
    killed, survivor = stack.apps
    kill_at = seconds * 0.4
    heading(f"kill-app: kill -9 {killed.name} at {kill_at:.0f} s of {seconds:.0f} s of GETs ({READERS * 2} clients)")
    paths = read_paths(stack)
    error_log_before = stack.nginx_error_log.read_text() if stack.nginx_error_log.exists() else ""
    clients = [reader(Client(stack.https_port), paths) for _ in range(READERS * 2)]
    outcomes, [(killed_at, _)] = run_load(clients, seconds, [(kill_at, killed.kill)])
    # nginx logs each request the killed server failed: before its answer began (passed on to the
    # survivor: proxy_next_upstream's default, `error timeout`, for idempotent requests), or after nginx
    # had sent the answer's headers on to the client (which nothing can retry: the client gets it cut).
    upstream = f":{stack.app_port(killed)}/"
    lines = [
        line for line in stack.nginx_error_log.read_text()[len(error_log_before) :].splitlines() if upstream in line
    ]
    cut = [line for line in lines if "while reading upstream" in line]
    passed_on = [line for line in lines if "while reading response header" in line or "while connecting" in line]
    before = [o for o in outcomes if o.started < killed_at]
    after = [o for o in outcomes if o.started >= killed_at]
    failed = [o for o in outcomes if not o.ok]
    rows = [
        ["before the kill", len(before), sum(o.ok for o in before), round(len(before) / killed_at)],
        ["after the kill", len(after), sum(o.ok for o in after), round(len(after) / (seconds - killed_at))],
        ["total", len(outcomes), sum(o.ok for o in outcomes), round(len(outcomes) / seconds)],
    ]
    print(table(["GETs (idempotent)", "requests", "2xx/3xx", "req/s"], rows))
    print(f"\n  failed: {len(failed)} {status_counts(failed) or ''}")
    print(
        f"  nginx: {len(passed_on)} requests passed on to {survivor.name}, {len(cut)} answers cut after their headers"
    )
    show_failures(outcomes)
    survivor_ready = http_status(stack.app_port(survivor), "/readyz")
    print(f"  {survivor.name} /readyz directly: {survivor_ready}")
    restarted_in = stack.restart_app(0)
    print(f"  {killed.name} started again (as systemd would) and ready in {restarted_in:.1f} s")
    verdict.expect(
        "no GET failed that nginx could pass on (none refused, none 5xx, none started after the kill)",
        all(o.status is None and o.started < killed_at for o in failed),
    )
    verdict.expect(
        "every failed GET was an answer cut in flight at the kill (nginx's count of them)", len(failed) <= len(cut)
    )
    verdict.expect(f"{survivor.name} answers /readyz 200", survivor_ready == 200)
    return verdict


# --- restart-db -------------------------------------------------------------------------------------------


def restart_db(stack: Stack, seconds: float, down: float) -> Verdict:
    verdict = Verdict("restart-db")
    at = seconds * 0.35
    heading(
        f"restart-db: primary stopped (pg_ctl stop -m fast) at {at:.0f} s, down {down:.0f} s, started again; "
        f"{seconds:.0f} s of anonymous reads, staff reads and partner writes"
    )
    partner = Partner(stack, f"db-{uuid.uuid4().hex[:6]}")

    def restart() -> None:
        stack.primary.stop("fast")
        time.sleep(down)
        stack.primary.start()

    def streaming() -> None:  # run right after restart(): its end is when the replica follows again
        wait_for("the replica streaming again", lambda: stack.replication_state() == "streaming", 30)

    actors = [
        *(reader(Client(stack.https_port), read_paths(stack)) for _ in range(READERS - 2)),
        staff_actor(stack),
        partner.actor(),
        partner.actor(),
    ]
    outcomes, [(stopped, started), (_, following)] = run_load(actors, seconds, [(at, restart), (at, streaming)])
    window = (stopped - GRACE, started + GRACE)
    print(table(["kind", "requests", "2xx/3xx", "failed by status"], summary_rows(outcomes)))
    failed = [o for o in outcomes if not o.ok]
    outside = [o for o in failed if not window[0] <= o.started <= window[1]]
    failed_times = f"{failed[0].started:.2f}–{failed[-1].started:.2f} s" if failed else "-"
    print(f"\n  primary down from {stopped:.2f} s to {started:.2f} s; failures started at {failed_times}")
    show_failures([o for o in failed if o.status != 503 or o in outside])
    failed_reads = Counter(o.path for o in failed if o.kind == "read")
    if failed_reads:
        print(f"  anonymous reads answered 503, by path: {dict(failed_reads.most_common())}")
    after = [o for o in outcomes if o.started >= started]
    firsts = {kind: next((o for o in after if o.kind == kind), None) for kind in ("read", "staff", "write")}
    print("  first request of each kind after the primary was back: ", end="")
    print(", ".join(f"{kind} {first.status} at {first.started:.2f} s" for kind, first in firsts.items() if first))
    reads_in_outage = [o for o in outcomes if o.kind == "read" and stopped <= o.started <= started]
    print(
        f"  anonymous reads during the outage: {len(reads_in_outage)}, answered: {sum(o.ok for o in reads_in_outage)}"
    )

    acknowledged = [r for r in partner.sent if r["status"] == 202]
    unanswered = [r for r in partner.sent if r["status"] != 202]
    lost = partner.missing([r["id"] for r in acknowledged])
    # What a partner does with a failed proposal: send it again with its key once the site is back. A
    # replayed answer means the first attempt had been stored although its client was told it failed.
    retries = Client(stack.https_port, "write")
    retried = [partner.post(retries, time.monotonic(), r["key"], r["body"])[1] for r in unanswered]
    retried_ids = [answer.json()["id"] for answer in retried if answer is not None and answer.status == 202]
    replayed = sum(answer is not None and answer.headers.get("Idempotent-Replayed") == "true" for answer in retried)
    stored = partner.stored()
    duplicates = sum(count - 1 for count in stored.values() if count > 1)
    rows = [
        ["proposals sent", len(partner.sent)],
        ["acknowledged (202, with the new record's id)", len(acknowledged)],
        ["  of those ids, missing from the primary afterwards", len(lost)],
        ["failed (503), sent again with the same key once the primary was back", len(unanswered)],
        ["  answered 202 on the retry", len(retried_ids)],
        ["  of which replayed (the failed attempt had been stored)", replayed],
        ["  of the retries' ids, missing from the primary", len(partner.missing(retried_ids))],
        ["drill events in the primary at the end", sum(stored.values())],
        ["stored twice", duplicates],
    ]
    print()
    print(table(["writes", "count"], rows))
    print(f"  the replica streamed from the primary again {following - started:.1f} s after it was back")
    verdict.expect("no 500", not any(o.status == 500 for o in outcomes))
    verdict.expect(f"every failure within the outage (±{GRACE:.0f} s)", not outside)
    verdict.expect(
        "every failure answered 503 with Retry-After, none without an answer",
        all(o.status == 503 and o.retry_after for o in failed),
    )
    verdict.expect("no acknowledged write lost", not lost)
    verdict.expect(
        "every failed write stored once sent again",
        len(retried_ids) == len(unanswered) and not partner.missing(retried_ids),
    )
    verdict.expect("no write stored twice", duplicates == 0)
    verdict.expect("the first request of each kind after recovery succeeded", all(f and f.ok for f in firsts.values()))
    return verdict


# --- restart-redis ----------------------------------------------------------------------------------------


def restart_redis(stack: Stack, seconds: float, down: float) -> Verdict:
    verdict = Verdict("restart-redis")
    at = seconds * 0.25
    heading(
        f"restart-redis: Redis stopped at {at:.0f} s, down {down:.0f} s, started again (empty); {seconds:.0f} s of load"
    )
    partner = Partner(stack, f"redis-{uuid.uuid4().hex[:6]}")
    readiness: dict[str, int] = {}

    def restart() -> None:
        stack.redis.stop()
        time.sleep(down / 2)
        readiness["while down"] = http_status(stack.app_port(stack.apps[0]), "/readyz")
        time.sleep(down / 2)
        stack.redis.start()
        stack.redis.wait_ready(stack.redis_answers, timeout=20)

    actors = [
        *(reader(Client(stack.https_port), read_paths(stack)) for _ in range(READERS - 1)),
        staff_actor(stack),
        partner.actor(),
    ]
    outcomes, [(stopped, started)] = run_load(actors, seconds, [(at, restart)])
    readiness["after"] = http_status(stack.app_port(stack.apps[0]), "/readyz")
    keys = int(stack.redis_command("DBSIZE").lstrip(":"))
    print(table(["kind", "requests", "2xx/3xx", "failed by status"], summary_rows(outcomes)))
    during = [o for o in outcomes if stopped <= o.started <= started]
    print(
        f"\n  Redis down from {stopped:.2f} s to {started:.2f} s: {len(during)} requests then, {sum(o.ok for o in during)} answered"
    )
    print(
        f"  {stack.apps[0].name} /readyz while Redis was down: {readiness['while down']}, after: {readiness['after']}"
    )
    print(f"  keys in Redis at the end (the cache in use again): {keys}")
    show_failures(outcomes)
    verdict.expect("no 500", not any(o.status == 500 for o in outcomes))
    verdict.expect("every request answered 2xx/3xx", all(o.ok for o in outcomes))
    # Degraded, not unready: the site answers without Redis, so a balancer must not take every server out.
    verdict.expect(
        "/readyz said 200 while Redis was down (degraded) and after",
        (readiness["while down"], readiness["after"]) == (200, 200),
    )
    return verdict


# --- disk-full --------------------------------------------------------------------------------------------


def disk_full(stack: Stack) -> Verdict:
    verdict = Verdict("disk-full")
    heading("disk-full: manage.py backup into a 1 MB tmpfs that is nearly full")
    if os.geteuid() != 0 or not shutil.which("mount"):
        print("  skipped: mounting a tmpfs needs root; tests/core/test_backups.py covers a full disk")
        return verdict
    normal = stack.manage("backup", "--output", str(stack.dir / "backups"))
    size = next(Path(stack.dir / "backups").glob("records-*.dump")).stat().st_size
    full = stack.dir / "full"
    full.mkdir()
    mounted = run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", full], check=False)
    if mounted.returncode != 0:
        print(f"  skipped: mount refused ({mounted.stderr.strip()}); tests/core/test_backups.py covers a full disk")
        return verdict
    try:
        old = full / "records-20000101T000000Z.dump"
        old.write_bytes(b"an older backup")
        # Leave a quarter of a backup's room: pg_dump starts writing, then the disk is full.
        free = shutil.disk_usage(full).free
        (full / "filler").write_bytes(b"\0" * max(0, free - size // 4))
        before = sorted(path.name for path in full.iterdir())
        free_before = shutil.disk_usage(full).free
        began = time.monotonic()
        command = [PYTHON, "manage.py", "backup", "--output", full, "--keep", "1"]
        result = run(command, env=stack.app_env(), check=False)
        took = time.monotonic() - began
        after = sorted(path.name for path in full.iterdir())
        output = result.stdout + result.stderr
        message = next((line for line in output.splitlines() if "full" in line), output.strip()[-300:])
    finally:
        run(["umount", full], check=False)
    print(f"  a normal backup of the drill's database: {normal.strip()}")
    print(
        table(
            ["free before", "backup's size", "exit", "seconds", "files before", "files after"],
            [[free_before, size, result.returncode, round(took, 1), len(before), len(after)]],
        )
    )
    print(f"  message: {message}")
    verdict.expect("backup exited non-zero", result.returncode != 0)
    verdict.expect("its error names the directory and its free space", "is full" in message and str(full) in message)
    verdict.expect("nothing of it left, and the older backup kept (--keep 1)", before == after)
    return verdict
