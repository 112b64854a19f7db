"""The drills' private stack: a PostgreSQL 15 primary and its streaming replica, a Redis, two gunicorn app
servers (deploy/gunicorn.conf.py, the production settings) and nginx in front of both (the repo's site,
deploy/nginx/records.conf, with its placeholders replaced and both app servers in its upstream).

Everything listens on 127.0.0.1 on free ports and lives in one temporary directory; `Stack` is a context
manager whose exit stops every process it started and removes the directory, whatever happened (an
error, Ctrl-C, SIGTERM: run.py turns SIGTERM and SIGHUP into an exception). The machine's own
PostgreSQL (5432) and Redis (6379) are never touched.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "records.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
STAFF_USER = "drill-staff"
DATABASE = "records"
# Small on purpose: ten processes for two app servers on a laptop; the drills measure failures, not speed.
WEB_WORKERS, WEB_THREADS = "2", "4"

# Run by `manage.py shell` once the seed is loaded: a superuser for the admin, an editor account that a
# partner token with the propose scope acts as, and a verbatim quote of a published source for proposals.
SETUP = """
import json
from django.contrib.auth.models import Group, User
from cooperation.core.roles import EDITORS
from cooperation.core.tokens import PartnerToken, TokenScope
from cooperation.models import Source

User.objects.create_superuser("{user}", "", "{password}")
editor = User.objects.create_user("drill-partner", is_staff=True)
editor.groups.add(Group.objects.get(name=EDITORS))
token, key = PartnerToken.issue(partner="Drill partner", scope=TokenScope.PROPOSE, proposes_as=editor)
source = Source.objects.filter(publication_status="published").exclude(text="").order_by("pk").first()
quote = next(line for line in source.text.splitlines() if len(line.strip()) > 40).strip()[:300]
print(json.dumps({{"key": key, "source": source.slug, "quote": quote}}))
"""


class DrillError(Exception):
    """A step of a drill or of the stack failed: the message says which, with its output."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_BEGAN = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - _BEGAN:5.0f} s] {message}", file=sys.stderr, flush=True)


def run(command, *, as_postgres=False, env=None, cwd=ROOT, timeout=300, check=True) -> subprocess.CompletedProcess:
    """A command to its end, its output kept; in its own session, so that Ctrl-C reaches only the drill,
    which then stops everything in order. PostgreSQL refuses to run as root: its commands run as postgres."""
    command = [str(part) for part in command]
    if as_postgres and os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, start_new_session=True
    )
    if check and result.returncode != 0:
        raise DrillError(
            f"`{' '.join(command)}` exited {result.returncode}:\n{(result.stdout + result.stderr)[-3000:]}"
        )
    return result


