from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cooperation.admin import AlternateNameInline, CitationInline, PublicRecordAdmin, RecordAdmin

from .models import Event, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = ("order", "person", "organisation", "name", "role", "on_behalf_of", "position")
    autocomplete_fields = ("person", "organisation", "on_behalf_of", "position")
    extra = 0
    show_change_link = True


class SubEventInline(admin.TabularInline):
    model = Event
    fk_name = "parent"
    fields = ("title", "kind", "status", "start_date", "start_date_precision")
    extra = 0
    show_change_link = True
    verbose_name = _("sub-event")
    verbose_name_plural = _("sub-events")


@admin.register(Event)
class EventAdmin(PublicRecordAdmin):
    list_display = ("title", "kind", "status", "start_date", "place", "parent", "publication")
    list_filter = ("kind", "status", "publication_status")
    search_fields = ("title", "description", "location_text", "alternate_names__name")
    date_hierarchy = "start_date"
    autocomplete_fields = ("place", "parent", "initiatives")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("place", "parent")
    inlines = (ParticipationInline, SubEventInline, AlternateNameInline, CitationInline)


@admin.register(Participation)
class ParticipationAdmin(RecordAdmin):
    list_display = ("event", "participant_name", "role", "on_behalf_of", "position")
    list_filter = ("role",)
    search_fields = ("event__title", "person__name", "organisation__name", "name")
    autocomplete_fields = ("event", "person", "organisation", "on_behalf_of", "position")
    list_select_related = ("event", "person", "organisation", "on_behalf_of", "position__post")
