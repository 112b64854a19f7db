"""The response cache: whole answers to anonymous reads of the pages and the API, kept in the cache all
workers share (Redis when REDIS_URL is set, else the database's cache table) and keyed by the data
version, so that an answer is never served once any record has changed since it was computed.

What is cached: a GET or HEAD from a client without credentials (no session cookie, no Authorization
header), outside the admin, answered 200 with a body that holds nothing of the client's: no cookie set,
no CSRF token or CSP nonce rendered, the session untouched, no `Cache-Control: private`, `no-cache` or
`no-store`, and no Vary on a header the key does not hold. Other answers are computed every time:
an error is cheap to compute (a failed look-up, a filter refused before any row is read), and caching
them would let made-up addresses fill the cache.

The key holds everything that changes the answer: the data version (read once per request, before the
answer is computed), today's date (what is upcoming), the method, the scheme, host, path and query
string (answers hold absolute addresses), the path the view sees, the active language (set from the
address's prefix by LocaleMiddleware, which runs before), the credentials class, and under /api/ the
Accept header (DRF's answers vary on it; `?format=` is in the query).

The middleware sits after LocaleMiddleware: what runs before it (security and CSP headers, CORS,
conditional GET with its ETag and 304, the API's Last-Modified and Cache-Control, compression) runs on
every answer, cached or not, so those headers are the same either way. A served answer still counts
against the API's rate limits that applied when it was computed (`replay`).

When the cache is down, the answer is computed, as if nothing had been cached (`shared_cache`).
`RESPONSE_CACHE=off` turns the cache off.
"""

import hashlib
import logging
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from cooperation.core.api.problems import is_api_request
from cooperation.core.versioning import DataVersion
from cooperation.core.web.errors import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

# Changes whenever the key's parts or the entry's shape change, so that a deploy never reads old entries.
KEY_FORMAT = "response-1"
SAFE_METHODS = frozenset({"GET", "HEAD"})
# The request headers each area's answers may vary on, as the key holds them. An answer varying on any
# other is not cached.
API_KEY_HEADERS = {"accept": "HTTP_ACCEPT"}
PAGE_KEY_HEADERS: dict[str, str] = {}
# Larger answers (a calendar of thousands of events) are computed each time rather than stored.
MAX_ENTRY_BYTES = 4 * 1024 * 1024
ADMIN_PREFIX = "/admin/"
COMMA = re.compile(r"\s*,\s*")


