"""Admin for floor 1 (sources, places, organisations, initiatives) and for the evidence and partner
tokens of every record; the bases every app's admin shares are in cooperation.core.admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cooperation.core.admin.base import (
    CITE_QUOTE,
    CITE_SOURCE,
    RECORD_READONLY_FIELDS,
    AlternateNameInline,
    CitationForm,
    CitationInline,
    PartChangesAdminMixin,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)
from cooperation.core.admin.forms import PartialDatesForm, change_url
from cooperation.core.admin.formsets import (
    ConstraintCheckingInlineFormSet,
)
from cooperation.core.admin.guard import EvidenceDeleteGuardMixin, EvidenceGuardMixin
from cooperation.core.admin.picker import RecordField, links_named_in_labels
from cooperation.core.admin.revising import RevisingAdminMixin
from cooperation.core.citations import AlternateName, Citation, evidence_record_types
from cooperation.core.name_finder import names_in, sentence_with
from cooperation.core.proposals import Proposal
from cooperation.core.records import PublicationStatus
from cooperation.core.registry import registry
from cooperation.core.tokens import PartnerToken
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source


class SourceCitationForm(forms.ModelForm):
    """A citation added from its source's page: the passage, and the record it supports, searched
    among every record that takes evidence."""

    supports = RecordField(label=_("record it supports"))

    class Meta:
        model = Citation
        fields = ("supports", "field", "quote", "note")
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 50}), "note": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["supports"] = self.instance.record

    def clean(self):
        cleaned = super().clean()
        record = cleaned.get("supports")
        if record is not None:
            self.instance.content_type = ContentType.objects.get_for_model(record)
            self.instance.object_id = record.pk
        return cleaned


class SourceCitationInline(admin.TabularInline):
    """On a source's page: attach a quoted passage of it to the record the passage supports. The quote
    must be in the source's text exactly. Only new citations are edited here; the existing ones are
    listed below."""

    model = Citation
    form = SourceCitationForm
    formset = ConstraintCheckingInlineFormSet
    extra = 1
    verbose_name = _("new citation of this source")
    verbose_name_plural = _("new citations of this source: a quoted passage and the record it supports")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class ListedRowForm(forms.ModelForm):
    """A row shown, not edited (every field read-only; it may only be deleted): nothing of it is
    validated, so the source's own form reports a quote its new text would break."""

    def _post_clean(self):
        pass


class SourceCitationListInline(admin.TabularInline):
    """The citations of a source already made, with the records they support; removable here,
    changed on their own page."""

    model = Citation
    form = ListedRowForm
    fields = ("supported_record", "field", "quote")
    readonly_fields = fields
    extra = 0
    max_num = 0
    show_change_link = True
    verbose_name = _("citation of this source")
    verbose_name_plural = _("citations of this source")

    def get_queryset(self, request):
        records = [
            content_type.model_class()._default_manager.select_related(
                *links_named_in_labels(content_type.model_class())
            )
            for content_type in ContentType.objects.filter(evidence_record_types())
        ]
        return (
            super()
            .get_queryset(request)
            .select_related("content_type", "source__publisher")
            .prefetch_related(GenericPrefetch("record", records))
        )

    @admin.display(description=_("record it supports"))
    def supported_record(self, citation):
        record = citation.record
        if record is None:
            return "—"
        url = change_url(record, record.pk)
        return format_html('<a href="{}">{}</a> ({})', url, record, record._meta.verbose_name)


def named_types():
    """The kinds of record a name found in a text may become, each with the field that holds its name."""
    found = []
    for record_type in registry.page_types():
        model = record_type.model
        names = [f.name for f in model._meta.concrete_fields if f.name in ("name", "title")]
        if names and model is not Source:
            found.append((model, names[0]))
    return found


