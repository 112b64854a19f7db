"""The admin's safe concurrent editing, and the formats records are imported and exported in."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, JSON, XLSX

IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]


class VersionCheckedForm(forms.ModelForm):
    """Carries the version of the record the editor opened; saving is refused if the record has been
    saved since, so the second of two editors is told instead of overwriting the first's work."""

    # Not named "version": that is the model's own (not editable) field.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # From the database, not the instance: a history view's form holds an old version's instance.
            current = self._current_version(lock=False)
            self.initial["opened_version"] = current if current is not None else self.instance.version

    def _current_version(self, *, lock):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            # Held until the request's transaction ends, so two saves cannot both pass the check.
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        # A form's clean() may return None (Django then keeps cleaned_data as it is).
        cleaned = super().clean() or self.cleaned_data
        if self.instance.pk:
            current = self._current_version(lock=True)
            if current is not None and cleaned.get("opened_version") != current:
                raise ValidationError(self._stale_message(), code="stale")
        return cleaned

    def _stale_message(self):
        last = self.instance.history.select_related("history_user").first()
        who = str(last.history_user) if last and last.history_user else _("someone else")
        when = formats.date_format(timezone.localtime(last.history_date), "DATETIME_FORMAT") if last else ""
        return _(
            "%(who)s saved this record (%(when)s) after you opened it. Your changes were not saved, so that "
            "theirs are not overwritten: open the record again to see it as it is now, then make your changes again."
        ) % {"who": who, "when": when}


def change_url(model, pk) -> str:
    """The admin page of the record `pk` of `model` (a model or one of its rows)."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


if TYPE_CHECKING:  # the admin mixins only ever sit on a ModelAdmin: give the type checker that base
    ModelAdminMixinBase = admin.ModelAdmin
else:
    ModelAdminMixinBase = object


class VersionCheckedAdminMixin(ModelAdminMixinBase):
    """For a ModelAdmin of records with a `version` (which every save moves on): the form checks it."""

    form = VersionCheckedForm
