"""The production path's files (deploy/): gunicorn's settings under each environment, and gunicorn itself
trusting X-Forwarded-Proto only behind the proxy; the nginx site checked by nginx (nginx -t) and run in front
of gunicorn, answering its own limits as problem+json under /api/; the systemd units; and the seed that
`make serve` runs only into an empty database.

The nginx tests need Debian's nginx: without it they are skipped, unless REQUIRE_NGINX=1 (make test), which
fails them. Every server they start listens on 127.0.0.1 and is stopped by its fixture.
"""

import configparser
import contextlib
import datetime as dt
import gzip
import http.client
import json
import os
import pwd
import re
import runpy
import shutil
import socket
import ssl
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from django.core.management import call_command
from gunicorn.config import Config

from cooperation.core.seeding import SeedReport
from tests.factories import PlaceFactory

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
SITE = DEPLOY / "nginx" / "records.conf"
UNITS = DEPLOY / "systemd"
UNIT_NAMES = ("records.service", "records-export.service", "records-export.timer")  # the backup's are tested apart
HASHED_CSS = "css/site.0123456789ab.css"
GUNICORN_VARIABLES = ("ADDRESS", "WEB_WORKERS", "WEB_THREADS", "BEHIND_TLS_PROXY", "FORWARDED_ALLOW_IPS")

# A stand-in for the app: what gunicorn handed over, as JSON under /api/, a page elsewhere, and a problem
# of its own at /api/v1/app-error (which nginx must pass on untouched).
ECHO_APP = """
import json

def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/api/v1/app-error":
        status, kind = "503 Service Unavailable", "application/problem+json"
        body = {"title": "Service Unavailable", "status": 503, "detail": "from the app"}
    elif path.startswith("/api/"):
        status, kind = "200 OK", "application/json"
        body = {
            "scheme": environ["wsgi.url_scheme"],
            "request_id": environ.get("HTTP_X_REQUEST_ID"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
        }
    else:
        status, kind, body = "200 OK", "text/html; charset=utf-8", None
    data = json.dumps(body).encode() if body else b"<!doctype html><title>A page</title><p>A page</p>"
    headers = [("Content-Type", kind), ("Content-Length", str(len(data))), ("Strict-Transport-Security", "max-age=60")]
    start_response(status, [*headers, ("X-Request-ID", environ.get("HTTP_X_REQUEST_ID", "-"))])
    return [data]
"""


# --- gunicorn's settings ------------------------------------------------------------------------------------


def gunicorn_config(monkeypatch, **environment) -> Config:
    """deploy/gunicorn.conf.py loaded under `environment` (the other variables it reads unset), into gunicorn's
    own Config as gunicorn loads it, so that every value also passes gunicorn's validation."""
    for name in (*GUNICORN_VARIABLES, "DATABASE_STATEMENT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(GUNICORN_CONF)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_trusts_forwarded_headers_only_behind_the_tls_proxy(monkeypatch):
    alone = gunicorn_config(monkeypatch, BEHIND_TLS_PROXY="off")
    assert alone.forwarded_allow_ips == []
    assert alone.secure_scheme_headers == {}

    behind = gunicorn_config(monkeypatch, BEHIND_TLS_PROXY="on")
    assert behind.forwarded_allow_ips == ["127.0.0.1"]
    assert behind.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}

    elsewhere = gunicorn_config(monkeypatch, BEHIND_TLS_PROXY="true", FORWARDED_ALLOW_IPS="10.0.0.5,10.0.1.0/24")
    assert elsewhere.forwarded_allow_ips == ["10.0.0.5", "10.0.1.0/24"]
    # FORWARDED_ALLOW_IPS alone (gunicorn's own default reads it) trusts no one without the proxy.
    assert gunicorn_config(monkeypatch, FORWARDED_ALLOW_IPS="127.0.0.1").forwarded_allow_ips == []


def test_gunicorn_limits_are_above_nginx_behind_the_proxy(monkeypatch):
    behind = gunicorn_config(monkeypatch, BEHIND_TLS_PROXY="on")
    nginx_line = int(re.search(r"large_client_header_buffers \d+ (\d+)k;", SITE.read_text())[1]) * 1024
    assert behind.limit_request_line > nginx_line
    assert behind.limit_request_field_size > nginx_line * 8 // 5  # an HTTP/2 header, unpacked
    assert gunicorn_config(monkeypatch, BEHIND_TLS_PROXY="off").limit_request_fields == 100


