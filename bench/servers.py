"""The benchmarks' servers: each in its own process group on a free port of 127.0.0.1, waited for,
watched (CPU, memory) and always stopped."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import APP_ROOT, BENCH_VENV, DATASETTE, GUNICORN, VAR, WORKERS, log
from bench.loadgen import get


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
