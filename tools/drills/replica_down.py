"""The `stop-replica` drill: the replica stopped under visitors' reads. The app servers leave it aside
(cooperation/core/replicas.py) and read from the primary until it answers again: at most the requests
already on a replica connection fail, one a worker thread, and /readyz stays 200 ("degraded")."""

from __future__ import annotations

import time

from cluster import WEB_THREADS, WEB_WORKERS, Stack, http_status
from drills import READERS, Verdict, heading, read_paths, show_failures, summary_rows
from web import Client, reader, run_load, table


def stop_replica(stack: Stack, seconds: float, down: float) -> Verdict:
    verdict = Verdict("stop-replica")
    at = seconds * 0.25
    heading(
        f"stop-replica: the replica stopped at {at:.0f} s, down {down:.0f} s, started again; {seconds:.0f} s of reads"
    )
    readiness: dict[str, int] = {}

    def outage() -> None:
        stack.replica.stop()
        time.sleep(down / 2)
        readiness["while down"] = http_status(stack.app_port(stack.apps[0]), "/readyz")
        time.sleep(down / 2)
        stack.replica.start()

    actors = [reader(Client(stack.https_port), read_paths(stack)) for _ in range(READERS)]
    outcomes, [(stopped, started)] = run_load(actors, seconds, [(at, outage)])
    readiness["after"] = http_status(stack.app_port(stack.apps[0]), "/readyz")
    print(table(["kind", "requests", "2xx/3xx", "failed by status"], summary_rows(outcomes)))
    during = [o for o in outcomes if stopped <= o.started <= started]
    failed = [o for o in outcomes if not o.ok]
    print(
        f"\n  replica down from {stopped:.2f} s to {started:.2f} s: {len(during)} reads then, "
        f"{sum(o.ok for o in during)} answered; {len(failed)} failed in all"
    )
    print(
        f"  {stack.apps[0].name} /readyz while the replica was down: {readiness['while down']}, after: {readiness['after']}"
    )
    show_failures(outcomes)
    threads = len(stack.apps) * int(WEB_WORKERS) * int(WEB_THREADS)  # the replica connections open when it stops
    verdict.expect("no 500", not any(o.status == 500 for o in outcomes))
    verdict.expect(
        f"at most one failed read a worker thread ({threads}), the rest from the primary", len(failed) <= threads
    )
    verdict.expect("/readyz said 200 while the replica was down (degraded)", readiness["while down"] == 200)
    return verdict
