"""Gunicorn's settings for the records site: `make serve` and deploy/systemd/records.service run

    gunicorn -c deploy/gunicorn.conf.py config.wsgi

Each value that differs between machines comes from the environment (README, "Production"):

    ADDRESS                      where to listen: host:port or unix:/path (default 127.0.0.1:8000)
    WEB_WORKERS                  worker processes (default from the cores, below)
    WEB_THREADS                  threads per worker (default from the cores, below)
    BEHIND_TLS_PROXY             on: trust X-Forwarded-Proto, and only from FORWARDED_ALLOW_IPS (default 127.0.0.1)
    DATABASE_STATEMENT_TIMEOUT   the workers' PostgreSQL statement timeout (default 30s; empty: none)
    PROMETHEUS_MULTIPROC_DIR     where the workers' metrics meet (default: a fresh temporary directory)

The settings read .env as well (config/settings/base.py); this file reads it the same way, so that gunicorn
and Django agree on BEHIND_TLS_PROXY, without exporting .env to the app (whose DJANGO_SETTINGS_MODULE there
names the development settings).
"""

import contextlib
import datetime as dt
import json
import math
import os
import shutil
import tempfile
from pathlib import Path

import environ
from gunicorn import glogging

BASE_DIR = Path(__file__).resolve().parent.parent


class _Environment(environ.Env):
    ENVIRON = dict(os.environ)  # the environment first, then .env: a copy, so os.environ is left alone


_Environment.read_env(BASE_DIR / ".env", overwrite=False)
env = _Environment()

CORES = os.cpu_count() or 1
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)

# Loopback by default: plain HTTP is for this machine (or for nginx in front of it, deploy/nginx/records.conf).
bind = [env.str("ADDRESS", default="127.0.0.1:8000")]

# Threads: a request waiting on the database leaves its process free for another. Processes: the usual
# 2 per core + 1, capped at 8 because each holds the whole app in memory (about 100 MB). Past the cap,
# threads make up the concurrency 2 threads per such process would give, up to 4: beyond that, threads of
# one process only queue for its interpreter lock.
_PROCESSES = 2 * CORES + 1
worker_class = "gthread"
workers = env.int("WEB_WORKERS", default=min(_PROCESSES, 8))
threads = env.int("WEB_THREADS", default=min(4, max(2, math.ceil(2 * _PROCESSES / workers))))

# A worker process silent this long (its main loop stuck) is killed and replaced. With threads a slow
# request does not silence it: the time a request may take is nginx's proxy_read_timeout (60 s).
timeout = 30
# On HUP (systemctl reload) and TERM, workers finish the requests in hand for up to this long.
graceful_timeout = 30
# Longer than nginx keeps an idle upstream connection (30 s): nginx closes it first, so it never sends a
# request on a connection gunicorn is closing at that moment.
keepalive = 75
# A worker is replaced after about this many requests, so slow leaks cannot grow without end; the jitter
# keeps the workers from restarting all at once.
max_requests = 1000
max_requests_jitter = 100
# Off: on HUP the new workers import the app afresh, so a reload after a deploy serves the new code (a
# preloaded app would stay the master's old copy until a full restart).
preload_app = False
# Reload with HUP (ExecReload in the systemd unit); no control socket, which would be written to a home
# directory the hardened unit keeps read-only.
control_socket_disable = True

# The app servers' PostgreSQL statement timeout (config/settings/base.py), 30 s unless given (empty: none):
# one slow query cannot hold a worker. Set here, for gunicorn's workers only: commands such as a migration
# or an export run without it, as they may rightly take longer.
raw_env = [f"DATABASE_STATEMENT_TIMEOUT={env.str('DATABASE_STATEMENT_TIMEOUT', default='30s')}"]

# X-Forwarded-Proto is trusted only behind the TLS proxy, and only from its address: otherwise anyone who
# can reach gunicorn (every local process, on loopback) could make a plain-HTTP request look like HTTPS.
# The header alone, as nginx sends it and Django's SECURE_PROXY_SSL_HEADER reads it; none at all without
# the proxy (gunicorn trusts a Unix socket's peer whatever forwarded_allow_ips says).
forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", default="127.0.0.1") if BEHIND_TLS_PROXY else ""
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"} if BEHIND_TLS_PROXY else {}
# The app is served at the root: no proxy of ours sets SCRIPT_NAME or PATH_INFO, so no client may.
forwarder_headers = ""

# Request limits. The longest request line gunicorn reads (8190 is its maximum). Behind the proxy, nginx's
# limits come first (records.conf: 6 KB a line, 24 KB in all), answered as problem+json under /api/, where
# gunicorn could only answer with an HTML page: so these are larger than what nginx passes on, a header
# line included, which HTTP/2's compression lets unpack to 8/5 of its 6 KB; and so is the count of header
# fields nginx's 24 KB can hold. Alone, gunicorn keeps its own default count, which bounds what it buffers.
limit_request_line = 8190
limit_request_field_size = 16384
limit_request_fields = 8192 if BEHIND_TLS_PROXY else 100


def _json_text(value: str) -> str:
    """`value` escaped for the inside of a JSON string. WSGI hands bytes over as latin-1 text (PEP 3333):
    they are read as the UTF-8 they are, so that a path or user agent in Arabic is logged as itself."""
    with contextlib.suppress(UnicodeError):  # bytes that are not UTF-8 are logged as they came
        value = value.encode("latin-1").decode("utf-8")
    return json.dumps(value)[1:-1]


class JsonAtoms(dict):
    """Gunicorn's atoms as its SafeAtoms gives them (header names in any case, "-" for a missing one), each
    text escaped for a JSON string: a quote or a backslash in a user agent cannot break the line."""

    def __getitem__(self, name):
        value = self.get(name.lower() if name.startswith("{") else name, "-")
        return _json_text(value) if isinstance(value, str) else value


class JsonAccessLogger(glogging.Logger):
    """Gunicorn's logger, its access lines JSON objects (access_log_format), the time in ISO 8601."""

    atoms_wrapper_class = JsonAtoms

    def now(self):
        return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["B"] = atoms["B"] or 0  # None when nothing was sent: still a number
        return atoms


# One JSON object per request on stdout (journald under systemd), for the log tools that read it: the time,
# the peer (nginx behind the proxy: its own log has the client), the request, the answer, the duration in
# seconds, and the request id the app answered with (nginx's, or one of its own), which its log lines carry.
logger_class = JsonAccessLogger
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "remote_addr": "%(h)s", "method": "%(m)s", "path": "%(U)s", "query": "%(q)s", '
    '"status": %(s)s, "bytes": %(B)s, "duration": %(L)s, "request_id": "%({x-request-id}o)s", '
    '"user_agent": "%(a)s", "referer": "%(f)s"}'
)


# Prometheus' figures (/metrics) summed over the workers: prometheus_client's multiprocess mode, each worker
# writing its own into PROMETHEUS_MULTIPROC_DIR. Unless the environment names a directory, a fresh one for
# each start of gunicorn (figures left from an earlier run would be summed in), named before any worker
# imports the app, kept through reloads (HUP), removed at the end.
_METRICS_PREFIX = "records-metrics-"


def on_starting(server):
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=_METRICS_PREFIX)


def child_exit(server, worker):
    """A worker gone: its live gauges (such as requests in progress) go with it."""
    # Imported here, once the directory is named: prometheus_client picks its mode when first imported, and
    # workers forked from this process would inherit a single-process one.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    directory = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""))
    if directory.name.startswith(_METRICS_PREFIX):  # the one on_starting made
        shutil.rmtree(directory, ignore_errors=True)
