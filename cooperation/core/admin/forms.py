"""The admin's forms: one text input per partial date ("2027", "2027-06", "2027-06-14", its precision
inferred), safe concurrent editing, and the formats records are imported and exported in."""

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats.base_formats import CSV, JSON, XLSX

from cooperation.core.dates import PartialDate

IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]


PARTIAL_DATE_HELP = gettext_lazy("A year (2027), a month (2027-06) or a day (2027-06-14): as precise as the source.")


def precision_fields(model) -> set[str]:
    """The precision columns of the model's partial dates, which a form infers instead of asking."""
    return {f"{name}_precision" for name in getattr(model, "partial_dates", ())}


class PartialDateField(forms.CharField):
    """One input for a partial date: "2027", "2027-06" or "2027-06-14", its precision inferred."""

    default_error_messages = {
        "invalid": gettext_lazy("Enter a year (2027), a month (2027-06) or a day (2027-06-14)."),
    }

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:  # not of one of the three forms, or no such day (2027-02-30)
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PartialDatesForm(forms.ModelForm):
    """A record's form with one text input per partial date in place of a date and a precision."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in getattr(self._meta.model, "partial_dates", ()):
            if name not in self.fields:
                continue
            model_field = self._meta.model._meta.get_field(name)
            self.fields[name] = PartialDateField(
                label=capfirst(model_field.verbose_name),
                required=not model_field.blank,
                help_text=model_field.help_text or PARTIAL_DATE_HELP,
                widget=forms.TextInput(attrs={"size": 10, "placeholder": "2027-06-14"}),
            )
            stored = PartialDate.stored(getattr(self.instance, name), getattr(self.instance, f"{name}_precision"))
            self.initial[name] = stored.iso() if stored else ""

    def _post_clean(self):
        # Before the record is built from the form (whatever clean() did, even when it refused).
        for name in getattr(self._meta.model, "partial_dates", ()):
            if name in self.fields and name in self.cleaned_data:
                value = self.cleaned_data[name]
                self.cleaned_data[name] = value.date if value else None
                # Not a field of the form: set on the record itself, whose clean() then moves the
                # date to its period's first or last day.
                setattr(self.instance, f"{name}_precision", value.precision if value else "")
        super()._post_clean()  # type: ignore[misc]  # ModelForm's, which the type stubs leave out


class VersionCheckedForm(PartialDatesForm):
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


class PartialDatesAdminMixin(ModelAdminMixinBase):
    """For an admin (or an inline) of records with partial dates: one input each, no precision field."""

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name not in precision_fields(self.model)]
