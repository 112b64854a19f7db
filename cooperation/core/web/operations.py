"""What operators need of every request: an id to follow it through the logs, a warning for a slow request
or a slow query, TRACE refused, and health answers for load balancers (/healthz, /readyz).

- `RequestIdMiddleware`: the request's id is the `X-Request-ID` it came with (a proxy's or a client's,
  when it is a plain token of at most 128 characters) or a new one; it is returned in `X-Request-ID` and
  written into every log record of the request (`RequestIdFilter`, which the settings' LOGGING puts on
  the console handler). A request slower than SLOW_REQUEST_SECONDS, and each query slower than
  SLOW_QUERY_SECONDS, is logged as a warning with the id.
- `RefuseTraceMiddleware`: TRACE (and CONNECT) answer 405 everywhere: no page echoes a request back.
- `HealthMiddleware`, first of all: `/healthz` says the process answers (no database, no cache);
  `/readyz` that it can serve: the primary database reachable with no migration left to apply (200,
  else 503 with Retry-After). A replica or the shared cache that does not answer makes it "degraded",
  still 200: the site answers without them (from the primary; computing every answer), and a load
  balancer taking every app server out for them would turn a partial outage into a whole one. Both
  JSON, never cached, answered before the host check and the HTTPS redirect, so that a load balancer
  may ask by address over plain HTTP.
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from cooperation.core.api.problems import is_api_request, problem_response

logger = logging.getLogger("cooperation.requests")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
REFUSED_METHODS = frozenset({"TRACE", "CONNECT"})
SQL_SHOWN = 500  # characters of a slow query written to the log


class RequestIdFilter(logging.Filter):
    """Gives every log record the id of the request it was written in (`-` outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    """The request's id in and out (X-Request-ID) and in its log records; slow requests and queries logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if GIVEN_ID.fullmatch(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            with _slow_queries_logged():
                response = self.get_response(request)
            elapsed = time.monotonic() - started
            if elapsed > settings.SLOW_REQUEST_SECONDS:
                logger.warning(
                    "Slow request: %s %s answered %s in %.3f s",
                    request.method,
                    request.path,
                    response.status_code,
                    elapsed,
                    extra={"duration": round(elapsed, 3)},
                )
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class _slow_queries_logged:
    """Times each query of the request on every database (a replica's too) and logs the slow ones."""

    def __enter__(self):
        self.wrappers = [connections[alias].execute_wrapper(_timed) for alias in connections]
        for wrapper in self.wrappers:
            wrapper.__enter__()

    def __exit__(self, *exc):
        for wrapper in reversed(self.wrappers):
            wrapper.__exit__(*exc)
        return False


def _timed(execute, sql, params, many, context):
    started = time.monotonic()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = time.monotonic() - started
        if elapsed > settings.SLOW_QUERY_SECONDS:
            logger.warning(
                "Slow query (%.3f s) on %s: %s",
                elapsed,
                context["connection"].alias,
                sql[:SQL_SHOWN],
                extra={"duration": round(elapsed, 3)},
            )


class HostCheckMiddleware:
    """The Host header checked against ALLOWED_HOSTS before WhiteNoise serves a static file, as
    CommonMiddleware checks it for every page: an unknown host gets 400 for a stylesheet too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # DisallowedHost: Django answers 400
        return self.get_response(request)


class RefuseTraceMiddleware:
    """TRACE and CONNECT are refused everywhere (405): no page echoes a request back to its sender."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in REFUSED_METHODS:
            return self.get_response(request)
        if is_api_request(request):
            response = problem_response(405, f"Method “{request.method}” not allowed.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS", "POST"])


class HealthMiddleware:
    """/healthz and /readyz for load balancers and orchestrators (see the module)."""

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response
        self.migrated = False  # once every migration is applied, it stays so while the process runs

    def __call__(self, request):
        if request.path == "/healthz":
            return _health({"status": "ok"}, 200)
        if request.path == "/readyz":
            checks = {**self.databases(), "cache": _cache_check()}
            ready = checks["database:default"] == "ok" and checks.get("migrations") == "ok"
            status = "degraded" if ready and any(value != "ok" for value in checks.values()) else "ready"
            response = _health({"status": status if ready else "unavailable", "checks": checks}, 200 if ready else 503)
            if not ready:
                response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
            return response
        return self.get_response(request)

    def databases(self) -> dict[str, str]:
        checks = {}
        for alias in connections:
            try:
                with connections[alias].cursor() as cursor:
                    cursor.execute("SELECT 1")
                checks[f"database:{alias}"] = "ok"
            except DatabaseError as error:
                checks[f"database:{alias}"] = f"unreachable: {type(error).__name__}"
        if checks.get("database:default") == "ok":
            checks["migrations"] = self.migrations()
        return checks

    def migrations(self) -> str:
        if not self.migrated:
            executor = MigrationExecutor(connections["default"])
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                return f"{len(pending)} to apply"
            self.migrated = True
        return "ok"


def _cache_check() -> str:
    try:
        cache.set("readyz", "ok", 10)
        return "ok" if cache.get("readyz") == "ok" else "not keeping values"
    except Exception as error:  # any backend's failure (Redis, the cache table): not ready
        return f"unreachable: {type(error).__name__}"


def _health(body, status):
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind NUM_PROXIES proxies the address the outermost of
    them saw, read from X-Forwarded-For as the API's rate limits read it (DRF's NUM_PROXIES); a client
    cannot choose it by sending a header of its own."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return request.META.get("REMOTE_ADDR")
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))]


@never_cache  # a scraper is anonymous: the response cache must not keep its figures
def metrics(request):
    """Prometheus' figures (django-prometheus): for staff signed in, or a scraper connecting from
    METRICS_ALLOWED_IPS; a 404 for anyone else, as if there were none."""
    if request.META.get("REMOTE_ADDR") not in settings.METRICS_ALLOWED_IPS and not request.user.is_staff:
        raise Http404
    return ExportToDjangoView(request)