def wait_for(what: str, ready, timeout: float, process: subprocess.Popen | None = None, log_path=None) -> float:
    """Poll `ready()` until it is true; the seconds it took. Fails early when `process` has stopped."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if process is not None and process.poll() is not None:
            tail = Path(log_path).read_text(errors="replace")[-3000:] if log_path else ""
            raise DrillError(f"{what} stopped (exit {process.returncode}):\n{tail}")
        with contextlib.suppress(OSError, http.client.HTTPException, psycopg.Error):
            if ready():
                return time.monotonic() - began
        time.sleep(0.1)
    raise DrillError(f"{what} was not ready within {timeout:.0f} s")


def http_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return connection.getresponse().status
    finally:
        connection.close()


class Postgres:
    """One PostgreSQL cluster of the stack, run as the postgres user from a directory it owns."""

    def __init__(self, name: str, root: Path):
        self.name, self.root, self.port = name, root, free_port()
        self.data, self.log = root / name, root / f"{name}.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def pg_ctl(self, *args, check=True) -> subprocess.CompletedProcess:
        command = [PG_BIN / "pg_ctl", "-D", self.data, "-l", self.log, *args]
        return run(command, as_postgres=True, cwd=self.root, timeout=120, check=check)

    def start(self) -> None:
        self.pg_ctl("start", "-w", "-t", "60")

    def stop(self, mode="fast") -> None:
        self.pg_ctl("stop", "-m", mode, "-w", "-t", "30", check=False)

    def query(self, sql: str, params=None, database=DATABASE) -> list[tuple]:
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True, connect_timeout=3
        ) as connection:
            cursor = connection.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def configure(self, settings: dict[str, str]) -> None:
        """Settings appended to postgresql.conf: the last occurrence of a name wins."""
        with open(self.data / "postgresql.conf", "a") as conf:  # root's write keeps the postgres owner
            conf.write("".join(f"{name} = {value}\n" for name, value in settings.items()))


class Service:
    """A long-running process of the stack (Redis, gunicorn, nginx) in its own process group, its output
    in a log file; stopped with TERM, then KILL."""

    def __init__(self, name: str, command: list, log: Path, env: dict | None = None):
        self.name, self.command, self.log, self.env = name, [str(part) for part in command], log, env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "a") as output:
            self.process = subprocess.Popen(  # noqa: S603
                self.command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self) -> None:
        """SIGKILL to the whole group (gunicorn's master and workers at once): a crash, not a shutdown."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def wait_ready(self, ready, timeout=60.0) -> float:
        return wait_for(self.name, ready, timeout, self.process, self.log)


class Stack:
    """The whole stack, started by `with Stack(...) as stack:` and torn down on the way out."""

    def __init__(self, *, static_root: Path | None = None, keep=False):
        self.given_static_root, self.keep = static_root, keep
        self.dir = Path(tempfile.mkdtemp(prefix="records-drills-"))
        self.dir.chmod(0o755)  # the postgres user must reach its own directory inside
        self.pg_root = self.dir / "pg"
        self.primary = Postgres("primary", self.pg_root)
        self.replica = Postgres("replica", self.pg_root)
        self.redis_port, self.https_port, self.http_port = free_port(), free_port(), free_port()
        self.static_root = static_root or self.dir / "static"
        self.password = secrets.token_urlsafe(16)
        self.secret_key = secrets.token_urlsafe(50)  # one for both app servers: a session signed by either
        self.partner: dict = {}  # the partner token's key, and a source and quote for proposals
        self.collect: Service | None = None  # collectstatic, while it runs
        self.redis: Service | None = None
        self.apps: list[Service] = []
        self.nginx: Service | None = None

    # --- start and stop ---------------------------------------------------------------------------------

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        began = time.monotonic()
        log(f"== stack in {self.dir}")
        if self.given_static_root is None:
            # The slowest step (half a minute or more: WhiteNoise compresses every file), beside the databases'.
            command = [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
            self.collect = Service("collectstatic", command, self.dir / "collectstatic.log", self.app_env())
            self.collect.start()
        self.start_databases()
        self.start_redis()
        log("== migrate, seed, staff user and partner token")
        self.manage("migrate", "--noinput")
        self.manage("seed")
        self.partner = json.loads(
            self.manage("shell", "-c", SETUP.format(user=STAFF_USER, password=self.password)).strip().splitlines()[-1]
        )
        if self.collect is not None:
            log("== waiting for collectstatic")
            if self.collect.process.wait(timeout=600) != 0:
                raise DrillError(f"collectstatic failed:\n{self.collect.log.read_text()[-3000:]}")
        self.apps = [self.app_server(name) for name in ("app1", "app2")]
        for app in self.apps:
            app.start()
        for app in self.apps:
            app.wait_ready(lambda app=app: http_status(self.app_port(app), "/readyz") == 200, timeout=120)
        self.start_nginx()
        log(f"== stack ready in {time.monotonic() - began:.0f} s: https://localhost:{self.https_port}/")

    def stop(self) -> None:
        for service in [self.nginx, *self.apps, self.redis, self.collect]:
            if service is not None:
                service.stop()
        for cluster in (self.replica, self.primary):
            if cluster.data.exists():
                cluster.stop("fast")
        if self.keep:
            log(f"== kept {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- the parts ----------------------------------------------------------------------------------------

    def start_databases(self) -> None:
        log("== PostgreSQL primary (initdb) and streaming replica (pg_basebackup -R)")
        self.pg_root.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg_root, "postgres", "postgres")
        primary = self.primary
        run(
            [PG_BIN / "initdb", "-D", primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
            as_postgres=True,
            cwd=self.pg_root,
        )
        # Replication connections (pg_basebackup, the replica's walreceiver) only from 127.0.0.1, as the
        # app's own connections; trust, because every port here is on loopback and private.
        (primary.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
        )
        primary.configure(
            {
                "listen_addresses": "'127.0.0.1'",
                "port": str(primary.port),
                "unix_socket_directories": "''",
                "wal_level": "replica",
                "max_wal_senders": "5",
                "hot_standby": "on",
                "max_connections": "100",
            }
        )
        primary.start()
        primary.query(f"CREATE DATABASE {DATABASE}", database="postgres")
        source = ["-h", "127.0.0.1", "-p", primary.port, "-U", "postgres"]
        basebackup = [PG_BIN / "pg_basebackup", *source, "-D", self.replica.data, "-R", "-X", "stream", "--no-sync"]
        # A fast checkpoint: the default, spread, makes pg_basebackup wait a minute and a half here.
        basebackup.append("--checkpoint=fast")
        run(basebackup, as_postgres=True, cwd=self.pg_root)
        self.replica.configure({"port": str(self.replica.port)})
        self.replica.start()
        wait_for("the replica's streaming", lambda: self.replication_state() == "streaming", 30)

    def replication_state(self) -> str | None:
        rows = self.primary.query("SELECT state FROM pg_stat_replication")
        return rows[0][0] if rows else None

    def start_redis(self) -> None:
        log("== Redis")
        # No persistence: a restart comes back empty, as a cache that lost its memory.
        command = ["redis-server", "--port", self.redis_port, "--bind", "127.0.0.1", "--dir", self.dir]
        self.redis = Service("redis", [*command, "--save", "", "--appendonly", "no"], self.dir / "redis.log")
        self.redis.start()
        self.redis.wait_ready(self.redis_answers, timeout=20)

    def redis_answers(self) -> bool:
        return self.redis_command("PING") == "+PONG"

    def redis_command(self, *words: str) -> str:
        """One command in Redis' inline protocol: its first answer line."""
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=2) as connection:
            connection.sendall(" ".join(words).encode() + b"\r\n")
            return connection.makefile("rb").readline().decode().strip()

    def app_env(self) -> dict[str, str]:
        """The production environment (docs/deployment.md) for this stack; nothing inherited but PATH."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "PYTHONPATH": f"{ROOT}:{HERE}",
            "PYTHONDONTWRITEBYTECODE": "1",  # nothing written into the checkout
            "DJANGO_SETTINGS_MODULE": "drill_settings",
            "DRILL_STATIC_ROOT": str(self.static_root),
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "off",
            "BEHIND_TLS_PROXY": "on",
            "NUM_PROXIES": "1",
            "CSRF_TRUSTED_ORIGINS": f"https://localhost:{self.https_port}",
            "SITE_URL": f"https://localhost:{self.https_port}",
            "DATABASE_URL": self.primary.url,
            "DATABASE_REPLICA_URL": self.replica.url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "LOG_FORMAT": "json",
            "BULK_DATA_DIR": str(self.dir / "data"),
            "BACKUP_DIR": str(self.dir / "backups"),
            # Every load comes from one address (nginx's): without these, the anonymous API's 120 a minute
            # would answer 429 within seconds, and the drills count every non-2xx answer as a failure.
            "API_ANONYMOUS_RATE": "1000000/minute",
            "API_PARTNER_RATE": "1000000/minute",
            "SEARCH_RATE": "1000000/minute",
            "EXPORT_RATE": "1000000/minute",
            "FACETS_RATE": "1000000/minute",
        }

    def manage(self, *args: str) -> str:
        return run([PYTHON, "manage.py", *args], env=self.app_env(), timeout=600).stdout

    def app_server(self, name: str, port: int | None = None) -> Service:
        port = port or free_port()
        # Fresh for each start: a killed master leaves its workers' files behind.
        metrics = Path(tempfile.mkdtemp(prefix=f"metrics-{name}-", dir=self.dir))
        env = self.app_env() | {
            "ADDRESS": f"127.0.0.1:{port}",
            "WEB_WORKERS": WEB_WORKERS,
            "WEB_THREADS": WEB_THREADS,
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        }
        command = [PYTHON, "-m", "gunicorn", "-c", GUNICORN_CONF, "config.wsgi"]
        return Service(name, command, self.dir / f"{name}.log", env)

    @staticmethod
    def app_port(app: Service) -> int:
        return int(app.env["ADDRESS"].rpartition(":")[2])

    def restart_app(self, index: int) -> float:
        """A killed app server started again on its port, as systemd's Restart=on-failure would; the
        seconds until it is ready."""
        app = self.apps[index] = self.app_server(self.apps[index].name, self.app_port(self.apps[index]))
        app.start()
        return app.wait_ready(lambda: http_status(self.app_port(app), "/readyz") == 200, timeout=120)

    def start_nginx(self) -> None:
        log("== nginx in front of both app servers (deploy/nginx/records.conf)")
        directory = self.dir / "nginx"
        for sub in ("logs", "temp"):
            (directory / sub).mkdir(parents=True)
        cert, key = directory / "cert.pem", directory / "key.pem"
        openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        run([*openssl, "-keyout", key, "-out", cert])
        upstream = "".join(f"server 127.0.0.1:{self.app_port(app)};\n        " for app in self.apps)
        replacements = {
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.https_port} ssl http2;",
            "listen [::]:443 ssl http2;": "",
            "listen 80;": f"listen 127.0.0.1:{self.http_port};",
            "listen [::]:80;": "",
            "server 127.0.0.1:8000;": upstream.rstrip(),
            "/etc/ssl/certs/records.example.org.pem": str(cert),
            "/etc/ssl/private/records.example.org.key": str(key),
            "/srv/records/staticfiles/": f"{self.static_root}/",
            "/var/log/nginx/": f"{directory}/logs/",
        }
        site = SITE.read_text()
        for placeholder, value in replacements.items():
            if placeholder not in site:
                raise DrillError(f"{SITE} no longer holds `{placeholder}`: update the replacements in {__file__}")
            site = site.replace(placeholder, value)
        (directory / "site.conf").write_text(site)
        temp_paths = "".join(
            f"{kind}_temp_path {directory}/temp/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # As root, nginx's workers would run as nobody, who may not read the drill's files.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (directory / "nginx.conf").write_text(
            f"{user}pid {directory}/nginx.pid;\nerror_log {directory}/logs/error.log;\nworker_processes 1;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\ninclude /etc/nginx/mime.types;\n{temp_paths}include {directory}/site.conf;\n}}\n"
        )
        conf = ["-p", directory, "-c", directory / "nginx.conf", "-e", directory / "logs" / "error.log"]
        run([NGINX, *conf, "-t"])
        self.nginx = Service("nginx", [NGINX, *conf, "-g", "daemon off;"], directory / "nginx.out")
        self.nginx.start()
        self.nginx.wait_ready(
            lambda: socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close() or True
        )

    @property
    def nginx_error_log(self) -> Path:
        return self.dir / "nginx" / "logs" / "error.log"