def test_gunicorn_listens_on_address_with_workers_from_the_environment(monkeypatch):
    config = gunicorn_config(monkeypatch, ADDRESS="127.0.0.1:9001", WEB_WORKERS="3", WEB_THREADS="2")
    assert config.bind == ["127.0.0.1:9001"]
    assert (config.workers, config.threads, config.worker_class_str) == (3, 2, "gthread")
    assert config.preload_app is False  # a HUP loads the new code
    assert config.max_requests > 0
    assert config.max_requests_jitter > 0
    # The workers' statement timeout: 30 s unless given, and none when given empty.
    assert config.env == {"DATABASE_STATEMENT_TIMEOUT": "30s"}
    assert gunicorn_config(monkeypatch, DATABASE_STATEMENT_TIMEOUT="").env == {"DATABASE_STATEMENT_TIMEOUT": ""}


def test_gunicorn_workers_meet_in_one_metrics_directory(monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")  # unset, and unset again after the test
    config = gunicorn_config(monkeypatch)
    config.on_starting(None)
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    assert directory.is_dir()
    (directory / "gauge_livesum_4242.db").write_bytes(b"")  # a worker's live gauge
    config.child_exit(None, types.SimpleNamespace(pid=4242))
    assert not list(directory.iterdir())
    config.on_exit(None)
    assert not directory.exists()


@pytest.mark.parametrize(("cores", "workers", "threads"), [(1, 3, 2), (2, 5, 2), (4, 8, 3), (16, 8, 4)])
def test_gunicorn_workers_and_threads_default_from_the_cores(monkeypatch, cores, workers, threads):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    config = gunicorn_config(monkeypatch)
    assert config.bind == ["127.0.0.1:8000"]
    assert (config.workers, config.threads) == (workers, threads)


def test_gunicorn_access_log_lines_are_json(monkeypatch):
    config = gunicorn_config(monkeypatch)
    logger = config.logger_class(config)
    agent = 'Mozilla "5.0" \\ Баку\n'
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/api/v1/events/?q=%22",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/ar/باكو/".encode().decode("latin-1"),  # as WSGI hands bytes over
        "QUERY_STRING": 'q="',
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": agent.encode().decode("latin-1"),
    }
    answer = types.SimpleNamespace(status="200 OK", sent=1234, headers=[("X-Request-ID", "abc-123")])
    request = types.SimpleNamespace(headers=[("USER-AGENT", agent)])

    def line(answer, request):
        atoms = logger.atoms(answer, request, environ, dt.timedelta(milliseconds=12))
        return json.loads(config.access_log_format % logger.atoms_wrapper_class(atoms))

    entry = line(answer, request)
    assert (entry["status"], entry["bytes"], entry["duration"]) == (200, 1234, 0.012)
    assert (entry["method"], entry["path"], entry["query"]) == ("GET", "/ar/باكو/", 'q="')
    assert (entry["user_agent"], entry["request_id"], entry["remote_addr"]) == (agent, "abc-123", "127.0.0.1")
    assert dt.datetime.fromisoformat(entry["time"]).tzinfo is not None
    # Nothing sent (gunicorn's own error, no app to give an id): still a number and a string.
    entry = line(types.SimpleNamespace(status="500 Internal Server Error", sent=None, headers=[]), [])
    assert (entry["status"], entry["bytes"], entry["request_id"]) == (500, 0, "-")


# --- servers ----------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(command, *, port, log, env=None):
    """A server process, answering on `port` within 15 s; always stopped (TERM, then KILL) on the way out."""
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, f"{command[0]} stopped:\n{Path(log).read_text()}"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            assert time.monotonic() < deadline, f"{command[0]} did not listen:\n{Path(log).read_text()}"
            time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_gunicorn(directory: Path, *, behind_tls_proxy: bool):
    """deploy/gunicorn.conf.py serving the stand-in app, on a free port: (context, port, its log)."""
    (directory / "echo_app.py").write_text(ECHO_APP)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "FORWARDED_ALLOW_IPS"}
    env |= {"ADDRESS": f"127.0.0.1:{port}", "WEB_WORKERS": "1", "WEB_THREADS": "2"}
    env["BEHIND_TLS_PROXY"] = "on" if behind_tls_proxy else "off"
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "--chdir", str(directory), "echo_app:app"]
    log = directory / "gunicorn.log"
    return running(command, port=port, log=log, env=env), port, log