@admin.register(Source)
class SourceAdmin(PublicRecordAdmin):
    list_display = ("__str__", "kind", "publisher", "published", "language", "reference")
    list_filter = ("kind", "language", "published_date_inferred", "publication_status")
    search_fields = ("title", "reference", "author_name", "publisher__name", "alternate_names__name")
    date_hierarchy = "published_date"
    autocomplete_fields = ("publisher", "author")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = (*RECORD_READONLY_FIELDS, "names_in_text")
    inlines = (SourceCitationInline, SourceCitationListInline, AlternateNameInline)
    actions = ("publish", "unpublish", "unpublish_with_records")  # a source is not cited from sources
    published = partial_date_column("published_on", _("published"), "published_date")

    class Media:
        js = ("js/cite-selection.js",)  # "Quote the selected passage" under the text

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text" and field is not None:
            field.widget.attrs["data-cite-label"] = _("Quote the selected passage in a new citation")
        return field

    @admin.action(
        description=_("Unpublish the selected sources, and the records left without public evidence"),
        permissions=["publish"],
    )
    def unpublish_with_records(self, request, queryset):
        self._set_publication(request, queryset, PublicationStatus.DRAFT, also_unpublish=True)

    @admin.display(description=_("names in the text"))
    def names_in_text(self, source):
        """The records the text names (each linked to its admin page, once however many of its names
        it uses), then the names it uses that no record has yet: candidates for new records, each
        with links to create one, cited with the sentence that names it."""
        if not source.pk or not source.text:
            return _("Save the source with its text to see the names it mentions.")
        known, candidates = names_in(source.text, source=source)
        known_items = format_html_join(
            "",
            '<li><a href="{}">{}</a>{} — {} ({}×)</li>',
            (
                (
                    change_url(k.record, k.record.pk),
                    k.text,
                    format_html(" ({} {})", _("also"), "; ".join(k.also)) if k.also else "",
                    capfirst(type(k.record)._meta.verbose_name),
                    k.count,
                )
                for k in known
            ),
        )
        candidate_items = format_html_join(
            "",
            "<li>{} ({}×) {}</li>",
            ((name, count, self._create_links(source, name)) for name, count in candidates),
        )
        return format_html(
            '<div class="names-in-text"><p><strong>{}</strong></p><ul>{}</ul><p><strong>{}</strong></p><ul>{}</ul></div>',
            _("Records this text names:"),
            known_items or format_html("<li>{}</li>", _("none")),
            _("Names with no record yet (candidates for new records):"),
            candidate_items or format_html("<li>{}</li>", _("none")),
        )

    def _create_links(self, source, name):
        """Links to add a record of each kind called `name`, cited with the sentence of `source` that
        names it (PublicRecordAdmin fills the citation in)."""
        quote = sentence_with(source.text, name)
        links = []
        for model, name_field in named_types():
            query = urlencode({name_field: name, CITE_SOURCE: source.pk, CITE_QUOTE: quote})
            url = f"{reverse(f'admin:{model._meta.app_label}_{model._meta.model_name}_add')}?{query}"
            links.append((url, capfirst(model._meta.verbose_name)))
        return format_html(
            '<span class="create-record">{} {}</span>',
            _("create as:"),
            format_html_join(" · ", '<a href="{}">{}</a>', links),
        )


@admin.register(Citation)
class CitationAdmin(
    RevisingAdminMixin, EvidenceDeleteGuardMixin, EvidenceGuardMixin, PartChangesAdminMixin, admin.ModelAdmin
):
    form = CitationForm
    list_display = ("quote", "source", "content_type", "record", "field")
    list_filter = ("content_type", "source")
    search_fields = ("quote", "source__title", "source__reference")
    autocomplete_fields = ("source",)
    list_select_related = ("source", "content_type")


@admin.register(AlternateName)
class AlternateNameAdmin(RevisingAdminMixin, PartChangesAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "language", "content_type", "record")
    list_filter = ("kind", "language", "content_type")
    search_fields = ("name",)
    list_select_related = ("content_type",)