class SharedCache:
    """Calls to the shared cache that never fail a request: when the cache raises (Redis unreachable,
    the cache table missing), the call gives its default, and for the next `PAUSE` seconds this process
    does not try again (so a cache that hangs until its timeout slows at most one request in each
    pause). Meanwhile answers are computed and each process counts rate limits on its own (`local`).
    The outage is logged once, when it starts, and its end once, when the cache answers again."""

    PAUSE = 10.0

    def __init__(self):
        self.paused_until = 0.0
        self.down = False
        # Rate-limit counts of this process while the shared cache is down (cooperation/core/api/throttling.py).
        self.local = LocMemCache("shared-cache-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})

    def call(self, function, default):
        if time.monotonic() < self.paused_until:
            return default
        try:
            result = function()
        except Exception:
            self.paused_until = time.monotonic() + self.PAUSE
            if not self.down:
                self.down = True
                logger.warning(
                    "The shared cache failed: answers are computed and rate limits counted by each process "
                    "until it answers again.",
                    exc_info=True,
                )
            return default
        if self.down:
            self.down = False
            logger.warning("The shared cache answers again.")
        return result

    def reset(self):
        self.paused_until = 0.0
        self.down = False
        self.local.clear()


shared_cache = SharedCache()


def data_version(request):
    """The data version (the time of the last write to any record), read once per request; None when
    the database cannot be reached: nothing is then kept, served from the cache or dated, and an answer
    that needs no data (an unknown address, a refused parameter, robots.txt) is still given."""
    if not hasattr(request, "_data_version"):
        try:
            version = DataVersion.current()
        except DATABASE_UNAVAILABLE:
            version = None
        setattr(request, "_data_version", version)  # noqa: B010  (HttpRequest declares no such attribute)
    return request._data_version


def _key_headers(request) -> dict[str, str]:
    return API_KEY_HEADERS if is_api_request(request) else PAGE_KEY_HEADERS


def cache_key(request) -> str:
    headers = _key_headers(request)
    parts = [
        KEY_FORMAT,
        data_version(request).isoformat(),
        timezone.localdate().isoformat(),
        request.method,
        request.build_absolute_uri(),
        request.path_info,
        translation.get_language() or "",
        "anonymous",
        *(f"{name}={request.META.get(meta, '')}" for name, meta in sorted(headers.items())),
    ]
    return _key("response", parts)


def _key(name: str, parts) -> str:
    """A cache key for `name`: a digest of every part that changes what is kept."""
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{name}:{digest}"


def versioned(request, name: str, parts, compute, timeout=24 * 60 * 60):
    """`compute()`, kept in the shared cache under `name`, the data version, the language and `parts`
    (what else changes it), so that it is computed once per data version. For reads that are costly
    whoever asks (the events page's counts); a cache outage, or RESPONSE_CACHE off, computes it each time."""
    version = data_version(request) if settings.RESPONSE_CACHE else None
    if version is None:
        return compute()
    key = _key(name, [KEY_FORMAT, version.isoformat(), translation.get_language() or "", *parts])
    found = shared_cache.call(lambda: cache.get(key), None)
    if found is None:
        found = compute()
        shared_cache.call(lambda: cache.set(key, found, timeout), None)
    return found


def is_anonymous_read(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(ADMIN_PREFIX)
    )


def _vary(response) -> set[str]:
    return {header.strip().lower() for header in COMMA.split(response.get("Vary", "")) if header.strip()}


def _cache_control(response) -> set[str]:
    return {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}


def storable(request, response) -> bool:
    """Whether `response` holds nothing of this client's and depends on nothing the key does not hold."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and len(response.content) <= MAX_ENTRY_BYTES
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token was rendered
        and getattr(request, "_csp_nonce", None) is None  # a CSP nonce was rendered
        and not (session is not None and (session.accessed or session.modified))
        and not _cache_control(response) & {"private", "no-cache", "no-store"}
        and _vary(response) <= set(_key_headers(request))
    )


def entry_of(response, throttles) -> tuple:
    return (response.status_code, tuple(response.items()), response.content, tuple(throttles))


def response_of(entry) -> HttpResponse:
    status, headers, content, _throttles = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def replay(request, throttles) -> dict[str, tuple[bool, Any]] | None:
    """Count a served answer against the rate limits that applied when it was computed: None when every
    one allows it, else every limit's verdict (allowed, seconds to wait)."""
    verdicts = {}
    for path in throttles:
        throttle = import_string(path)()
        allowed = throttle.allow_request(request, None)
        verdicts[path] = (allowed, None if allowed else throttle.wait())
    if all(allowed for allowed, _wait in verdicts.values()):
        return None
    return verdicts


class ResponseCacheMiddleware:
    """Serve an anonymous read from the response cache, or compute it and keep it there (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.RESPONSE_CACHE or not is_anonymous_read(request) or data_version(request) is None:
            return self.get_response(request)
        try:
            key = cache_key(request)
        except DisallowedHost:  # CommonMiddleware answers it, as without the cache
            return self.get_response(request)
        entry = shared_cache.call(lambda: cache.get(key), None)
        if entry is not None:
            verdicts = replay(request, entry[3])
            if verdicts is None:
                return response_of(entry)
            # Past a limit: the view answers (429), reading the verdicts instead of counting again.
            setattr(request, "throttle_verdicts", verdicts)  # noqa: B010  (read by the throttles)
            return self.get_response(request)
        # The limits counted from here in (the view's), not those before (the pages' own, which count
        # every request, served or not).
        counted_before = len(getattr(request, "applied_throttles", ()))
        response = self.get_response(request)
        if storable(request, response):
            entry = entry_of(response, getattr(request, "applied_throttles", [])[counted_before:])
            shared_cache.call(lambda: cache.set(key, entry, settings.RESPONSE_CACHE_SECONDS), None)
        return response