@pytest.mark.parametrize("behind_tls_proxy", [False, True])
def test_gunicorn_believes_x_forwarded_proto_only_behind_the_proxy(tmp_path, behind_tls_proxy):
    server, port, _log = start_gunicorn(tmp_path, behind_tls_proxy=behind_tls_proxy)
    with server:
        _status, _headers, body = exchange(port, "GET", b"/api/v1/echo", b"X-Forwarded-Proto: https", tls=False)
    assert json.loads(body)["scheme"] == ("https" if behind_tls_proxy else "http")


def nginx_binary() -> str:
    found = os.environ.get("NGINX") or shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found and os.access(found, os.X_OK):
        return found
    if os.environ.get("REQUIRE_NGINX") == "1":
        pytest.fail("REQUIRE_NGINX=1 and nginx is missing: apt-get install nginx (make system-deps)")
    pytest.skip("nginx is not installed (apt-get install nginx); REQUIRE_NGINX=1 fails instead")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate and its key, in place of the site's."""
    nginx_binary()
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
    subprocess.run([*command, "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=60)
    return cert, key


def nginx_config(directory: Path, certificate, *, https_port, http_port, upstream) -> Path:
    """The site as a machine installs it, each documented placeholder replaced (each must be there), inside
    a main nginx.conf whose every path is under `directory`; a static root with a hashed and a plain file."""
    static = directory / "static"
    (static / "css").mkdir(parents=True)
    for name in (HASHED_CSS, "css/site.css"):
        (static / name).write_text("body { color: #222; }\n" * 100)
    (static / f"{HASHED_CSS}.gz").write_bytes(gzip.compress((static / HASHED_CSS).read_bytes()))
    for temp in ("logs", "temp"):
        (directory / temp).mkdir()
    site = SITE.read_text()
    replacements = {
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "server 127.0.0.1:8000;": f"server {upstream};",
        "/etc/ssl/certs/records.example.org.pem": str(certificate[0]),
        "/etc/ssl/private/records.example.org.key": str(certificate[1]),
        "/srv/records/staticfiles/": f"{static}/",
        "/var/log/nginx/": f"{directory}/logs/",
    }
    for placeholder, value in replacements.items():
        assert placeholder in site, placeholder
        site = site.replace(placeholder, value)
    (directory / "site.conf").write_text(site)
    mime_types = Path("/etc/nginx/mime.types")
    # As root, the workers would run as nobody, who may not read the test's files.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "".join(f"{kind}_temp_path {directory}/temp/{kind};\n" for kind in kinds)
    main = directory / "nginx.conf"
    main.write_text(
        f"{user}\npid {directory}/nginx.pid;\nerror_log {directory}/logs/error.log;\nworker_processes 1;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n{f'include {mime_types};' if mime_types.exists() else ''}\n{temp_paths}access_log off;\n"
        f"include {directory}/site.conf;\n}}\n"
    )
    return main


def nginx_command(nginx: str, config: Path, *arguments) -> list:
    """nginx with everything under the config's directory, its early errors included (-e)."""
    directory = config.parent
    return [nginx, "-p", str(directory), "-c", str(config), "-e", str(directory / "logs" / "error.log"), *arguments]


def test_nginx_accepts_the_site(tmp_path, certificate):
    nginx = nginx_binary()
    config = nginx_config(tmp_path, certificate, https_port=free_port(), http_port=free_port(), upstream="127.0.0.1:9")
    result = subprocess.run(nginx_command(nginx, config, "-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


@contextlib.contextmanager
def nginx_in_front(directory: Path, certificate, upstream: str):
    nginx = nginx_binary()
    https_port, http_port = free_port(), free_port()
    config = nginx_config(directory, certificate, https_port=https_port, http_port=http_port, upstream=upstream)
    with running(nginx_command(nginx, config, "-g", "daemon off;"), port=https_port, log=directory / "nginx.out"):
        yield types.SimpleNamespace(https_port=https_port, http_port=http_port, access_log=directory / "logs")


@pytest.fixture(scope="module")
def stack(tmp_path_factory, certificate):
    """nginx with the site, in front of gunicorn with deploy/gunicorn.conf.py (BEHIND_TLS_PROXY=on)."""
    directory = tmp_path_factory.mktemp("stack")
    server, port, log = start_gunicorn(directory, behind_tls_proxy=True)
    with server, nginx_in_front(directory, certificate, f"127.0.0.1:{port}") as front:
        front.gunicorn_log = log
        yield front


def exchange(port: int, method: str, target: bytes, *headers: bytes, body=b"", tls=True):
    """One HTTP/1.1 request written byte for byte (raw non-ASCII included): (status, headers, body)."""
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: localhost", b"Connection: close", *headers]
    if body:
        lines.append(b"Content-Length: %d" % len(body))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        if tls:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            connection = context.wrap_socket(connection, server_hostname="localhost")
        connection.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        response = http.client.HTTPResponse(connection, method=method)
        response.begin()
        return response.status, response.headers, response.read()


def problem(answer, status: int, title: str, kind: str = "about:blank") -> dict:
    code, headers, body = answer
    assert code == status, body
    assert headers["Content-Type"] == "application/problem+json"
    details = json.loads(body)
    assert (details["status"], details["title"], details["type"]) == (status, title, kind)
    assert details["detail"]
    return details


def page(answer, status: int, title: str):
    code, headers, body = answer
    assert code == status, body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f"<h1>{title}</h1>".encode() in body


LONG_QUERY = b"?q=" + b"a" * 7000
ERRORS = "https://records.example.org/api/v1/errors/"
HSTS = "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_a_request_line_over_the_limit_is_a_problem_under_the_api_and_a_page_elsewhere(stack, method):
    problem(exchange(stack.https_port, method, b"/api/v1/events/" + LONG_QUERY), 414, "URI Too Long")
    page(exchange(stack.https_port, method, b"/events/" + LONG_QUERY), 414, "URI Too Long")


def test_an_http2_path_over_the_limit_is_a_problem(stack, tmp_path):
    curl = shutil.which("curl")
    if not curl or "HTTP2" not in subprocess.run([curl, "-V"], capture_output=True, text=True).stdout:
        pytest.skip("no curl with HTTP/2 to send the request")
    # Compressed by HPACK, 9,000 letters fit nginx's 6 KB buffers; unpacked, they are over its limit.
    address = f"https://127.0.0.1:{stack.https_port}/api/v1/events/?q={'a' * 9000}"
    written = "%{http_version} %{http_code} %{content_type}"
    command = [curl, "--http2", "-sk", "-o", tmp_path / "body", "-w", written, address]
    result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    assert result.stdout == "2 414 application/problem+json"


def test_raw_bytes_in_an_address_are_refused_before_gunicorn(stack):
    answer = exchange(stack.https_port, "GET", "/api/v1/places/bakı/".encode())
    details = problem(answer, 400, "Bad Request", ERRORS + "#bad-request")
    assert details["errors"] == [{"parameter": "request", "message": details["detail"]}]
    page(exchange(stack.https_port, "POST", "/places/?q=bakı".encode()), 400, "Bad Request")


def test_headers_and_bodies_over_the_limits_are_problems_under_the_api(stack):
    big_header = b"X-Big: " + b"a" * 7000
    problem(exchange(stack.https_port, "GET", b"/api/v1/events/", big_header), 431, "Request Header Fields Too Large")
    page(exchange(stack.https_port, "GET", b"/events/", big_header), 431, "Request Header Fields Too Large")
    over_64k = b"{}" + b" " * 65536
    answer = exchange(stack.https_port, "POST", b"/api/v1/events/", body=over_64k)
    problem(answer, 413, "Request Entity Too Large", ERRORS + "#request-too-large")
    # Elsewhere (the admin's imports) such a body goes through.
    assert exchange(stack.https_port, "POST", b"/admin/import/", body=over_64k)[0] == 200


def test_requests_reach_gunicorn_as_https_with_the_request_id(stack):
    status, headers, body = exchange(stack.https_port, "GET", b"/api/v1/echo", b"X-Request-ID: test-42")
    assert status == 200
    assert json.loads(body) == {"scheme": "https", "request_id": "test-42", "forwarded_for": "127.0.0.1"}
    assert headers.get_all("X-Request-ID") == ["test-42"]
    # One HSTS header, nginx's: the app's own is hidden.
    assert headers.get_all("Strict-Transport-Security") == [HSTS]

    status, headers, body = exchange(stack.https_port, "GET", b"/", b"X-Request-ID: not an id; rm -rf /")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"<p>A page</p>" in body
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])  # nginx's own, for a malformed one

    # Each request one JSON line, in gunicorn's log and in nginx's, with the request id.
    gunicorn_lines = [json.loads(line) for line in stack.gunicorn_log.read_text().splitlines() if line.startswith("{")]
    entry = next(line for line in gunicorn_lines if line["request_id"] == "test-42")
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/api/v1/echo", 200)
    nginx_lines = [json.loads(line) for line in (stack.access_log / "records.access.log").read_text().splitlines()]
    assert any(line["request_id"] == "test-42" and line["status"] == 200 for line in nginx_lines)


def test_metrics_are_not_served_through_nginx(stack):
    assert exchange(stack.https_port, "GET", b"/metrics")[0] == 404
    assert "/metrics" not in stack.gunicorn_log.read_text()


def test_the_apps_own_errors_pass_through_untouched(stack):
    status, _headers, body = exchange(stack.https_port, "GET", b"/api/v1/app-error")
    assert (status, json.loads(body)["detail"]) == (503, "from the app")


def test_static_files_are_served_by_nginx_hashed_ones_cached_for_good(stack):
    hashed = f"/static/{HASHED_CSS}".encode()
    status, headers, _body = exchange(stack.https_port, "GET", hashed, b"Accept-Encoding: gzip")
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (headers["Strict-Transport-Security"], headers["X-Content-Type-Options"]) == (HSTS, "nosniff")
    status, headers, _body = exchange(stack.https_port, "GET", b"/static/css/site.css")
    assert (status, headers["Cache-Control"]) == (200, "public, max-age=60")


def test_plain_http_moves_to_https(stack):
    status, headers, _body = exchange(stack.http_port, "GET", b"/events/?year=2025", tls=False)
    assert (status, headers["Location"]) == (301, "https://localhost/events/?year=2025")


def test_without_gunicorn_the_api_gets_a_problem_and_pages_a_page(tmp_path, certificate):
    with nginx_in_front(tmp_path, certificate, f"127.0.0.1:{free_port()}") as front:
        problem(exchange(front.https_port, "PATCH", b"/api/v1/events/x/"), 502, "Bad Gateway")
        page(exchange(front.https_port, "GET", b"/events/"), 502, "Bad Gateway")


# --- systemd units --------------------------------------------------------------------------------------------


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNITS / name)
    return parser


def test_the_systemd_units_hold_what_the_deployment_needs():
    site = unit("records.service")["Service"]
    assert site["ExecStart"] == "/srv/records/.venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi"
    assert site["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert (site["User"], site["WorkingDirectory"]) == ("records", "/srv/records")
    assert site["EnvironmentFile"] == "/etc/records/env"
    export = unit("records-export.service")["Service"]
    assert export["ExecStart"] == "/srv/records/.venv/bin/python manage.py export_data --if-changed"
    for service in (site, export):
        assert service["Environment"] == "DJANGO_SETTINGS_MODULE=config.settings.production"
        assert (service["ProtectSystem"], service["ReadWritePaths"]) == ("strict", "/srv/records/var")
        assert service["NoNewPrivileges"] == service["PrivateTmp"] == "yes"
    assert site["Restart"] == "on-failure"
    assert unit("records-export.timer")["Timer"]["OnUnitActiveSec"] == "10min"


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("no systemd-analyze here: the keys are checked by the test above")
    # The checkout and the environment file where this machine has them (verify wants the programs to exist).
    (tmp_path / "env").write_text("")
    for name in UNIT_NAMES:
        text = (UNITS / name).read_text().replace("/srv/records", str(REPO))
        (tmp_path / name).write_text(text.replace("/etc/records/env", str(tmp_path / "env")))
    units = [tmp_path / name for name in UNIT_NAMES]
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, timeout=60)
    # Unknown keys and the like are only warnings: any line about the units fails the test.
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if "records" in line]
    assert (result.returncode, complaints) == (0, [])


# --- the seed `make serve` runs -------------------------------------------------------------------------------


def test_seed_if_empty_loads_only_an_empty_database(db, monkeypatch, capsys):
    loads = []
    monkeypatch.setattr("cooperation.management.commands.seed.seed_load", lambda **kw: loads.append(kw) or SeedReport())
    call_command("seed", "--if-empty")
    PlaceFactory()
    call_command("seed", "--if-empty")
    assert len(loads) == 1
    assert "already holds records: nothing was seeded" in capsys.readouterr().out
