"""The history of a whole record, as its page's "History" shows it: the record's own changes and
those of its parts (participants, positions, posts, parties, relations), of its citations and
alternate names and of its parts' citations, and its review steps, gathered into changesets (what
one person saved at one moment), newest first, each labelled (created, changed, submitted, sent
back, approved, published, unpublished, restored, deleted) with its fields before and after.

Read from django-simple-history's rows (at most HISTORY_ROWS of each kind) and the admin's log
(the review steps), so it stays bounded however long a record lives.

Restoring the whole record (`restore_as_of`) writes it and everything shown with it as they were
after one of those changesets: its parts and citations come back, or go, with it. The admin runs it
like any change: kept for review when an editor restores a published record, refused when it would
leave something public without public evidence.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.core.admin.diff import FieldChange, shown
from cooperation.core.citations import AlternateName, Citation
from cooperation.core.parts import part_changed, shown_on
from cooperation.core.registry import registry
from cooperation.core.reviews import SENT_BACK, SUBMITTED

HISTORY_ROWS = 200
SEEDED = "manage.py seed"  # who made the rows the seed loaded
SAME_CHANGESET = dt.timedelta(seconds=5)  # rows written outside a request this close together: one change

# How a record's own history row says what it was (set as its change reason by the code that saves).
RESTORED = "restored an earlier version"

LABELS = {
    "restored": gettext_lazy("restored"),
    "approved": gettext_lazy("approved"),
    "published": gettext_lazy("published"),
    "unpublished": gettext_lazy("unpublished"),
    "created": gettext_lazy("created"),
    "deleted": gettext_lazy("deleted"),
    "sent back": gettext_lazy("sent back"),
    "submitted": gettext_lazy("submitted"),
    "changed": gettext_lazy("changed"),
}
ORDER = list(LABELS)  # a changeset is labelled by the first of these among its rows


@dataclass
class Entry:
    type_label: str
    name: str
    action: str  # created, changed, deleted (a row) or submitted, sent back (a review step)
    fields: list[FieldChange] = field(default_factory=list)
    comment: str = ""


@dataclass
class Changeset:
    at: dt.datetime
    user: str
    step: str | None = None  # the step it is (one of STEPS), or None: an edit
    labels: set[str] = field(default_factory=set)
    entries: list[Entry] = field(default_factory=list)
    restore_id: int | None = None  # the record's own history row, to restore its version
    changeset_id: object = None  # the request that wrote its rows (None: outside one)

    @property
    def label(self):
        return LABELS[min(self.labels, key=ORDER.index)] if self.labels else LABELS["changed"]


# Labels of a step of its own: rows written outside a request are one changeset per step.
STEPS = {"restored", "approved", "published", "unpublished", "sent back", "submitted"}


def history_of(model):
    """The manager of the model's django-simple-history rows."""
    return getattr(model, model._meta.simple_history_manager_attribute)


def _label_of(row, own):
    """What a history row was: from its change reason (approved, restored, published...), else from
    its type for the record's own row (created, deleted), else "changed" (a part)."""
    reason = row.history_change_reason or ""
    for prefix, label in ((RESTORED, "restored"), ("revision ", "approved")):
        if reason.startswith(prefix):
            return label
    if not own:
        return "changed"
    if row.history_type == "+":
        return "created"
    if row.history_type == "-":
        return "deleted"
    for prefix, label in (
        (RESTORED, "restored"),
        ("revision ", "approved"),
        ("published by", "published"),
        ("draft by", "unpublished"),
    ):
        if reason.startswith(prefix):
            return label
    return "changed"


def _history_rows(record):
    """(history row, is the record's own) of the record and of everything shown with it, newest
    first of each kind, at most HISTORY_ROWS of each."""
    rows = []
    for index, (model, where) in enumerate(_kinds_of_rows(record)):
        found = history_of(model).filter(**where).select_related("history_user")[:HISTORY_ROWS]
        rows += [(row, index == 0) for row in found]
    return rows


def _field_changes(row, previous):
    if previous is None:
        return []
    model = row.instance_type
    changes = []
    for change in row.diff_against(previous).changes:
        model_field = model._meta.get_field(change.field)
        if not model_field.editable or change.field in ("version", "search_key"):
            continue
        changes.append(
            FieldChange(
                capfirst(str(model_field.verbose_name)), shown(model_field, change.old), shown(model_field, change.new)
            )
        )
    return changes


