"""The one evidence rule (cooperation/core/evidence.py) on every write through the admin: a save or a
delete that would leave a public record or part without a citation from a published source is
refused, naming what would lack it, and nothing of it is kept.

Only new gaps count: those around the change that were not there before it (a database that
`verify_citations` finds clean has none to begin with).

- A form's save (with its inlines), or a restore of an earlier version, is checked after it is
  written, inside a transaction;
  when refused, the transaction is rolled back and the form is shown again, as filled in, with the
  refusal as its error.
- A citation's delete (its delete page or the bulk action) is tried first in a savepoint that is always rolled
  back; when it would leave a gap, it is not made and the refusal is shown.
"""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cooperation.core.evidence import evidence_gaps, new_gaps

if TYPE_CHECKING:  # the mixin only ever sits on a ModelAdmin: give the type checker that base
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class EvidenceRefused(Exception):
    def __init__(self, gaps):
        self.gaps = gaps
        super().__init__(
            _(
                "Not saved: %(gaps)s would be public with no citation from a published source. Cite a "
                "published source for each (a part's citations are on its own page), or make the record "
                "they are shown on a draft first."
            )
            % {"gaps": "; ".join(str(gap) for gap in gaps)}
        )


def written_rows(form, formsets):
    """The rows a form's save wrote or deleted: the record and each inline row."""
    rows = [form.instance]
    for formset in formsets:
        rows += [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects), *formset.deleted_objects]
    return rows


def _would_leave_gaps(delete, rows):
    """Delete `rows` with `delete()`, look for new gaps, and undo it all. A delete the database refuses
    (a protected link) leaves none: the admin's own page then says what stands in the way."""
    before = evidence_gaps(rows)
    try:
        with transaction.atomic():
            delete()
            gaps = new_gaps(before, rows)
            transaction.set_rollback(True)
    except (ProtectedError, RestrictedError):
        return []
    return gaps


class EvidenceGuardMixin(_ModelAdmin):
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EvidenceRefused as refused:
            # Rolled back by the admin's transaction: show the form again, as sent, with the refusal.
            request._evidence_refusal = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refused = getattr(request, "_evidence_refusal", None)
        if refused is None:
            return form

        def clean(self):
            raise forms.ValidationError(str(refused), code="evidence")

        return type(form.__name__, (form,), {"clean": clean})

    def _create_formsets(self, request, obj, change):
        # Django's private step that builds the inline formsets (stable since 1.x): kept for save_model.
        formsets, inline_instances = super()._create_formsets(request, obj, change)  # type: ignore[misc]
        request._evidence_formsets = formsets
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        # The row as stored too: a citation moved to another record leaves the first one to check.
        stored = type(obj)._base_manager.filter(pk=obj.pk).first() if change else None
        request._evidence_stored = stored
        # The gaps around what this save will write, as stored before it: not this save's doing.
        rows = [obj, stored] + [
            row.instance
            for formset in getattr(request, "_evidence_formsets", [])
            for row in formset.forms
            if row.has_changed() or row.instance.pk
        ]
        request._evidence_before = evidence_gaps(rows)
        super().save_model(request, obj, form, change)
        if getattr(request, "_evidence_restoring", False):  # a restore has no inlines: checked here
            self._refuse_new_gaps(request, [obj])

    def _refuse_new_gaps(self, request, rows):
        gaps = new_gaps(request._evidence_before, [*rows, request._evidence_stored])
        if gaps:
            raise EvidenceRefused(gaps)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring an earlier version (django-simple-history's page, which writes outside the
        admin's transaction): in one here, so that a refused restore is rolled back."""
        view = super().history_form_view  # type: ignore[misc]  # SimpleHistoryAdmin's, next in line
        if request.method != "POST":
            return view(request, object_id, version_id, extra_context)
        request._evidence_restoring = True
        try:
            with transaction.atomic():
                return view(request, object_id, version_id, extra_context)
        except EvidenceRefused as refused:
            request._evidence_refusal = refused
            return view(request, object_id, version_id, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._refuse_new_gaps(request, written_rows(form, formsets))


class EvidenceDeleteGuardMixin(_ModelAdmin):
    """For citations, whose deletion is the one that can take a record's last public evidence away
    (a record's own deletion takes its parts and citations with it; a cited source cannot be deleted)."""

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_delete_permission(request, obj):
                pk = obj.pk  # the tried delete leaves the instance without it
                gaps = _would_leave_gaps(lambda: self.delete_model(request, obj), [obj])
                if gaps:
                    self.message_user(request, str(EvidenceRefused(gaps)), messages.ERROR)
                    opts = self.opts
                    return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        entry = actions.get("delete_selected")
        if entry is not None:
            _function, name, description = entry
            actions["delete_selected"] = (checked_delete_selected, name, description)
        return actions


@admin.action(permissions=["delete"])  # as Django's own action
def checked_delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, not made when it would leave a gap."""
    if request.POST.get("post"):  # confirmed: about to delete
        rows = list(queryset)
        gaps = _would_leave_gaps(lambda: modeladmin.delete_queryset(request, queryset.all()), rows)
        if gaps:
            modeladmin.message_user(request, str(EvidenceRefused(gaps)), messages.ERROR)
            return None
    return delete_selected(modeladmin, request, queryset)