@admin.register(Place)
class PlaceAdmin(PublicRecordAdmin):
    list_display = ("name", "kind", "parent", "country_code", "latitude", "longitude")
    list_filter = ("kind", "publication_status")
    search_fields = ("name", "country_code", "alternate_names__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("parent",)


class OrganisationRelationInline(admin.TabularInline):
    model = OrganisationRelation
    formset = ConstraintCheckingInlineFormSet
    fk_name = "subject"
    form = PartialDatesForm
    fields = ("kind", "object", "start_date", "end_date", "note")
    autocomplete_fields = ("object",)
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(PublicRecordAdmin):
    list_display = ("name", "acronym", "kind", "parent", "country")
    list_filter = ("kind", "publication_status")
    search_fields = ("name", "acronym", "alternate_names__name")
    autocomplete_fields = ("parent", "country", "headquarters")
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("parent", "country")
    inlines = (OrganisationRelationInline, AlternateNameInline, CitationInline)


@admin.register(OrganisationRelation)
class OrganisationRelationAdmin(RecordAdmin):
    list_display = ("subject", "kind", "object", "start", "end")
    list_filter = ("kind",)
    date_hierarchy = "start_date"
    search_fields = ("subject__name", "object__name")
    autocomplete_fields = ("subject", "object")
    list_select_related = ("subject", "object")
    start = partial_date_column("start", _("since"), "start_date")
    end = partial_date_column("end", _("until"), "end_date")


class InitiativePartyInline(admin.TabularInline):
    model = InitiativeParty
    formset = ConstraintCheckingInlineFormSet
    fields = ("organisation", "person", "role")
    autocomplete_fields = ("organisation", "person")
    extra = 0
    show_change_link = True


@admin.register(Initiative)
class InitiativeAdmin(PublicRecordAdmin):
    list_display = ("title", "kind", "status", "start", "lead_organisation", "parent")
    list_filter = ("kind", "status", "publication_status")
    search_fields = ("title", "description", "alternate_names__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("lead_organisation", "parent", "places")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("lead_organisation", "parent")
    inlines = (InitiativePartyInline, AlternateNameInline, CitationInline)
    start = partial_date_column("start", _("start"), "start_date")


@admin.register(InitiativeParty)
class InitiativePartyAdmin(RecordAdmin):
    list_display = ("initiative", "organisation", "person", "role")
    list_filter = ("role",)
    search_fields = ("initiative__title", "organisation__name", "person__name")
    autocomplete_fields = ("initiative", "organisation", "person")
    list_select_related = ("initiative", "organisation", "person")


@admin.register(PartnerToken)
class PartnerTokenAdmin(admin.ModelAdmin):
    """Issue a token to a partner system (its key is shown once, on saving) and revoke it when needed."""

    list_display = ("partner", "key_prefix", "scope", "created_at", "issued_by", "last_used_at", "revoked_at")
    list_filter = ("scope", "revoked_at")
    search_fields = ("partner", "key_prefix")
    fields = (
        "partner",
        "note",
        "scope",
        "proposes_as",
        "key_prefix",
        "issued_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    autocomplete_fields = ("proposes_as",)
    readonly_fields = ("key_prefix", "issued_by", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        _token, key = PartnerToken.issue(token=obj, issued_by=request.user)
        message = _(
            "Token issued for %(partner)s. Give them this key now; it is not stored and cannot be shown again: %(key)s"
        )
        self.message_user(request, message % {"partner": obj.partner, "key": key}, messages.WARNING)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.active().update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count}, messages.SUCCESS)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """What partners proposed through the API, with the token and the answer each was given. Read only:
    reviewers act on a proposal in the review queue, as on an editor's change."""

    list_display = ("created_at", "token", "kind", "record", "status_code")
    list_filter = ("kind", "token")
    list_select_related = ("token",)
    fields = ("token", "kind", "record", "revision", "idempotency_key", "status_code", "answer", "created_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
