"""Choosing the record a citation supports, among every record that takes evidence, by typing part
of its name: the admin's own searchable select (select2, as its autocomplete fields use), fed by
`record_search` at /admin/records/search/.

A plain select would list every record of every type on every citation row (the source page was
2,665 px wide with 261 records, and would grow with the records); the search reads at most
RESULTS_PER_TYPE rows of each type, matched by each type's admin search fields, so it stays bounded
however many records there are. The value is "<content type id>:<id>", checked on save.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.core.citations import evidence_record_types, is_evidence_model

RESULTS_PER_TYPE = 8


def links_named_in_labels(model, depth=2):
    """The foreign keys a row's label may follow, two steps deep (a position's post's organisation),
    to fetch with it rather than one query a row."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.name != "content_type":
            paths.append(field.name)
            if depth > 1:
                paths += [f"{field.name}__{path}" for path in links_named_in_labels(field.related_model, depth - 1)]
    return paths


def record_key(record) -> str:
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def record_of_key(key):
    """The record that takes evidence named by "<content type id>:<id>", or None."""
    type_id, _sep, pk = str(key).partition(":")
    if not (type_id.isascii() and type_id.isdigit() and pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    try:
        model = ContentType.objects.get_for_id(int(type_id)).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not is_evidence_model(model):
        return None
    return model._default_manager.filter(pk=int(pk)).first()


class RecordPicker(forms.Select):
    """A searchable select of any record that takes evidence; only the chosen one is rendered."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "admin-autocomplete", "data-theme": "admin-autocomplete", **(attrs or {})})

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.update(
            {
                "data-ajax--url": reverse("record-search"),
                "data-ajax--cache": "true",
                "data-ajax--delay": 250,
                "data-ajax--type": "GET",
                "data-allow-clear": "true",
                "data-placeholder": _("Type part of its name"),
                "data-minimum-input-length": 2,
                "data-width": "20em",
            }
        )
        return attrs

    def optgroups(self, name, value, attrs=None):
        chosen = record_of_key(value[0]) if value and value[0] else None
        options = [self.create_option(name, "", "", not chosen, 0)]
        if chosen is not None:
            label = f"{capfirst(chosen._meta.verbose_name)}: {chosen}"
            options.append(self.create_option(name, value[0], label, True, 1))
        return [(None, options, 0)]

    @property
    def media(self):
        return AutocompleteSelect(None, admin.site).media  # the admin's select2, its language and its set-up


class RecordField(forms.CharField):
    """The record a citation supports: a record that takes evidence, as "<content type id>:<id>"."""

    widget = RecordPicker
    default_error_messages = {"invalid": gettext_lazy("Choose the record this passage supports from the list.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        record = record_of_key(value)
        if record is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return record

    def prepare_value(self, value):
        return record_key(value) if hasattr(value, "_meta") else value


def record_search(request):
    """Records that take evidence whose admin search matches `term`, grouped by type, at most
    RESULTS_PER_TYPE of each, for select2: {"results": [{"text": type, "children": [...]}]}."""
    term = request.GET.get("term", "").strip()
    groups = []
    if len(term) >= 2:
        for content_type in ContentType.objects.filter(evidence_record_types()).order_by("app_label", "model"):
            model = content_type.model_class()
            if model is None:
                continue
            model_admin = admin.site._registry.get(model)
            if model_admin is None or not model_admin.has_view_permission(request):
                continue
            rows = model._default_manager.select_related(*links_named_in_labels(model)).order_by("-pk")
            rows, may_repeat = model_admin.get_search_results(request, rows, term)
            if may_repeat:  # matched through several alternate names
                rows = rows.distinct()
            found = [{"id": f"{content_type.pk}:{row.pk}", "text": str(row)} for row in rows[:RESULTS_PER_TYPE]]
            if found:
                groups.append({"text": capfirst(model._meta.verbose_name_plural), "children": found})
    return JsonResponse({"results": groups, "pagination": {"more": False}})
