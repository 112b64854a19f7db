"""Pending revisions: an editor's change to a published record, or to any of its parts, is kept
here until a reviewer approves it. Until then nothing of it is written to the records, so pages,
the API, feeds, calendars, the sitemap, search, counts and caches all keep showing the approved
version.

A revision is the rows the change writes, each with its state before and after (Django's JSON
serialization of its fields; None for a row created or deleted). It is made by a trial
(`capture`): the editor's admin request runs as usual inside a transaction, every write to a
record or part is noted, the states are read, and the transaction is rolled back
(cooperation/core/admin/revising.py). The same forms, inlines, validation and evidence rule apply
as to a direct save; only the outcome is kept aside.

A record has at most one open revision (the database says so): its editors' working copy. An
editor who opens the record's form sees it, and a further save replaces it with the two changes
together. Approving writes the states after (`approve`): refused when another change has meanwhile
touched a row the revision changes (it is stale: the reviewer would approve what the editor never
saw), when another reviewer approved it first, or when it would leave a public record or part
without public evidence (cooperation/core/evidence.py). Each row approved leaves its history row
with the approver and the revision's editor.

Rows created in a trial keep the ids they were given there: PostgreSQL's sequences never go back,
and on SQLite `reserve_ids` moves its sequence past them, so that no other row takes them meanwhile.
"""

import contextlib
import contextvars
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperation.core.citations import AlternateName, Citation
from cooperation.core.evidence import evidence_gaps, lock, new_gaps
from cooperation.core.parts import part_changed, shown_on
from cooperation.core.records import PublicRecord
from cooperation.core.registry import registry
from cooperation.core.reviews import resolve
from cooperation.core.translation import english_columns
from cooperation.core.versioning import DataVersion
from cooperation.core.visibility import public


class RevisionState(models.TextChoices):
    OPEN = "open", _("pending")
    APPROVED = "approved", _("approved")


class RevisionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=RevisionState.OPEN)

    def of(self, record):
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


class Revision(models.Model):
    # The published record the change is to (for a part, the record it is shown on).
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("state"), max_length=10, choices=RevisionState.choices, default=RevisionState.OPEN)
    # [{"model": "events.participation", "pk": 7, "before": {fields} or None, "after": {fields} or None}],
    # in the order the trial wrote them (so that a row comes after the rows it refers to).
    changes = models.JSONField(_("changes"), encoder=DjangoJSONEncoder)
    # SET_NULL: a revision outlives a staff account.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["state", "updated_at"], name="cooperation_revision_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state="open"),
                name="cooperation_revision_one_open_per_record",
            ),
            models.CheckConstraint(
                condition=Q(state__in=RevisionState.values), name="cooperation_revision_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(approved_at__isnull=False),
                name="cooperation_revision_approved_when",
            ),
        ]

    def __str__(self):
        return f"{self.record} ({self.get_state_display()}, {self.updated_at:%Y-%m-%d %H:%M})"

    def rows(self) -> list["Change"]:
        return [Change.of(entry) for entry in self.changes]

    def conflicts(self) -> list["Change"]:
        """The rows another change has touched since the revision was made: a stale revision's."""
        return [change for change in self.rows() if change.conflicts()]


@dataclass
class Change:
    """One row a revision writes: its state before (None: created) and after (None: deleted)."""

    model: type[models.Model]
    pk: int
    before: dict | None
    after: dict | None

    @classmethod
    def of(cls, entry):
        return cls(model_of(entry["model"]), entry["pk"], entry["before"], entry["after"])

    def as_entry(self):
        return {"model": self.model._meta.label_lower, "pk": self.pk, "before": self.before, "after": self.after}

    @property
    def action(self):
        return "created" if self.before is None else "deleted" if self.after is None else "changed"

    def live(self):
        return self.model._base_manager.filter(pk=self.pk).first()

    def instance(self, state=None):
        """The row in `state` (the one after, else the one before), unsaved, as the revision holds it."""
        fields = state or self.after or self.before
        data = [{"model": self.model._meta.label_lower, "pk": self.pk, "fields": fields}]
        deserialized = next(serializers.deserialize("json", json.dumps(data, cls=DjangoJSONEncoder)))
        return deserialized

    def conflicts(self) -> bool:
        live = self.live()
        return compared(self.model, state_of(live) if live else None) != compared(self.model, self.before)


def model_of(label):
    """A registered record model by its label ("events.participation")."""
    for model in registry.models():
        if model._meta.label_lower == label:
            return model
    raise LookupError(label)


def state_of(row) -> dict:
    """A row's fields, as JSON (Django's serialization: many-to-many fields as lists of ids)."""
    return json.loads(serializers.serialize("json", [row]))[0]["fields"]


def compared(model, state):
    """What of a row's state a change is judged by: its editable fields (not the times, version and
    search key every save moves)."""
    if state is None:
        return None
    return {field.name: state.get(field.name) for field in editable_fields(model)}


