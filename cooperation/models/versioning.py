"""One number every write to the records moves forward: the API's Last-Modified and its caches key on it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """The time of the last write to any record (one row). Moved by signal receivers in apps.py."""

    changed_at = models.DateTimeField(_("last change"))

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return self.changed_at.isoformat()

    @classmethod
    def current(cls):
        row = cls.objects.filter(pk=1).values_list("changed_at", flat=True).first()
        return row or timezone.now()

    @classmethod
    def bump(cls):
        cls.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})
