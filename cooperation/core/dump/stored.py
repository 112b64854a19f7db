"""The download the site serves: built by `export` (never while a request waits), kept in the
`bulk_data` storage with the one before it, described by `DataDump`."""

import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.core.dump.archive import build, size_and_digest
from cooperation.core.versioning import DataVersion


class DataDump(models.Model):
    """The last bulk download built: where it is stored, the data version it holds, its digest."""

    file_name = models.CharField(_("file name"), max_length=200)
    data_version = models.DateTimeField(_("data version"))
    built_at = models.DateTimeField(_("built"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    changes_cursor = models.PositiveBigIntegerField(
        _("change feed cursor"), help_text=_("The change feed's last entry the download holds: read on from it.")
    )
    tables = models.JSONField(_("tables"), help_text=_("Each file's name, description and number of rows."))

    class Meta:
        verbose_name = _("bulk download")
        verbose_name_plural = _("bulk downloads")
        get_latest_by = "built_at"

    def __str__(self):
        return self.file_name

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'

    @property
    def is_current(self) -> bool:
        return self.data_version >= DataVersion.current()


def storage():
    return storages["bulk_data"]


def export(*, if_changed=False) -> DataDump | None:
    """Build the archive and store it as the current bulk download; with `if_changed`, only when the
    records changed since the last one. The previous archive is kept until the next build, for
    downloads under way."""
    latest = DataDump.objects.order_by("-built_at").first()
    if if_changed and latest is not None and latest.data_version >= DataVersion.current():
        return None
    with tempfile.TemporaryDirectory() as directory:
        built = build(Path(directory))
        archive = built.archive
        size, digest = size_and_digest(archive)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        with archive.open("rb") as data:
            name = storage().save(f"records-{stamp}.zip", File(data))
        dump = DataDump.objects.create(
            file_name=name,
            data_version=built.data_version,
            changes_cursor=built.changes_cursor,
            built_at=timezone.now(),
            size=size,
            sha256=digest.removeprefix("sha256:"),
            tables=built.contents,
        )
    for old in DataDump.objects.exclude(pk__in=[dump.pk, *([latest.pk] if latest else [])]):
        storage().delete(old.file_name)
        old.delete()
    return dump


def current() -> DataDump | None:
    return DataDump.objects.order_by("-built_at").first()
