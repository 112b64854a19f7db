"""Helpers for tests that drive the admin as a browser would: post a page's forms as displayed, and
import and export files through its import and export pages (django-import-export)."""

import csv
import html
import io

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BooleanField, ModelMultipleChoiceField, MultipleChoiceField
from django.urls import reverse

from cooperation.admin import SourceCitationInline


def form_values(form):
    """What a browser submits for an unbound form as rendered: each field's initial value."""
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            value = [] if isinstance(bound.field, ModelMultipleChoiceField | MultipleChoiceField) else ""
        data[bound.html_name] = [str(item) for item in value] if isinstance(value, list | tuple) else value
    return data


def change_form_post(response):
    """The POST of a change page saved as displayed: main form, inline management forms, existing rows."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= form_values(inline.formset.management_form)
        for form in inline.formset.initial_forms:
            data |= form_values(form)
    return data


def inline_prefix(response, model):
    """The form prefix of the change page's inline for `model`, as the page renders it."""
    (prefix,) = [
        inline.formset.prefix for inline in response.context["inline_admin_formsets"] if inline.formset.model is model
    ]
    return prefix


def add_inline_rows(data, prefix, *rows):
    """Append new rows to one inline of a change-form POST, after its existing rows."""
    first = int(data[f"{prefix}-TOTAL_FORMS"])
    for index, row in enumerate(rows, start=first):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = first + len(rows)
    return data


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_url(record):
    return admin_url(type(record), "change", record.pk)


def body(response):
    return html.unescape(response.content.decode())


# --- A source's citations -------------------------------------------------------------------------


def inline_of(response, inline_class):
    """The rendered inline formset of the page's inline of class `inline_class`."""
    (inline,) = [
        inline for inline in response.context["inline_admin_formsets"] if isinstance(inline.opts, inline_class)
    ]
    return inline


def supports(record):
    """The value of the "record it supports" choice for `record`."""
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def attach_citation(client, source, row, **source_changes):
    """Post the source's change page with one new citation row (and any changes to the source)."""
    page = client.get(change_url(source))
    assert page.status_code == 200
    data = change_form_post(page) | source_changes
    prefix = inline_of(page, SourceCitationInline).formset.prefix
    return client.post(change_url(source), add_inline_rows(data, prefix, {"field": "", "note": ""} | row))


# --- The import and export pages ---------------------------------------------------------------

# The columns of an events file as staff write one.
EVENT_COLUMNS = [
    "slug",
    "title",
    "kind",
    "status",
    "start_date",
    "start_date_precision",
    "end_date",
    "end_date_precision",
    "place",
    "initiatives",
    "description",
    "publication_status",
]


def export_resource(model):
    """The resource the model's admin exports with (an event's adds its participants)."""
    return admin.site._registry[model].get_export_resource_classes(None)[0]


def format_choices(form):
    """{format title: value posted for it} of an import or export form."""
    return {label: value for value, label in form.fields["format"].choices if value}


def csv_upload(rows, columns=EVENT_COLUMNS, name="events.csv"):
    """A CSV file as a spreadsheet saves it: a header row, then one line per row (missing cells empty)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def preview(client, model, upload, title="csv"):
    """Post a file to the model's import page: the preview (or the errors) of importing it."""
    page = client.get(admin_url(model, "import"))
    assert page.status_code == 200
    data = {"resource": "0", "format": format_choices(page.context["form"])[title], "import_file": upload}
    response = client.post(admin_url(model, "import"), data)
    assert response.status_code == 200
    return response


def confirm(client, model, preview_response):
    """Confirm an import as the preview's form does: post its hidden fields to process_import."""
    confirm_form = preview_response.context["confirm_form"]
    action = admin_url(model, "process_import")
    assert f'action="{action}"' in preview_response.content.decode()
    return client.post(action, {name: confirm_form.initial[name] for name in confirm_form.fields})


def import_types(result):
    return [row.import_type for row in result.rows]


def snapshot(model):
    """Every row of `model` as stored: each concrete column, and each many-to-many link as sorted ids."""
    rows = []
    for record in model._default_manager.order_by("pk"):
        row = {field.attname: getattr(record, field.attname) for field in model._meta.concrete_fields}
        for field in model._meta.many_to_many:
            row[field.name] = sorted(getattr(record, field.name).values_list("pk", flat=True))
        rows.append(row)
    return rows


def row_messages(result):
    """(row number, message) for every row at fault, whether an error or a failed validation."""
    messages = [(number, str(error.error)) for number, errors in result.row_errors() for error in errors]
    for row in result.invalid_rows:
        messages += [(row.number, message) for message in row.error.messages]
    return messages


def export_through_admin(client, model, title):
    """Post the admin's export form with every column ticked; the downloaded file."""
    page = client.get(admin_url(model, "export"))
    form = page.context["form"]
    data = {"resource": "0", "format": format_choices(form)[title]}
    data |= {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    response = client.post(admin_url(model, "export"), data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response.content
