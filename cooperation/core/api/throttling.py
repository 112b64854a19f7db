"""Rate limits, counted in the cache all workers share: the general limit of anonymous clients (by
address) and of partners (by token), and the limits of expensive answers (a search, an export, the
events page's facet counts), per client, on top of the general one.

Every limit here:

- reads its rate at request time from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope] (set from the
  environment in the settings); a scope without a rate is not limited;
- lets the request through when the shared cache is down (Redis unreachable): a read is never refused,
  nor turned into a 500, because its count could not be kept;
- notes on the request that it applied, so that the response cache (cooperation.core.web.cache) counts
  an answer it serves against the same limits (`replay`), and the view then answers a refused one
  itself, with the verdicts already reached (`throttle_verdicts`), so that nothing is counted twice.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from cooperation.core.tokens import PartnerToken
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


class CountedThrottle(SimpleRateThrottle):
    """DRF's SimpleRateThrottle, with the rate read at request time, failing open when the cache is
    down, and noting on the request that it applied (see the module's docstring)."""

    replayed_wait: float | None = None
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
        if history is None:  # the cache is down: not counted, not refused
            return True
        self.history = history
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def throttle_success(self):
        self.history.insert(0, self.now)
        shared_cache.call(lambda: self.cache.set(self.key, self.history, self.duration), None)
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