def editable_fields(model):
    """The fields staff edit (and a revision is judged and shown by), many-to-many links included; not
    the English columns of translated fields, the same as their originals."""
    english = english_columns(model)
    return [
        field
        for field in (*model._meta.concrete_fields, *model._meta.many_to_many)
        if field.editable and not field.primary_key and field.name not in english
    ]


# Capturing a trial's writes --------------------------------------------------------------------

_trial: contextvars.ContextVar["Trial | None"] = contextvars.ContextVar("revision_trial", default=None)


class Trial:
    """The rows written while it runs, each with its state before the first write."""

    def __init__(self):
        self.before: dict[tuple[str, int], dict | None] = {}

    def touched(self, model, pk, *, created=False):
        key = (model._meta.label_lower, pk)
        if key in self.before:
            return
        if created:
            self.before[key] = None
        else:
            row = model._base_manager.filter(pk=pk).first()
            self.before[key] = state_of(row) if row is not None else None

    def changes(self) -> list[Change]:
        """The rows as they are now against their states before; rows left as they were are dropped.
        Read before the trial's transaction ends."""
        found = []
        for (label, pk), before in self.before.items():
            model = model_of(label)
            row = model._base_manager.filter(pk=pk).first()
            after = state_of(row) if row is not None else None
            if compared(model, before) != compared(model, after):
                found.append(Change(model, pk, before, after))
        return found


@contextlib.contextmanager
def capture():
    """Note every write to a record or part while the block runs (see Trial)."""
    trial = Trial()
    token = _trial.set(trial)
    try:
        yield trial
    finally:
        _trial.reset(token)


def _before_save(sender, instance, raw=False, **kwargs):
    trial = _trial.get()
    if trial is not None and not raw and instance.pk is not None:
        trial.touched(sender, instance.pk)


def _after_save(sender, instance, created, raw=False, **kwargs):
    trial = _trial.get()
    if trial is not None and not raw and created:
        trial.touched(sender, instance.pk, created=True)


def _before_delete(sender, instance, **kwargs):
    trial = _trial.get()
    if trial is not None:
        trial.touched(sender, instance.pk)


def _before_links_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    trial = _trial.get()
    if trial is None or not action.startswith("pre_"):
        return
    if not reverse:
        trial.touched(type(instance), instance.pk)
    elif pk_set:
        for pk in pk_set:  # the other side's rows hold the field
            trial.touched(model, pk)


def track(model):
    """Note the writes to `model`'s rows during a trial (connected for every registered model)."""
    uid = "revision-trial"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(_before_links_change, sender=field.remote_field.through, dispatch_uid=uid)


def public_records(changes: list[Change]) -> list[PublicRecord]:
    """The published records whose public face the changes would alter: each row seen by visitors
    before or after (a published record, a part of published records, a citation from a published
    source), as the record it is shown on. Read inside the trial (its new rows still there)."""
    found: dict[tuple[type, int], PublicRecord] = {}
    for change in changes:
        for state in (change.before, change.after):
            row = change.instance(state).object if state is not None else None
            if row is None or not seen_by_visitors(row):
                continue
            record = row if isinstance(row, PublicRecord) else shown_on(row)
            if record is not None:
                found.setdefault((type(record), record.pk), record)
    return list(found.values())


def seen_by_visitors(row) -> bool:
    """Whether visitors see the row: the records' rule (cooperation.core.visibility), and for a
    citation or an alternate name, that of the record it belongs to (and a citation's source)."""
    try:
        if isinstance(row, Citation | AlternateName):
            if isinstance(row, Citation) and public(row.source) is None:
                return False
            return row.record is not None and seen_by_visitors(row.record)
        return public(row) is not None
    except ObjectDoesNotExist:  # a part of a record deleted with it: the record's deletion counts
        return False


