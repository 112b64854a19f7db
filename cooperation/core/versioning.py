"""One timestamp every write to the records moves forward: the API's Last-Modified keys on it."""

import contextlib
import contextvars
import datetime as dt

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_held = contextvars.ContextVar("data_version_held", default=False)


class DataVersion(models.Model):
    """The time of the last write to any record (one row), in whole seconds, strictly increasing.

    Strictly increasing whole seconds: HTTP dates have one-second resolution, so two writes in the
    same second must still give two different Last-Modified values, or a client could keep a stale copy.
    Moved by the one signal (cooperation/core/signals.py); a bulk path that bypasses signals calls bump().
    """

    changed_at = models.DateTimeField(_("last change"))

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return self.changed_at.isoformat()

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("changed_at", flat=True).first() or timezone.now()

    @classmethod
    def bump(cls):
        if _held.get():
            return
        next_second = timezone.now().replace(microsecond=0) + dt.timedelta(seconds=1)
        updated = cls.objects.filter(pk=1).update(
            changed_at=Greatest(Value(next_second), F("changed_at") + dt.timedelta(seconds=1))
        )
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"changed_at": next_second})

    @classmethod
    @contextlib.contextmanager
    def batch(cls):
        """Many writes (a seed, an import) move the version once, at the end."""
        token = _held.set(True)
        try:
            yield
        finally:
            _held.reset(token)
        cls.bump()
