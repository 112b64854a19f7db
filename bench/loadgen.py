"""The benchmarks' load: one request, wrk, a bounded Python loop, percentiles and the tables they print."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from bench.common import LUA_REPORT


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
