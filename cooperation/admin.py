"""Admin for floor 1, and the bases every app's admin shares: evidence inlines on every record,
identity fields read-only, the draft state visible in every list.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_formsets import ConstraintCheckingGenericInlineFormSet, ConstraintCheckingInlineFormSet
from .models import (
    AlternateName,
    Citation,
    Initiative,
    InitiativeParty,
    Organisation,
    OrganisationRelation,
    PartnerToken,
    Place,
    Source,
)

RECORD_READONLY_FIELDS = ("uuid", "created_at", "updated_at")


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = ("source", "content_type", "object_id", "field", "quote", "note")
        # A text area, so that a passage spanning a line break can be pasted as it stands.
        widgets = {"quote": forms.Textarea(attrs={"rows": 2, "cols": 60})}


def partial_date_column(attribute, description, ordering):
    """A list column showing a partial date at its precision ("1991", not "Jan. 1, 1991")."""

    @admin.display(description=description, ordering=ordering)
    def column(self, obj):
        return getattr(obj, attribute) or "—"

    return column


class CitationInline(GenericTabularInline):
    """The quotes that support a record: each validated as verbatim in its source on save."""

    model = Citation
    form = CitationForm
    formset = ConstraintCheckingGenericInlineFormSet
    fields = ("source", "field", "quote", "note")
    autocomplete_fields = ("source",)
    extra = 0
    verbose_name = _("citation (quoted evidence)")
    verbose_name_plural = _("citations (quoted evidence)")


class AlternateNameInline(GenericTabularInline):
    model = AlternateName
    formset = ConstraintCheckingGenericInlineFormSet
    fields = ("name", "kind", "language", "note")
    extra = 0


class RecordAdmin(admin.ModelAdmin):
    """Base for every record: identity read-only, citations inline."""

    inlines = (CitationInline,)
    readonly_fields = RECORD_READONLY_FIELDS
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PublicRecordAdmin(RecordAdmin):
    """Base for records with pages: slug from the name, drafts visible at a glance."""

    inlines = (AlternateNameInline, CitationInline)
    list_filter = ("publication_status",)

    @admin.display(description=_("publication"), ordering="publication_status")
    def publication(self, obj):
        label = obj.get_publication_status_display()
        return label if obj.is_published else format_html("<strong>{}</strong>", label.upper())


@admin.register(Source)
class SourceAdmin(PublicRecordAdmin):
    list_display = ("__str__", "kind", "publisher", "published", "language", "reference", "publication")
    list_filter = ("kind", "language", "published_date_inferred", "publication_status")
    search_fields = ("title", "reference", "author_name", "publisher__name")
    date_hierarchy = "published_date"
    autocomplete_fields = ("publisher", "author")
    prepopulated_fields = {"slug": ("title",)}
    inlines = ()
    published = partial_date_column("published_on", _("published"), "published_date")


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    form = CitationForm
    list_display = ("quote", "source", "content_type", "record", "field")
    list_filter = ("content_type", "source")
    search_fields = ("quote", "source__title", "source__reference")
    autocomplete_fields = ("source",)
    list_select_related = ("source", "content_type")


@admin.register(AlternateName)
class AlternateNameAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "language", "content_type", "record")
    list_filter = ("kind", "language", "content_type")
    search_fields = ("name",)
    list_select_related = ("content_type",)


@admin.register(Place)
class PlaceAdmin(PublicRecordAdmin):
    list_display = ("name", "kind", "parent", "country_code", "latitude", "longitude", "publication")
    list_filter = ("kind", "publication_status")
    search_fields = ("name", "country_code", "alternate_names__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ("parent",)


class OrganisationRelationInline(admin.TabularInline):
    model = OrganisationRelation
    formset = ConstraintCheckingInlineFormSet
    fk_name = "subject"
    fields = ("kind", "object", "start_date", "start_date_precision", "end_date", "end_date_precision", "note")
    autocomplete_fields = ("object",)
    extra = 0
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(PublicRecordAdmin):
    list_display = ("name", "acronym", "kind", "parent", "country", "publication")
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
    list_display = ("title", "kind", "status", "start", "lead_organisation", "parent", "publication")
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

    list_display = ("partner", "key_prefix", "created_at", "issued_by", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("partner", "key_prefix")
    fields = ("partner", "note", "key_prefix", "issued_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "issued_by", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key = obj.set_new_key()
        obj.issued_by = request.user
        super().save_model(request, obj, form, change)
        message = _(
            "Token issued for %(partner)s. Give them this key now; it is not stored and cannot be shown again: %(key)s"
        )
        self.message_user(request, message % {"partner": obj.partner, "key": key}, messages.WARNING)

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = queryset.active().update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count}, messages.SUCCESS)
