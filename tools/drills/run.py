"""Failure drills against a private copy of the production stack (tools/drills/README.md).

    .venv/bin/python tools/drills/run.py check           # the binaries, and what each drill does: seconds
    .venv/bin/python tools/drills/run.py all             # every drill, in order, on one stack: a few minutes
    .venv/bin/python tools/drills/run.py kill-app        # one drill, on a stack of its own
    .venv/bin/python tools/drills/run.py stack           # the stack alone, until Ctrl-C, to try things by hand

Each drill prints its figures and its expectations; the command exits 1 when one was not met, 2 when
the stack could not be started.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import textwrap
import time
import traceback
from pathlib import Path

import drills
import replica_down
from cluster import GUNICORN_CONF, NGINX, PG_BIN, PYTHON, SITE, STAFF_USER, DrillError, Stack
from web import table

# name: (default seconds of load, what it does)
DRILLS = {
    "replica": (
        10,
        "anonymous GETs through nginx, counting transactions on the primary and the replica "
        "(pg_stat_database.xact_commit); then, with the replica delayed 2 s, staff rename a place in the "
        "admin and read it back at once (primary) while a visitor reads it from the API (replica)",
    ),
    "kill-app": (
        20,
        "GETs through nginx from 16 clients; kill -9 of app1's whole process group at 40%; failed requests "
        "counted; app2's /readyz; app1 started again",
    ),
    "restart-db": (
        20,
        "anonymous reads, staff reads in the admin and partner proposals (POST with Idempotency-Key); the "
        "primary stopped with pg_ctl stop -m fast at 35%, down --down seconds, started again; acknowledged "
        "writes looked up in the primary, failed ones sent again with their key",
    ),
    "restart-redis": (
        20,
        "the same mixed load; the private Redis stopped at 25%, down --down seconds, started again empty; "
        "/readyz asked while it is down",
    ),
    "stop-replica": (
        20,
        "anonymous reads through nginx; the replica stopped at 25%, down --down seconds, started again; "
        "failed reads counted (the app servers read from the primary meanwhile); /readyz while it is down",
    ),
    "disk-full": (
        0,
        "manage.py backup --output into a 1 MB tmpfs (mount -t tmpfs, root only) filled but for a quarter "
        "of a backup, beside an older backup, with --keep 1",
    ),
}


def binaries() -> list[tuple[str, str | None, str]]:
    """What the drills run: (name, path or None when missing, which drills need it)."""

    def which(name: str) -> str | None:
        return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")

    def exists(path: Path) -> str | None:
        return str(path) if path.exists() else None

    found = [
        *((name, exists(PG_BIN / name), "every drill") for name in ("initdb", "pg_ctl", "pg_basebackup", "postgres")),
        ("pg_dump", which("pg_dump"), "disk-full"),
        ("redis-server", which("redis-server"), "every drill"),
        ("nginx", which(NGINX), "every drill"),
        ("openssl", which("openssl"), "every drill (nginx's certificate)"),
        ("python (.venv)", exists(PYTHON), "every drill"),
        ("gunicorn (.venv)", exists(PYTHON.parent / "gunicorn"), "every drill"),
        ("deploy/gunicorn.conf.py", exists(GUNICORN_CONF), "every drill"),
        ("deploy/nginx/records.conf", exists(SITE), "every drill"),
        ("mount", which("mount"), "disk-full (as root; skipped otherwise)"),
    ]
    if os.geteuid() == 0:  # PostgreSQL refuses root: its commands run as the postgres user
        found.append(("runuser", which("runuser"), "every drill, as root"))
    return found


def check(names: list[str]) -> int:
    rows = [[name, path or "MISSING", needs] for name, path, needs in binaries()]
    print(table(["needs", "found", "for"], rows))
    print("\nWould start, on 127.0.0.1 and free ports, under one temporary directory removed at the end:")
    print("  PostgreSQL 15 primary (initdb) + streaming replica (pg_basebackup -R), Redis, two gunicorn app")
    print("  servers (deploy/gunicorn.conf.py, production settings), nginx with deploy/nginx/records.conf")
    print("  in front of both; migrate + seed into the primary; a staff user and a partner token.\n")
    for name in names:
        seconds, what = DRILLS[name]
        load = f"{seconds} s of load" if seconds else "no load"
        print(textwrap.fill(f"{name} ({load}): {what}", 100, initial_indent="  ", subsequent_indent="    "))
    missing = [row[0] for row in rows if row[1] == "MISSING" and row[0] != "mount"]
    if missing:
        print(f"\nmissing: {', '.join(missing)} (apt-get install -y nginx wrk redis-server postgresql-15)")
    return 1 if missing else 0


def run_drill(name: str, stack: Stack, args) -> drills.Verdict:
    seconds = args.seconds or DRILLS[name][0]
    if name == "replica":
        return drills.replica(stack, seconds)
    if name == "kill-app":
        return drills.kill_app(stack, seconds)
    if name == "restart-db":
        return drills.restart_db(stack, seconds, args.down)
    if name == "restart-redis":
        return drills.restart_redis(stack, seconds, args.down)
    if name == "stop-replica":
        return replica_down.stop_replica(stack, seconds, args.down)
    return drills.disk_full(stack)


def verdict(result: drills.Verdict) -> str:
    return "skipped" if not result.checks else "passed" if result.passed else "FAILED"


def hold(stack: Stack) -> None:
    print(f"stack in {stack.dir}")
    print(f"  nginx        https://localhost:{stack.https_port}/  (self-signed; http on {stack.http_port})")
    for app in stack.apps:
        print(f"  {app.name}         http://127.0.0.1:{stack.app_port(app)}/  (log {app.log})")
    print(f"  primary      {stack.primary.url}\n  replica      {stack.replica.url}")
    print(f"  redis        redis://127.0.0.1:{stack.redis_port}/0")
    print(f"  admin        {STAFF_USER} / {stack.password}")
    print("Ctrl-C stops everything.", flush=True)
    while True:
        time.sleep(3600)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("drill", choices=[*DRILLS, "all", "check", "stack"])
    parser.add_argument("--seconds", type=float, help="seconds of load in each drill (default: the drill's own)")
    parser.add_argument("--down", type=float, default=3.0, help="seconds the primary or Redis stays down (3)")
    parser.add_argument(
        "--static-root",
        type=Path,
        help="static files already collected (e.g. staticfiles/ after `make serve`), instead of a collectstatic "
        "into the temporary directory, which takes half a minute or more",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) at the end")
    parser.add_argument("--dry-run", action="store_true", help="check the binaries and say what would run")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each table as it is printed, also into a pipe or a file
    names = {"all": list(DRILLS), "check": list(DRILLS), "stack": []}.get(args.drill, [args.drill])
    if args.drill == "check" or args.dry_run:
        return check(names or list(DRILLS))  # `stack --dry-run`: everything it would start

    # SIGTERM and SIGHUP end the drill as Ctrl-C does: through every `finally`, so the stack is stopped.
    def interrupted(signum, _frame):
        raise SystemExit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupted)
    # Ctrl-C too when started in the background, where the shell has SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    verdicts = []
    began = time.monotonic()
    try:
        with Stack(static_root=args.static_root, keep=args.keep) as stack:
            if args.drill == "stack":
                hold(stack)
            for name in names:
                try:
                    verdicts.append(run_drill(name, stack, args))
                except (DrillError, RuntimeError, OSError) as error:
                    # The next drills still run: each says whether the stack was fit for it.
                    traceback.print_exc()
                    verdicts.append(drills.Verdict(name, [(f"ran to its end ({error})", False)]))
                    print(f"  [FAILED] {name} did not run to its end: {error}")
    except DrillError as error:
        print(f"The stack could not be started: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted: everything started was stopped.", file=sys.stderr)
        return 130
    print(f"\n### summary ({time.monotonic() - began:.0f} s in all)\n")
    rows = [[v.drill, f"{sum(ok for _what, ok in v.checks)}/{len(v.checks)}", verdict(v)] for v in verdicts]
    print(table(["drill", "expectations met", "verdict"], rows))
    return 0 if all(v.passed for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
