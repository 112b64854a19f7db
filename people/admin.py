from django.contrib import admin

from cooperation.admin import AlternateNameInline, CitationInline, PublicRecordAdmin, RecordAdmin

from .models import Person, Position, Post


class PositionInline(admin.TabularInline):
    model = Position
    fields = (
        "post",
        "start_date",
        "start_date_precision",
        "end_date",
        "end_date_precision",
        "attested_from",
        "attested_to",
    )
    autocomplete_fields = ("post",)
    extra = 0
    show_change_link = True


@admin.register(Person)
class PersonAdmin(PublicRecordAdmin):
    list_display = ("name", "honorific", "given_name", "family_name", "publication")
    search_fields = ("name", "given_name", "family_name", "alternate_names__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (PositionInline, AlternateNameInline, CitationInline)


@admin.register(Post)
class PostAdmin(RecordAdmin):
    list_display = ("title", "organisation")
    list_filter = ("organisation__kind",)
    search_fields = ("title", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    list_display = ("person", "post", "start_date", "end_date", "attested_from", "attested_to")
    list_filter = ("post__organisation",)
    search_fields = ("person__name", "post__title", "post__organisation__name")
    autocomplete_fields = ("person", "post")
    list_select_related = ("person", "post__organisation")