def _entries(record):
    """(time, user, label, entry, own history id) of every row, newest first."""
    rows = _history_rows(record)
    # Each row's previous version, from the rows read (the oldest read: asked for, if it is a change).
    by_object: dict[tuple, list] = {}
    for row, _own in rows:
        by_object.setdefault((row.instance_type, row.id), []).append(row)
    previous = {}
    for versions in by_object.values():
        versions.sort(key=lambda row: row.history_id)
        for before, after in zip([None, *versions], versions, strict=False):
            previous[(type(after), after.history_id)] = before
    found = []
    for row, own in rows:
        before = previous.get((type(row), row.history_id))
        if before is None and row.history_type == "~":
            before = row.prev_record
        action = {"+": "created", "~": "changed", "-": "deleted"}[row.history_type]
        model = row.instance_type
        entry = Entry(
            capfirst(str(model._meta.verbose_name)),
            str(row.instance),
            action,
            _field_changes(row, before) if action == "changed" else [],
        )
        label = _label_of(row, own)
        reason = row.history_change_reason or ""
        user = str(row.history_user) if row.history_user else SEEDED if reason.startswith("seed") else "—"
        if label in ("approved", "restored") and reason:
            entry.comment = reason  # "revision 3 by aysel, approved by leyla": who made the change
        restore_id = row.history_id if own and action != "deleted" else None
        found.append((row.history_date, user, label, entry, restore_id, row.changeset))
    for log in LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk), action_flag=CHANGE
    ).select_related("user")[:HISTORY_ROWS]:
        for prefix, label in ((SUBMITTED, "submitted"), (SENT_BACK, "sent back")):
            if log.change_message.startswith(prefix):
                comment = log.change_message.removeprefix(prefix).lstrip(": ")
                entry = Entry(_("Review"), str(record), label, comment=comment)
                found.append((log.action_time, str(log.user), label, entry, None, None))
    return sorted(found, key=lambda item: item[0], reverse=True)


def record_history(record) -> list[Changeset]:
    """The record's changesets, newest first: the rows one request wrote (its changeset id); rows
    written outside a request (a command, the shell), by one user at one moment, as one step."""
    changesets: list[Changeset] = []
    for at, user, label, entry, own_id, changeset_id in _entries(record):
        step = label if label in STEPS else None
        current = changesets[-1] if changesets else None
        if changeset_id is not None:
            joins = current is not None and current.changeset_id == changeset_id
        else:
            joins = (
                current is not None
                and current.changeset_id is None
                and (current.user, current.step) == (user, step)
                and current.at - at <= SAME_CHANGESET
            )
        if current is None or not joins:
            current = Changeset(at, user, step, changeset_id=changeset_id)
            changesets.append(current)
        current.labels.add(label)
        current.entries.append(entry)
        if own_id is not None and current.restore_id is None:
            current.restore_id = own_id
    return changesets


# Restoring the whole record ---------------------------------------------------------------------


def _kinds_of_rows(record):
    """(model, filter of its history rows) of the record, its parts, their citations and names."""
    model = type(record)
    content_type = ContentType.objects.get_for_model(record)
    kinds = [(model, {"id": record.pk})]
    for part_model in registry.models():
        field_name = getattr(part_model, "public_record_field", None)
        if field_name and part_model._meta.get_field(field_name).related_model is model:
            kinds.append((part_model, {f"{field_name}_id": record.pk}))
    parts = [
        (
            ContentType.objects.get_for_model(part_model),
            set(part_model.history.filter(**where).values_list("id", flat=True)),
        )
        for part_model, where in kinds[1:]
    ]
    kinds += [(Citation, {"content_type": content_type, "object_id": record.pk})]
    kinds += [(Citation, {"content_type": part_type, "object_id__in": ids}) for part_type, ids in parts if ids]
    kinds += [(AlternateName, {"content_type": content_type, "object_id": record.pk})]
    return kinds


def states_at(record, at):
    """[(model, id, the row as it was at `at` or None)] of every row ever shown with the record: the
    record first, then its parts, then citations and names."""
    states = []
    for model, where in _kinds_of_rows(record):
        latest = {}
        for row in history_of(model).filter(**where).order_by("history_date", "history_id"):
            if row.history_date <= at:
                latest[row.id] = row if row.history_type != "-" else None
            else:
                latest.setdefault(row.id, None)  # made after `at`: not there then
        states += [(model, pk, row) for pk, row in latest.items()]
    return states


def restore_as_of(record, at, *, reason=RESTORED):
    """Write the record and everything shown with it as they were at `at`: rows made since are
    deleted, rows deleted since come back, the others get their values of then. The publication is
    left as it is (a reviewer's decision). Returns the rows written and deleted, for the evidence rule."""
    states = states_at(record, at)
    written = []
    # Removals first, the evidence before what it supports; then the rest, the record before its parts.
    for model, pk, then in reversed(states):
        live = model._base_manager.filter(pk=pk).first()
        if then is None and live is not None:
            live._change_reason = reason
            live.delete()
            part_changed(live)
            written.append(live)
    for model, pk, then in states:
        if then is None:
            continue
        live = model._base_manager.filter(pk=pk).first()
        row = then.instance
        if hasattr(row, "publication_status"):
            row.publication_status = live.publication_status if live is not None else "draft"
        row._state.adding = live is None
        row._change_reason = reason
        row.save(force_insert=live is None)
        part_changed(row, was_on=shown_on(live) if live is not None else None)
        written += [row, *([live] if live is not None else [])]
    return written
