"""Rate limits, counted in the cache all workers share: anonymous clients by address, partners by token."""

from rest_framework.throttling import SimpleRateThrottle

from cooperation.models import PartnerToken


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
