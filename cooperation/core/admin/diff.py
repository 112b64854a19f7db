"""A revision's changes as a reviewer reads them: each row added, changed or removed, and for each
changed row the fields whose values differ, before and after, as the admin shows them (a linked
record by its name, a choice by its label, nothing as "—")."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cooperation.core.revisions import Change, compared, editable_fields

NOTHING = "—"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    type_label: str
    name: str
    action: str  # "added", "changed", "removed"
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self):
        return {"added": _("added"), "changed": _("changed"), "removed": _("removed")}[self.action]


def diff(changes: list[Change]) -> list[RowChange]:
    rows = []
    for change in changes:
        model = change.model
        before, after = compared(model, change.before) or {}, compared(model, change.after) or {}
        action = {"created": "added", "deleted": "removed", "changed": "changed"}[change.action]
        fields = []
        for model_field in editable_fields(model):
            old, new = before.get(model_field.name), after.get(model_field.name)
            if old == new or (action == "added" and new in (None, "", [])):
                continue
            fields.append(
                FieldChange(
                    capfirst(str(model_field.verbose_name)),
                    shown(model_field, old) if action != "added" else NOTHING,
                    shown(model_field, new) if action != "removed" else NOTHING,
                )
            )
        rows.append(RowChange(capfirst(str(model._meta.verbose_name)), _name(change), action, fields))
    return rows


def _name(change):
    try:
        return str(change.instance(change.before or change.after).object)  # as it is known now
    except Exception:  # a row whose linked records are gone since: named by its type and id
        return f"{change.model._meta.verbose_name} {change.pk}"


def shown(model_field, value) -> str:
    """A stored value as the admin shows it."""
    if value in (None, "", []):
        return NOTHING
    if model_field.many_to_many:
        related = model_field.related_model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(row) for row in related)) or NOTHING
    if isinstance(model_field, models.ForeignKey):
        row = model_field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else f"{model_field.related_model._meta.verbose_name} {value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
