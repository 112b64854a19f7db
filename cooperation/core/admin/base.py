"""The admin's bases every app shares: evidence inlines on every record, identity fields read-only,
history with restore, a refused stale save, the draft state visible in every list, editors' changes
to published records kept for review, publishing for reviewers under the one evidence rule, import
and export.
"""

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from cooperation.core.admin.forms import (
    IMPORT_EXPORT_FORMATS,
    ModelAdminMixinBase,
    PartialDatesAdminMixin,
    VersionCheckedAdminMixin,
    change_url,
)
from cooperation.core.admin.formsets import ConstraintCheckingGenericInlineFormSet
from cooperation.core.admin.guard import EvidenceGuardMixin, EvidenceRefused
from cooperation.core.admin.history import RESTORED, record_history, restore_as_of, states_at
from cooperation.core.admin.resources import record_resource, translations_resource
from cooperation.core.admin.revising import RevisingAdminMixin, keeping_public_changes
from cooperation.core.admin.translations import TranslationsAdminMixin
from cooperation.core.citations import AlternateName, Citation, citable_field_names, source_model
from cooperation.core.evidence import evidence_gaps, lock, named, new_gaps
from cooperation.core.parts import part_changed, shown_on
from cooperation.core.publication import set_publication
from cooperation.core.records import PublicationStatus
from cooperation.core.roles import may_publish, translates_only
from cooperation.core.translation import translated_fields
from cooperation.core.web.preview import preview_url

RECORD_READONLY_FIELDS = ("uuid", "created_at", "updated_at")


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = ("source", "content_type", "object_id", "field", "quote", "note")
        # A text area, so that a passage spanning a line break can be pasted as it stands.
        widgets = {"quote": forms.Textarea(attrs={"rows": 4, "cols": 60}), "note": forms.Textarea(attrs={"rows": 2})}


class CitedFieldForm(CitationForm):
    """A citation on its record's page: the field it supports chosen among the record's
    (`field_choices`, set per record type); an older value stays as it was cited."""

    field_choices: ClassVar[list] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(self.field_choices)
        stored = self.instance.field
        if stored and stored not in dict(choices):
            choices.append((stored, stored))
        self.fields["field"] = forms.ChoiceField(label=_("field"), choices=choices, required=False)


def partial_date_column(attribute, description, ordering):
    """A list column showing a partial date at its precision ("1991", not "Jan. 1, 1991")."""

    @admin.display(description=description, ordering=ordering)
    def column(self, obj):
        return getattr(obj, attribute) or "—"

    return column


def field_choices(model):
    """The fields of `model` a citation may single out, by their labels, after "the whole record"."""
    names = citable_field_names(model)
    fields = [f for f in model._meta.get_fields() if f.name in names and f.name not in NOT_CITED]
    return [("", _("the record as a whole")), *sorted((f.name, capfirst(f.verbose_name)) for f in fields)]


# Bookkeeping, not facts: nothing a source says.
NOT_CITED = {"uuid", "created_at", "updated_at", "version", "search_key", "publication_status", "note", "slug"}


# A new record's citation, filled in from the address (a name found in a source: its source and sentence).
CITE_SOURCE, CITE_QUOTE = "cite_source", "cite_quote"


class CitationInline(GenericTabularInline):
    """The quotes that support a record: each validated as verbatim in its source on save; the field
    it supports chosen among the record's."""

    model = Citation
    form = CitationForm
    formset = ConstraintCheckingGenericInlineFormSet  # type: ignore[assignment]  # a generic inline's formset; the stubs' base wants a FK one
    fields = ("source", "field", "quote", "note")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = _("citation (quoted evidence)")
    verbose_name_plural = _("citations (quoted evidence)")

    def get_extra(self, request, obj=None, **kwargs):
        # A new record made from a name in a source: one row, filled in (PublicRecordAdmin).
        return 1 if obj is None and CITE_QUOTE in request.GET else self.extra

    def get_formset(self, request, obj=None, **kwargs):
        form = type("CitationForm", (CitedFieldForm,), {"field_choices": field_choices(self.parent_model)})
        return super().get_formset(request, obj, form=form, **kwargs)


class AlternateNameInline(GenericTabularInline):
    model = AlternateName
    formset = ConstraintCheckingGenericInlineFormSet  # type: ignore[assignment]  # as above
    fields = ("name", "kind", "language", "note")
    extra = 0


