"""Rate limits, counted in the cache all workers share: the general limit of anonymous clients (by
address) and of partners (by token), and the limits of expensive answers (a search, an export, the
events page's facet counts), per client, on top of the general one.

Every limit here:

- reads its rate at request time from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope] (set from the
  environment in the settings); a scope without a rate is not limited;
- counts in the process when the shared cache is down (Redis unreachable): each worker then keeps its
  own counts (`shared_cache.local`) until the cache answers again, and a request is never turned into
  a 500 because its count could not be kept;
- notes on the request that it applied, so that the response cache (cooperation.core.web.cache) counts
  an answer it serves against the same limits (`replay`), and the view then answers a refused one
  itself, with the verdicts already reached (`throttle_verdicts`), so that nothing is counted twice;
- notes on the request where the client stands against it (`RateLimit`), which every answer of the API
  then tells in its RateLimit headers (`reported_limit`, ApiRateLimitHeadersMiddleware).
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError
from django.http import HttpRequest
from rest_framework.authentication import get_authorization_header
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from cooperation.core.tokens import PartnerToken, hash_key
from cooperation.core.web.cache import shared_cache

if TYPE_CHECKING:  # rest_framework.views loads the settings' classes, this module among them
    from rest_framework.views import APIView

# The answers of the API that are exports: whole lists as files, not pages of JSON.
EXPORT_FORMATS = frozenset({"csv", "ics"})


def _token(request):
    # What authentication decided, read without running it again: a refused token is counted here
    # while authentication is still under way (see PartnerTokenAuthentication).
    return getattr(request, "_auth", None)


def _http_request(request):
    """The Django request under a DRF one (or the Django request itself)."""
    return getattr(request, "_request", request)


def throttle_path(throttle_class) -> str:
    return f"{throttle_class.__module__}.{throttle_class.__qualname__}"


@dataclass(frozen=True)
class RateLimit:
    """Where a client stands against one limit, as the RateLimit headers tell it (the IETF draft's
    names): `limit` requests in `window` seconds, `remaining` of them left, and `reset`, the seconds
    until the oldest request counted leaves the window and one more is allowed (0 when none is counted;
    on a 429, Retry-After)."""

    limit: int
    remaining: int
    reset: int
    window: int

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }


class CountedThrottle(SimpleRateThrottle):
    """DRF's SimpleRateThrottle, with the rate read at request time, failing open when the cache is
    down, and noting on the request that it applied (see the module's docstring)."""

    replayed_wait: float | None = None
    store: Any = None  # where this request's count is kept: the shared cache, or the process's own
    num_requests: int  # set by SimpleRateThrottle from the rate
    duration: int

    def get_rate(self):
        # DRF's copies the rates at import; these follow the settings (and so tests' overrides).
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) if self.scope else None

    def get_cache_key(self, request: Request | HttpRequest, view: "APIView | None") -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request | HttpRequest, view: "APIView | None") -> bool:
        http_request = _http_request(request)
        path = throttle_path(type(self))
        verdicts = getattr(http_request, "throttle_verdicts", None)
        if verdicts is not None and path in verdicts:
            # The response cache already counted this request against this limit.
            allowed, self.replayed_wait = verdicts[path]
            return allowed
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        applied = http_request.__dict__.setdefault("applied_throttles", [])
        if path not in applied:
            applied.append(path)
        history = shared_cache.call(lambda: self.cache.get(self.key, []), None)
        # The shared cache is down: this process counts on its own until it answers again.
        self.store = self.cache if history is not None else shared_cache.local
        self.history = history if history is not None else self.store.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        allowed = self.throttle_failure() if len(self.history) >= self.num_requests else self.throttle_success()
        http_request.__dict__.setdefault("rate_limits", {})[path] = self.standing(self.history, self.now)
        return allowed

    def standing(self, history: list[float], now: float) -> RateLimit:
        """Where a client with these requests counted (newest first, all within the window) stands."""
        reset = 0
        if history:
            # The request whose leaving the window allows one more: the oldest, unless the rate was
            # lowered below the count, when more than one must leave first.
            freed = history[min(len(history), self.num_requests) - 1]
            reset = max(0, math.ceil(freed + self.duration - now))
        return RateLimit(self.num_requests, max(0, self.num_requests - len(history)), reset, self.duration)

    def throttle_success(self):
        self.history.insert(0, self.now)
        if self.store is self.cache:
            shared_cache.call(lambda: self.cache.set(self.key, self.history, self.duration), None)
        else:
            self.store.set(self.key, self.history, self.duration)
        return True

    def wait(self):
        if self.replayed_wait is not None:
            return self.replayed_wait
        return super().wait()


