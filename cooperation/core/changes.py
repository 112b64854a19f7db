"""The change feed: every change to what the public sees of a record, in the order the changes were
committed, for partners who keep copies of the records (`/api/v1/changes/`).

An entry names a page type's record (its type and id) and what happened to its public face:

- `published`: it became public (created published, or a draft published);
- `changed`: a public record changed, or a part shown on it (a participant, a position, a citation,
  an alternate name, a party, a relation), or a record it shows was published or unpublished;
- `unpublished` and `deleted`: it is no longer public. These are tombstones: they stay in the feed,
  and the record's address answers 410 Gone with the last of them.

A partner applies the entries in order: for a tombstone it drops its copy, for any other it reads the
record's current state at the entry's `url`. Replayed from the start, the feed gives exactly the
records the API lists.

Entries are written by the one place each change passes: a record's save and delete (the signals
`watch` connects), a part's change (`part_changed`), and bulk paths that call `note` themselves.
Their ids are the feed's cursor. So that ids are in commit order (a reader never skips an entry
committed after a later one), a transaction writing entries holds a lock until it commits
(PostgreSQL: an advisory transaction lock; SQLite writes one transaction at a time).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.core.records import PublicationStatus, PublicRecord

BATCH = 1_000
_LOCK = 0x1CE5C0  # the feed's advisory lock on PostgreSQL: any number no other lock uses


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", _("published")
    CHANGED = "changed", _("changed")
    UNPUBLISHED = "unpublished", _("unpublished")
    DELETED = "deleted", _("deleted")


REMOVALS = (ChangeKind.UNPUBLISHED, ChangeKind.DELETED)


class FeedEntry(models.Model):
    """One change to a record's public face (see the module). Never changed once written."""

    id = models.BigAutoField(primary_key=True)  # the cursor
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    record_uuid = models.UUIDField(_("record id"))
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)  # as it was then, for a 410 by slug
    kind = models.CharField(_("change"), max_length=12, choices=ChangeKind.choices)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("change feed entry")
        verbose_name_plural = _("change feed entries")
        indexes = [
            # A record's last entry (a 410's tombstone), by id or by slug.
            models.Index(fields=["record_uuid", "-id"], name="feed_record_latest"),
            models.Index(fields=["content_type", "slug", "-id"], name="feed_slug_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ChangeKind.values), name="cooperation_feedentry_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.pk} {self.kind} {self.record_uuid}"

    @property
    def is_removal(self) -> bool:
        return self.kind in REMOVALS


def _in_commit_order():
    """Hold the feed's lock until the transaction ends, so that entries are committed in id order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])


def note(records, kind: str) -> None:
    """Write an entry of `kind` for each record of `records` (page-type records)."""
    now = timezone.now()
    entries = [
        FeedEntry(
            content_type=ContentType.objects.get_for_model(record),
            record_uuid=record.uuid,
            slug=record.slug,
            kind=kind,
            at=now,
        )
        for record in records
    ]
    if entries:
        # One transaction with the lock (a savepoint inside the caller's): outside one, the lock would
        # end before the insert and another writer's entries could be committed in between.
        with transaction.atomic():
            _in_commit_order()
            FeedEntry.objects.bulk_create(entries, batch_size=BATCH)


def latest(model, *, uuid=None, slug=None) -> FeedEntry | None:
    """A record's last entry, by its id or its slug (a slug may have been another record's before)."""
    entries = FeedEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    entries = entries.filter(record_uuid=uuid) if uuid is not None else entries.filter(slug=slug)
    return entries.order_by("-id").first()


# What a record's change changes elsewhere -----------------------------------------------------------


def showing(record) -> list:
    """The published page-type records whose public face shows `record`: those linking it (an event its
    place, an initiative its lead organisation), those a part links it from (an event whose participant
    it is), those it links (a place listing its children), the sources quoted for it, and for a source
    the records it is cited for."""
    from cooperation.core.citations import Citation
    from cooperation.core.registry import registry

    found: dict[tuple[type, int], object] = {}

    def add(rows):
        for row in rows:
            if isinstance(row, PublicRecord) and row.is_published and (type(row), row.pk) != (type(record), record.pk):
                found.setdefault((type(row), row.pk), row)

    for model in registry.models():
        shown_on = getattr(model, "public_record_field", None)
        page_type = model in registry and registry.get(model).is_page_type
        for field in (*model._meta.concrete_fields, *model._meta.many_to_many):
            if not field.is_relation or field.related_model is not type(record):
                continue
            rows = model._base_manager.filter(**{field.name: record})
            if page_type:
                add(rows.iterator(chunk_size=BATCH))
            elif shown_on:  # a part: shown on its record, and on each record it links (a participant's person)
                links = _record_links(model)
                for part in rows.select_related(*links).iterator(chunk_size=BATCH):
                    add(getattr(part, link) for link in links)
    # The records it links, which list it in turn (a place its children, an initiative its parts).
    for field in type(record)._meta.concrete_fields:
        if field.is_relation and field.related_model in registry and issubclass(field.related_model, PublicRecord):
            add([getattr(record, field.name)])
    for field in type(record)._meta.many_to_many:
        if issubclass(field.related_model, PublicRecord):
            add(getattr(record, field.name).all())
    # The sources whose quotes name it, and the records a source's quotes support.
    quoted = Q(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
    for model in registry.models():  # and the quotes of its parts (its participants' evidence)
        shown_on = getattr(model, "public_record_field", None)
        if shown_on and model._meta.get_field(shown_on).related_model is type(record):
            parts = model._base_manager.filter(**{shown_on: record.pk}).values("pk")
            quoted |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=parts)
    citing = Citation.objects.filter(quoted).select_related("source")
    add(citation.source for citation in citing.iterator(chunk_size=BATCH))
    if type(record)._meta.label_lower == "cooperation.source":
        from cooperation.core.parts import shown_on as shown_on_record

        cited = Citation.objects.filter(source=record).select_related("content_type").iterator(chunk_size=BATCH)
        add(shown_on_record(citation) for citation in cited)
    return list(found.values())


def _record_links(model) -> list[str]:
    """The fields of a part that link a page type's record (a participation's event, person, ...)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and isinstance(field.related_model, type) and issubclass(field.related_model, PublicRecord)
    ]


