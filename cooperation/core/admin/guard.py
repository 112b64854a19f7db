"""The one evidence rule (cooperation/core/evidence.py) on every write through the admin: a save, a
restore or a delete that would leave a public record or part without a citation from a published
source is refused, naming what would lack it, and nothing of it is kept.

Only new gaps count: those around the change that were not there before it (a database that
`verify_citations` finds clean has none to begin with). The rows the check reads are locked first,
so that two people changing the same evidence at once are checked one after the other.

- A form's save (with its inlines), or a restore of an earlier version: the gaps around what it
  writes are taken before (save_model) and after (save_related, or save_model for a restore, which
  has no inlines), inside the admin's transaction. When refused, the transaction is rolled back and
  the form is shown again, as filled in, with the refusal as its error.
- A citation's delete (its page or the bulk action): checked in the delete's transaction, rolled
  back when refused, with the refusal as a message.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from cooperation.core.admin.forms import ModelAdminMixinBase, change_url
from cooperation.core.evidence import evidence_gaps, lock, named, new_gaps


class EvidenceRefused(Exception):
    def __init__(self, gaps, *, deleting=False):
        self.gaps = gaps
        if deleting:
            message = _(
                "Not deleted: %(gaps)s would be public with no citation from a published source. Cite another "
                "published source for them first."
            )
        else:
            message = _(
                "Not saved: %(gaps)s would be public with no citation from a published source. Cite a published "
                "source for each first: a new participant, position or other part is added with its quote from its "
                "own “Add” page."
            )
        super().__init__(message % {"gaps": named(gaps)})


@dataclass
class _Check:
    """What one request's save carries from step to step (on the request, as `_evidence`)."""

    formsets: list = field(default_factory=list)
    stored: object = None  # the row as stored before the save
    before: list = field(default_factory=list)
    restoring: bool = False
    refused: EvidenceRefused | None = None


def _check(request) -> _Check:
    if not hasattr(request, "_evidence"):
        request._evidence = _Check()
    return request._evidence


def written_rows(form, formsets):
    """The rows a form's save wrote or deleted: the record and each inline row."""
    rows = [form.instance]
    for formset in formsets:
        rows += [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects), *formset.deleted_objects]
    return rows


class EvidenceGuardMixin(ModelAdminMixinBase):
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EvidenceRefused as refused:
            # Rolled back by the admin's transaction: the form again, as sent, with the refusal.
            _check(request).refused = refused
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Restoring an earlier version (django-simple-history's page, which writes outside the
        admin's transaction): in one here, so that a refused restore is rolled back."""
        view = super().history_form_view  # type: ignore[misc]  # SimpleHistoryAdmin's, next in line
        if request.method != "POST":
            return view(request, object_id, version_id, extra_context)
        _check(request).restoring = True
        try:
            with transaction.atomic():
                return view(request, object_id, version_id, extra_context)
        except EvidenceRefused as refused:
            _check(request).refused = refused
            return view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refused = _check(request).refused
        if refused is None:
            return form

        def clean(self):
            raise forms.ValidationError(str(refused), code="evidence")

        return type(form.__name__, (form,), {"clean": clean})

    def _create_formsets(self, request, obj, change):
        # Django's private step that builds the inline formsets (stable since 1.x): kept for save_model.
        formsets, inline_instances = super()._create_formsets(request, obj, change)  # type: ignore[misc]
        _check(request).formsets = formsets
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        check = _check(request)
        # The row as stored too: a citation moved to another record leaves the first one to check.
        check.stored = type(obj)._base_manager.filter(pk=obj.pk).first() if change else None
        rows = [obj, check.stored] + [
            row.instance for formset in check.formsets for row in formset.forms if row.has_changed() or row.instance.pk
        ]
        lock(rows)
        check.before = evidence_gaps(rows)  # around what this save will write, before it: not its doing
        super().save_model(request, obj, form, change)
        if check.restoring:  # a restore has no inlines: checked here
            self._refuse_new_gaps(request, [obj])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._refuse_new_gaps(request, written_rows(form, formsets))

    def _refuse_new_gaps(self, request, rows):
        check = _check(request)
        gaps = new_gaps(check.before, [*rows, check.stored])
        if gaps:
            raise EvidenceRefused(gaps)


class EvidenceDeleteGuardMixin(ModelAdminMixinBase):
    """For citations, whose deletion is the one that can take a record's last public evidence away
    (a record's own deletion takes its parts and citations with it; a cited source cannot be deleted)."""

    def delete_model(self, request, obj):
        self._delete_checked(lambda: super(EvidenceDeleteGuardMixin, self).delete_model(request, obj), [obj])

    def delete_queryset(self, request, queryset):
        rows = list(queryset)
        self._delete_checked(lambda: super(EvidenceDeleteGuardMixin, self).delete_queryset(request, queryset), rows)

    def _delete_checked(self, delete, rows):
        lock(rows)
        before = evidence_gaps(rows)
        delete()
        gaps = new_gaps(before, rows)
        if gaps:
            raise EvidenceRefused(gaps, deleting=True)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except EvidenceRefused as refused:  # rolled back by the admin's transaction
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(change_url(self.model, object_id))

    def get_actions(self, request):
        actions = super().get_actions(request)
        entry = actions.get("delete_selected")
        if entry is not None:
            _function, name, description = entry
            actions["delete_selected"] = (checked_delete_selected, name, description)
        return actions


@admin.action(permissions=["delete"])  # as Django's own action
def checked_delete_selected(modeladmin, request, queryset):
    """Django's bulk delete in one transaction, rolled back (before its success message) when refused."""
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except EvidenceRefused as refused:
        modeladmin.message_user(request, str(refused), messages.ERROR)
        return None
