from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export import fields

from cooperation.core.admin.base import (
    AlternateNameInline,
    CitationInline,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)
from cooperation.core.admin.formsets import ConstraintCheckingInlineFormSet
from cooperation.core.admin.resources import record_resource

from .models import Event, Participation

# The position picker offers the positions of the participant chosen (static/js/position-picker.js).
POSITION_PICKER = forms.Media(
    js=[
        "admin/js/vendor/jquery/jquery.js",
        "admin/js/jquery.init.js",
        "admin/js/autocomplete.js",
        "js/position-picker.js",
    ]
)


class ParticipationInline(admin.TabularInline):
    model = Participation
    formset = ConstraintCheckingInlineFormSet
    fields = ("order", "person", "organisation", "name", "role", "on_behalf_of", "position")
    autocomplete_fields = ("person", "organisation", "on_behalf_of", "position")
    extra = 0
    show_change_link = True

    @property
    def media(self):
        return super().media + POSITION_PICKER


class SubEventInline(admin.TabularInline):
    """The event's parts, listed with links; a sub-event is added as an event with this one as its parent."""

    model = Event
    fk_name = "parent"
    fields = ("title", "kind", "status", "start", "publication_status")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("sub-event")
    verbose_name_plural = _("sub-events")


_EventResource = record_resource(Event)


class EventExportResource(_EventResource):
    """An event as exported: its own columns, then who took part, in order: "Name (role); ..."."""

    participants = fields.Field(column_name="participants", readonly=True)

    class Meta(_EventResource.Meta):  # type: ignore[name-defined]  # built by record_resource
        fields = (*_EventResource.Meta.fields, "participants")
        export_order = fields

    def dehydrate_participants(self, event):
        return "; ".join(f"{p.participant_name} ({p.get_role_display()})" for p in event.participations.all())


@admin.register(Event)
class EventAdmin(PublicRecordAdmin):
    list_display = ("title", "kind", "status", "start", "place", "parent")
    list_filter = ("kind", "status", "publication_status")
    search_fields = ("title", "description", "location_text", "alternate_names__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("place", "parent", "initiatives")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("place", "parent")
    inlines = (ParticipationInline, SubEventInline, AlternateNameInline, CitationInline)
    start = partial_date_column("start", _("date"), "start_date")

    def get_export_resource_classes(self, request):
        """The events with who took part in them, and the translations' spreadsheet."""
        own = record_resource(Event)
        return [EventExportResource if resource is own else resource for resource in self.get_resource_classes(request)]

    def get_export_queryset(self, request):
        participations = Participation.objects.select_related("person", "organisation")
        return super().get_export_queryset(request).prefetch_related(Prefetch("participations", participations))


@admin.register(Participation)
class ParticipationAdmin(RecordAdmin):
    list_display = ("event", "participant_name", "role", "on_behalf_of", "position")
    list_filter = ("role",)
    search_fields = ("event__title", "person__name", "organisation__name", "name")
    autocomplete_fields = ("event", "person", "organisation", "on_behalf_of", "position")
    list_select_related = ("event", "person", "organisation", "on_behalf_of", "position__post")

    @property
    def media(self):
        return super().media + POSITION_PICKER