def _before_save(sender, instance, raw=False, **kwargs):
    """Note whether the record was public before this save (its entry's kind depends on it)."""
    if raw or instance.pk is None:
        instance._feed_was_public = False
        return
    status = sender._base_manager.filter(pk=instance.pk).values_list("publication_status", flat=True).first()
    instance._feed_was_public = status == PublicationStatus.PUBLISHED


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata writes rows as they are
        return
    was, now = getattr(instance, "_feed_was_public", False), instance.is_published
    if now:
        note([instance], ChangeKind.CHANGED if was else ChangeKind.PUBLISHED)
    elif was:
        note([instance], ChangeKind.UNPUBLISHED)
    if was or now:
        note(showing(instance), ChangeKind.CHANGED)


def _before_delete(sender, instance, **kwargs):
    instance._feed_was_public = instance.is_published
    instance._feed_showing = showing(instance) if instance.is_published else []


def _after_delete(sender, instance, **kwargs):
    if getattr(instance, "_feed_was_public", False):
        note([instance], ChangeKind.DELETED)
        note(getattr(instance, "_feed_showing", []), ChangeKind.CHANGED)


def follow(model) -> None:
    """Write the feed's entries for every save and delete of `model`, a page type's records."""
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    pre_save.connect(_before_save, sender=model, dispatch_uid="feed")
    post_save.connect(_after_save, sender=model, dispatch_uid="feed")
    pre_delete.connect(_before_delete, sender=model, dispatch_uid="feed")
    post_delete.connect(_after_delete, sender=model, dispatch_uid="feed")


def part_changed(part, records) -> None:
    """`part`, shown on `records`, was saved or deleted: each published one changed, and so did each
    published record the part links (a participant's person, whose page lists their events)."""
    linked = {(type(record), record.pk): record for record in records if record is not None}
    for name in _record_links(type(part)):
        try:
            record = getattr(part, name)
        except ObjectDoesNotExist:  # deleted with the part
            continue
        if record is not None:
            linked.setdefault((type(record), record.pk), record)
    note([record for record in linked.values() if record.is_published], ChangeKind.CHANGED)
