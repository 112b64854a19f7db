"""Rate limits, counted in the cache all workers share: anonymous clients by address, partners by token."""

from rest_framework.throttling import SimpleRateThrottle

from cooperation.core.tokens import PartnerToken


def _token(request):
    # What authentication decided, read without running it again: a refused token is counted here
    # while authentication is still under way (see PartnerTokenAuthentication).
    return getattr(request, "_auth", None)


class AnonymousRateThrottle(SimpleRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if isinstance(_token(request), PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerRateThrottle(SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        token = _token(request)
        if not isinstance(token, PartnerToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
