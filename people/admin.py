from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cooperation.core.admin.base import (
    AlternateNameInline,
    CitationInline,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)
from cooperation.core.admin.forms import PartialDatesForm
from cooperation.core.admin.formsets import ConstraintCheckingInlineFormSet

from .models import Person, Position, Post


class PositionInline(admin.TabularInline):
    model = Position
    formset = ConstraintCheckingInlineFormSet
    form = PartialDatesForm
    fields = ("post", "start_date", "end_date", "attested_from", "attested_to")
    autocomplete_fields = ("post",)
    extra = 0
    show_change_link = True


@admin.register(Person)
class PersonAdmin(PublicRecordAdmin):
    list_display = ("name", "honorific", "given_name", "family_name")
    search_fields = ("name", "given_name", "family_name", "alternate_names__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("possibly_same_as",)
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
    list_display = ("person", "post", "start", "end", "first_attested", "last_attested")
    list_filter = ("post__organisation",)
    date_hierarchy = "start_date"
    search_fields = ("person__name", "post__title", "post__organisation__name")
    autocomplete_fields = ("person", "post")
    list_select_related = ("person", "post__organisation")
    start = partial_date_column("start", _("term start"), "start_date")

    def get_search_results(self, request, queryset, search_term):
        """In a participation's position picker, the positions of the participant chosen
        (static/js/position-picker.js sends their id)."""
        queryset, may_repeat = super().get_search_results(request, queryset, search_term)
        person = request.GET.get("person", "")
        if request.GET.get("field_name") == "position" and person.isascii() and person.isdigit() and len(person) < 19:
            queryset = queryset.filter(person_id=int(person))
        return queryset, may_repeat

    end = partial_date_column("end", _("term end"), "end_date")
    first_attested = partial_date_column("first_attested", _("first attested"), "attested_from")
    last_attested = partial_date_column("last_attested", _("last attested"), "attested_to")
