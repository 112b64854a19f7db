"""Reads from a PostgreSQL streaming replica, when DATABASE_REPLICA_URL names one (docs/deployment.md).

Visitors' reads go to the replica, which may be a moment behind the primary; everything else to the
primary: writes, staff (anyone with a session: the admin, previews), partners with a token, commands,
and for a short while (`FRESH_SECONDS`) the reads of a client right after its own write, so that nobody
reads their own change as if it had not happened. A client's last write is remembered in a cookie
(`records_wrote`); its session, if any, already sends it to the primary.

`ReplicaMiddleware` decides per request, before anything reads; `ReplicaRouter` (settings'
DATABASE_ROUTERS) follows the decision. Outside a request nothing reads from the replica.

A replica that cannot be reached is left aside (`Replica`): the request that finds it so, and every
other of this process for the next `DOWN_SECONDS`, reads from the primary; then the replica is tried
again. Its outage is logged once, when it starts.
"""

import contextvars
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
FRESH_SECONDS = 10  # longer than a replica is ever behind the primary in normal operation
WROTE_COOKIE = "records_wrote"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

DOWN_SECONDS = 10  # how long a replica found unreachable is left aside before it is tried again

_reads_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("reads_from_replica", default=False)


class Replica:
    """Whether this process may read from the replica: a connection to it made (or kept); after a
    failure, not for DOWN_SECONDS, so that an outage costs no request more than a connection attempt."""

    def __init__(self):
        self.down_until = 0.0

    def answers(self) -> bool:
        if time.monotonic() < self.down_until:
            return False
        try:
            connections[REPLICA].ensure_connection()
        except DatabaseError:
            if not self.down_until:
                logger.warning("The replica cannot be reached: reads go to the primary until it answers again.")
            self.down_until = time.monotonic() + DOWN_SECONDS
            return False
        if self.down_until:
            logger.warning("The replica answers again.")
        self.down_until = 0.0
        return True


replica = Replica()


def may_read_from_replica(request) -> bool:
    """A visitor's read: no write, no session, no token, not the admin, not right after its own write."""
    if request.method not in SAFE_METHODS or request.path.startswith("/admin/"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return False
    try:
        wrote_at = float(request.COOKIES.get(WROTE_COOKIE, "0"))
    except ValueError:
        wrote_at = 0.0
    return time.time() - wrote_at > FRESH_SECONDS


class ReplicaMiddleware:
    """Sends a visitor's reads to the replica, and marks a client that wrote so that its next reads
    come from the primary (only when a replica is configured)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if REPLICA not in settings.DATABASES:
            return self.get_response(request)
        token = _reads_from_replica.set(may_read_from_replica(request) and replica.answers())
        try:
            response = self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                WROTE_COOKIE,
                str(time.time()),
                max_age=FRESH_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response


class ReplicaRouter:
    """Reads to the replica while ReplicaMiddleware allows it; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and _reads_from_replica.get():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by streaming
