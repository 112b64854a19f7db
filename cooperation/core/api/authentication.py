import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from cooperation.core.api.throttling import AnonymousRateThrottle
from cooperation.core.tokens import PartnerToken, hash_key

# last_used_at is written at most this often per token, not on every request.
LAST_USED_GRANULARITY = dt.timedelta(minutes=5)


class PartnerClient:
    """The request's user when a partner token is presented: authenticated, never staff."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False

    def __init__(self, token):
        self.token = token

    def __str__(self):
        return self.token.partner


class PartnerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`) with a key that staff issued in the admin."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as “Authorization: Bearer <key>”."))
        key = parts[1].decode(errors="replace")
        token = PartnerToken.objects.active().filter(key_hash=hash_key(key)).first()
        if token is None:
            # Guessing keys counts against the anonymous limit: a bad token is no way around it.
            throttle = AnonymousRateThrottle()
            # An anonymous throttle never reads the view (and authentication has none).
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait())
            raise exceptions.AuthenticationFailed(_("This token is unknown or has been revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return PartnerClient(token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner token issued by the records' staff; gives higher rate limits. Optional.",
        }
