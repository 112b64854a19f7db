"""Helpers for tests that drive the admin as a browser would: post a page's forms as displayed."""

import html

from django.forms import BooleanField, ModelMultipleChoiceField, MultipleChoiceField
from django.urls import reverse


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