class AnonymousRateThrottle(CountedThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if isinstance(_token(request), PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(CountedThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        token = _token(request)
        if not isinstance(token, PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class ExpensiveRateThrottle(CountedThrottle):
    """A limit on answers that cost more than a page of records, per client: a partner by its token,
    anyone else by address. `applies(request, view)` says whether this request is one of them; with no
    view (a page, whose middleware decided, or the response cache replaying a stored answer's limits)
    it applies."""

    def applies(self, request, view) -> bool:
        raise NotImplementedError

    def get_cache_key(self, request, view):
        if view is not None and not self.applies(request, view):
            return None
        token = _token(request)
        ident = f"token-{token.pk}" if isinstance(token, PartnerToken) else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class SearchRateThrottle(ExpensiveRateThrottle):
    """A search: `?q=` on a list of the API, or on a list page or the site search (pages share the count)."""

    scope = "search"

    def applies(self, request, view):
        return getattr(view, "action", None) == "list" and bool(request.query_params.get("q", "").strip())


class ExportRateThrottle(ExpensiveRateThrottle):
    """A list as CSV or iCalendar (`?format=csv`, `?format=ics` or the Accept header): every record the
    filters select, not a page of them."""

    scope = "export"

    def applies(self, request, view):
        renderer = getattr(request, "accepted_renderer", None)
        return getattr(view, "action", None) == "list" and getattr(renderer, "format", None) in EXPORT_FORMATS


class FacetsRateThrottle(ExpensiveRateThrottle):
    """The events page with filters: every facet's counts over the filtered events. A page only (its
    middleware decides when it applies)."""

    scope = "facets"

    def applies(self, request, view):
        return False


def reported_limit(request: HttpRequest) -> RateLimit | None:
    """The limit an API answer reports in its RateLimit headers: of those this request was counted
    against, the one with the fewest requests left (the longest wait among equals); for an answer no
    limit saw (refused before the view: a bad query, an unknown address, a format not offered), the
    client's general limit as it stands, this request not counted. None when the counts cannot be read
    (the shared cache is down) or no limit applies."""
    limits: dict[str, RateLimit] = getattr(request, "rate_limits", {})
    if limits:
        return min(limits.values(), key=lambda limit: (limit.remaining, -limit.reset))
    return _general_limit(request)


def _general_limit(request) -> RateLimit | None:
    """The anonymous limit of the request's address, or the partner limit of the token it presents, read
    without counting."""
    try:
        token = _presented_token(request)
    except DatabaseError:  # the answer is ready (perhaps a 500 for this very reason): no headers then
        return None
    throttle = PartnerRateThrottle() if token is not None else AnonymousRateThrottle()
    if throttle.rate is None:
        return None
    ident = token.pk if token is not None else throttle.get_ident(request)
    key = throttle.cache_format % {"scope": throttle.scope, "ident": ident}
    history = shared_cache.call(lambda: throttle.cache.get(key, []), None)
    if history is None:  # the shared cache is down: this process's own count
        history = shared_cache.local.get(key, [])
    now = throttle.timer()
    return throttle.standing([moment for moment in history if moment > now - throttle.duration], now)


def _presented_token(request) -> PartnerToken | None:
    """The active partner token in the Authorization header, as PartnerTokenAuthentication reads it."""
    from cooperation.core.api.authentication import PartnerTokenAuthentication  # which imports this module

    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].decode(errors="replace").lower() not in PartnerTokenAuthentication.keywords:
        return None
    return PartnerToken.objects.active().filter(key_hash=hash_key(parts[1].decode(errors="replace"))).first()