class PartChangesAdminMixin(ModelAdminMixinBase):
    """Every save and delete through the admin (a form, an inline, a bulk delete, a history restore)
    tells the record a changed part is shown on (cooperation.core.parts)."""

    def save_model(self, request, obj, form, change):
        stored = type(obj)._base_manager.filter(pk=obj.pk).first() if change else None
        was_on = shown_on(stored) if stored is not None else None  # before the change moved it
        super().save_model(request, obj, form, change)
        part_changed(obj, was_on=was_on)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        part_changed(obj)

    def delete_queryset(self, request, queryset):
        parts = list(queryset)
        super().delete_queryset(request, queryset)
        for part in parts:
            part_changed(part)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for part in [
            *formset.new_objects,
            *(obj for obj, _fields in formset.changed_objects),
            *formset.deleted_objects,
        ]:
            part_changed(part)


class RecordAdmin(
    RevisingAdminMixin,
    TranslationsAdminMixin,
    EvidenceGuardMixin,
    PartChangesAdminMixin,
    PartialDatesAdminMixin,
    VersionCheckedAdminMixin,
    SimpleHistoryAdmin,
):
    """Base for every record: identity read-only, one input per partial date, citations inline,
    history with restore, a save
    refused when someone else saved the record after the form was opened, and any save or delete
    refused that would leave a public record or part without public evidence."""

    inlines: ClassVar[tuple[type[InlineModelAdmin], ...]] = (CitationInline,)
    readonly_fields = RECORD_READONLY_FIELDS
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    object_history_template = "admin/record_history.html"
    object_history_list_template = "admin/record_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        """The history of the whole record: its own changes and its parts', in changesets."""
        if not str(object_id).isdigit():
            raise Http404  # not an id (django-simple-history would fail on it)
        record = self.model._base_manager.filter(pk=object_id).first()
        changesets = record_history(record) if record is not None else None  # a deleted one: its own rows
        return super().history_view(request, object_id, {**(extra_context or {}), "changesets": changesets})

    def get_urls(self):
        opts = self.model._meta
        restore = path(
            "<path:object_id>/history/restore/",
            self.admin_site.admin_view(self.restore_whole_view),
            name=f"{opts.app_label}_{opts.model_name}_restore_whole",
        )
        return [restore, *super().get_urls()]

    def restore_whole_view(self, request, object_id):
        """Restore the record and everything shown with it as they were after a changeset of its
        history (POST "at": the changeset's time): like any change, kept for review when an editor
        restores a published record, refused when it would leave something public without evidence."""
        record = self.get_object(request, object_id)
        if record is None:
            raise Http404
        if request.method != "POST" or not self.has_change_permission(request, record):
            raise PermissionDenied
        history = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[record.pk])
        at = _version_time(request.POST.get("at", ""))
        states = states_at(record, at) if at is not None else []
        # A time of the record's own history (the page's buttons): not before it existed, nor to come.
        if not states or states[0][2] is None:
            self.message_user(request, _("Choose the version to restore in the history."), messages.ERROR)
            return HttpResponseRedirect(history)

        def restore():
            try:
                with transaction.atomic():
                    rows = [record, *(row for _model, _pk, row in states if row is not None)]
                    lock(rows)
                    before = evidence_gaps(rows)
                    gaps = new_gaps(before, restore_as_of(record, at))
                    if gaps:
                        raise EvidenceRefused(gaps)
            except EvidenceRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
                return HttpResponseRedirect(history)
            except ProtectedError as protected:  # a part made since is still referred to
                self.message_user(
                    request,
                    _("Not restored: %(rows)s, made since, is still referred to by %(others)s.")
                    % {
                        "rows": named(list(protected.protected_objects)[:1]),
                        "others": named(protected.protected_objects),
                    },
                    messages.ERROR,
                )
                return HttpResponseRedirect(history)
            self.message_user(
                request,
                _("“%(record)s” is restored as it was on %(when)s, with its parts and citations.")
                % {"record": record, "when": formats.date_format(timezone.localtime(at), "DATETIME_FORMAT")},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url(record, record.pk))

        return self._as_revision(request, object_id, restore)

    def save_model(self, request, obj, form, change):
        if getattr(request, "_restoring", False):
            obj._change_reason = RESTORED  # the history labels the change so
        super().save_model(request, obj, form, change)