def reserve_ids(changes: list[Change]) -> None:
    """Keep the ids of the trial's new rows free: SQLite's sequence went back with the rollback."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for change in changes:
            if change.action != "created":
                continue
            table = change.model._meta.db_table
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [change.pk, table])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, change.pk])


def merged(earlier: list[Change], later: list[Change]) -> list[Change]:
    """Two changes made one after the other, as one: each row's state before the first and after
    the second."""
    by_key = {(change.model, change.pk): change for change in earlier}
    order = list(by_key)
    for change in later:
        key = (change.model, change.pk)
        if key in by_key:
            by_key[key] = Change(change.model, change.pk, by_key[key].before, change.after)
        else:
            by_key[key] = change
            order.append(key)
    return [
        change
        for change in (by_key[key] for key in order)
        if compared(change.model, change.before) != compared(change.model, change.after)
    ]


def added(earlier: list[Change], later: list[Change]) -> list[Change]:
    """A change made without the open revision `earlier` in view (an import, from the approved
    version), added to it: a row both change keeps the first's state before and the second's changed
    fields written over the first's state after, so neither change's fields are lost."""
    by_key = {(change.model, change.pk): change for change in earlier}
    for change in later:
        key = (change.model, change.pk)
        first = by_key.get(key)
        if first is None:
            by_key[key] = change
        elif first.after is None or change.before is None or change.after is None:  # a row created or deleted
            by_key[key] = Change(change.model, change.pk, first.before, change.after)
        else:
            before = change.before
            written = {name: value for name, value in change.after.items() if before.get(name) != value}
            by_key[key] = Change(change.model, change.pk, first.before, {**first.after, **written})
    return merged([], list(by_key.values()))


def keep(record, changes: list[Change], user, *, replacing=None) -> Revision:
    """Store `changes` as the open revision of `record`: a new one, or `replacing` the one there was."""
    now = timezone.now()
    entries = [change.as_entry() for change in changes]
    reserve_ids(changes)
    if replacing is not None:
        replacing.changes, replacing.updated_by, replacing.updated_at = entries, user, now
        replacing.save(update_fields=["changes", "updated_by", "updated_at"])
        return replacing
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        changes=entries,
        created_by=user,
        created_at=now,
        updated_by=user,
        updated_at=now,
    )


def discard(revision) -> bool:
    """Remove an open revision, and end its review; False when it was approved or removed meanwhile."""
    with transaction.atomic():
        deleted, _rows = Revision.objects.filter(pk=revision.pk, state=RevisionState.OPEN).delete()
        if deleted and revision.record is not None:
            resolve([revision.record])
    return bool(deleted)


def open_revision_touching(model, pk) -> Revision | None:
    """The open revision of the record (`model`, `pk`), or the one that writes that row (a part, or a
    row it creates). Open revisions are the staff's work in progress: few, read in full."""
    label = model._meta.label_lower
    content_type = ContentType.objects.get_for_model(model)
    for revision in Revision.objects.open().order_by("pk"):
        if (revision.content_type_id, revision.object_id) == (content_type.pk, int(pk)):
            return revision
        if any(entry["model"] == label and entry["pk"] == int(pk) for entry in revision.changes):
            return revision
    return None


# Writing a revision's changes ------------------------------------------------------------------


def apply(changes: list[Change], *, reason="", by=None, at=None) -> list:
    """Write the states after, in order: each row saved (or deleted) as the admin would, its history
    row with `reason` (and, given, the user `by` and time `at` instead of the request's and now's),
    its record moved on. Returns the rows written and deleted."""
    written = []
    for change in changes:
        live = change.live()
        if change.after is None:
            if live is not None:
                recorded_as(live, reason, by, at)
                live.delete()
                part_changed(live)
                written.append(live)
            continue
        deserialized = change.instance()
        row = deserialized.object
        row._state.adding = live is None
        recorded_as(row, reason, by, at)
        row.save(force_insert=live is None)
        for name, ids in (deserialized.m2m_data or {}).items():
            getattr(row, name).set(ids)
        part_changed(row, was_on=shown_on(live) if live is not None else None)
        written.append(row)
        if live is not None:
            written.append(live)  # as it was: a part moved away leaves its old record to check
    return written


def recorded_as(row, reason, by=None, at=None):
    """What django-simple-history records of the row's next write."""
    row._change_reason = reason
    if by is not None:
        row._history_user = by
    if at is not None:
        row._history_date = at


class NotApproved(Exception):
    """Why a revision was not approved: a message for the reviewer, and what it names."""

    def __init__(self, reason, *, conflicts=(), gaps=(), revision=None):
        self.reason, self.conflicts, self.gaps, self.revision = reason, list(conflicts), list(gaps), revision
        super().__init__(reason)


def approve(revision_id, user) -> Revision:
    """Write an open revision's changes and mark it approved, all or nothing. Raises NotApproved with
    "gone" (approved or discarded by someone else first), "stale" (with the conflicting rows) or
    "evidence" (with the gaps it would leave)."""
    with transaction.atomic(), DataVersion.batch():
        now = timezone.now()
        # The claim: of two reviewers approving at once, the second finds nothing open to claim.
        claimed = Revision.objects.filter(pk=revision_id, state=RevisionState.OPEN).update(
            state=RevisionState.APPROVED, approved_by=user, approved_at=now
        )
        revision = Revision.objects.select_related("approved_by", "created_by").filter(pk=revision_id).first()
        if not claimed or revision is None:
            raise NotApproved("gone", revision=revision)
        changes = revision.rows()
        conflicts = [change for change in changes if change.conflicts()]
        if conflicts:
            raise NotApproved("stale", conflicts=conflicts, revision=revision)
        rows = [row for row in (change.live() for change in changes) if row is not None]
        lock(rows)
        before = evidence_gaps(rows)
        editor = revision.created_by or "—"
        written = apply(changes, reason=f"revision {revision.pk} by {editor}, approved by {user}")
        gaps = new_gaps(before, written)
        if gaps:
            raise NotApproved("evidence", gaps=gaps, revision=revision)
        if revision.record is not None:
            resolve([revision.record])  # its review is done
    return revision