class PublicRecordAdmin(ImportExportMixin, RecordAdmin):
    """Base for records with pages: slug from the name, drafts visible at a glance, published and
    unpublished by reviewers only, imported and exported as CSV, Excel or JSON."""

    inlines = (AlternateNameInline, CitationInline)
    list_filter = ("publication_status",)
    actions = ("publish", "publish_with_sources", "unpublish")
    formats = IMPORT_EXPORT_FORMATS

    def get_list_display(self, request):
        """The record, then its publication (drafts in capitals), then the rest: the state is seen
        without scrolling, however many columns follow and however narrow the window."""
        first, *rest = super().get_list_display(request)
        return (first, "publication", *(column for column in rest if column != "publication"))

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A new record made from a name in a source (its "create as" links) comes with its citation
        filled in: that source, and the sentence that names it."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if request.method == "GET" and isinstance(inline, CitationInline) and CITE_QUOTE in request.GET:
            source = request.GET.get(CITE_SOURCE, "")
            kwargs["initial"] = [{"source": source if source.isdigit() else None, "quote": request.GET[CITE_QUOTE]}]
        return kwargs

    def process_import(self, request, **kwargs):
        """An import's confirmed step: for an editor or translator, each published record it changes is
        kept as a change for review (cooperation/core/admin/revising.py)."""
        view = super().process_import
        return keeping_public_changes(request, lambda: view(request, **kwargs))

    def view_on_site(self, obj):
        """The record's public page; a draft's as a preview (cooperation/core/web/preview.py)."""
        return preview_url(obj)

    @admin.display(description=_("publication"), ordering="publication_status")
    def publication(self, obj):
        label = obj.get_publication_status_display()
        return label if obj.is_published else format_html("<strong>{}</strong>", label.upper())

    def get_resource_classes(self, request=None):
        """The record's own columns; for a translated type, then its translations' spreadsheet (all a
        translator may import)."""
        translated = translated_fields(self.model)
        translations = [translations_resource(self.model)] if translated else []  # type: ignore[arg-type]  # hashable
        if request is not None and translates_only(request.user):
            return translations
        return [record_resource(self.model), *translations]  # type: ignore[arg-type]  # mypy: type[Any] is not Hashable (it is)

    def has_import_permission(self, request):
        translator = translates_only(request.user) and bool(translated_fields(self.model))
        return super().has_import_permission(request) or (translator and self.has_change_permission(request))

    def has_publish_permission(self, request, obj=None):
        return may_publish(request.user, self.model)

    def save_model(self, request, obj, form, change):
        if change and not self.has_publish_permission(request, obj):
            # Restoring an old version, too, leaves the publication as a reviewer last set it.
            # A deleted record restored by an editor comes back as a draft.
            stored = type(obj)._default_manager.filter(pk=obj.pk).values_list("publication_status", flat=True)
            obj.publication_status = stored.first() or PublicationStatus.DRAFT
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Editors save drafts; only reviewers change what is public.
        if self.has_publish_permission(request, obj) or "publication_status" in fields:
            return fields
        return (*fields, "publication_status")

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request, queryset):
        self._set_publication(request, queryset, PublicationStatus.PUBLISHED)

    @admin.action(
        description=_("Publish the selected records, and the draft sources they are cited from"),
        permissions=["publish_with_sources"],
    )
    def publish_with_sources(self, request, queryset):
        self._set_publication(request, queryset, PublicationStatus.PUBLISHED, with_sources=True)

    @admin.action(description=_("Unpublish the selected records (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_publication(request, queryset, PublicationStatus.DRAFT)

    def has_publish_with_sources_permission(self, request, obj=None):
        return self.has_publish_permission(request, obj) and may_publish(request.user, source_model())

    def _set_publication(self, request, queryset, status, **options):
        result = set_publication(queryset, status, reason=f"{status} by {request.user}", **options)
        if result.changed:
            self.message_user(
                request,
                _("%(count)d record(s) set to %(status)s.")
                % {"count": len(result.changed), "status": PublicationStatus(status).label},
                messages.SUCCESS,
            )
        for others, message in [
            (result.sources_published, _("Published with them, as their evidence: %(records)s.")),
            (result.also_unpublished, _("Unpublished too, as they had no other public evidence: %(records)s.")),
        ]:
            if others:
                self.message_user(request, message % {"records": named(others)}, messages.SUCCESS)
        for refusal in result.refused:
            self.message_user(request, refusal_message(refusal.record, refusal.gaps, status), messages.ERROR)


def _version_time(value):
    """The time of a version chosen in the history (ISO 8601, with its offset), or None."""
    try:
        at = parse_datetime(value)
    except ValueError:
        return None
    if at is None or timezone.is_naive(at) or at > timezone.now():
        return None
    return at


def refusal_message(record, gaps, status=None, advice_given=None):
    """What a refused change would have left without public evidence, and what to do (`advice_given`,
    or the actions of the record's list)."""
    if status == PublicationStatus.DRAFT:
        what = _("“%(record)s” was left published: it is the only public evidence of %(gaps)s.")
        advice = _(
            "Cite another published source for them, or use “Unpublish the selected sources, and the records "
            "left without public evidence”."
        )
    else:
        what = _("“%(record)s” was not changed: %(gaps)s would be public with no citation from a published source.")
        advice = _(
            "Cite a published source for each (or use “Publish the selected records, and the draft sources "
            "they are cited from”), or keep them drafts."
        )
    return f"{what % {'record': record, 'gaps': named(gaps)}} {advice_given or advice}"
