"""Inline formsets that check every database rule before saving, so a bad inline row is a form
error, never a server error.

Django's own inline validation skips the constraints that involve the parent (it is not a form
field) and cannot see two new rows that duplicate each other. These formsets validate each row's
constraints with the parent set, and compare the submitted rows with one another.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import F, Field, Model, Q, UniqueConstraint
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.translation import gettext as _


def _referenced_fields(expression):
    """Field names an expression of a UniqueConstraint reads (F("person") inside Coalesce, ...)."""
    if isinstance(expression, F):
        return [expression.name]  # type: ignore[attr-defined]  # F sets .name in __init__; django-stubs omit it
    return [name for source in expression.get_source_expressions() for name in _referenced_fields(source)]


def _condition_holds(condition, instance):
    """Evaluate a constraint's condition on an unsaved instance: plain and `__isnull` look-ups only."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_condition_holds(child, instance))
            continue
        lookup, expected = child
        name, _, operator = lookup.partition("__")
        value = getattr(instance, instance._meta.get_field(name).attname)
        if operator == "isnull":
            results.append((value is None) == expected)
        elif not operator:
            results.append(value == expected)
        else:  # a look-up this evaluator does not know: let the database decide
            return True
    holds = all(results) if condition.connector == Q.AND else any(results)
    return not holds if condition.negated else holds


def _unique_key(constraint, instance):
    """The values that must differ between two rows under `constraint`, or None if it does not apply."""
    if constraint.condition is not None and not _condition_holds(constraint.condition, instance):
        return None
    names = list(constraint.fields) or [name for e in constraint.expressions for name in _referenced_fields(e)]
    key = tuple(getattr(instance, instance._meta.get_field(name).attname) for name in names)
    # Rows with an empty (NULL) field never clash, as in the database (a translation not yet written);
    # the expressions' fields (Coalesce("person", 0)) are compared as the database compares them.
    if constraint.fields and constraint.nulls_distinct is not False and None in key:
        return None
    return key


if TYPE_CHECKING:  # the mixin only ever sits on a model formset: give the type checker that base

    class _ModelFormSet(BaseModelFormSet):
        model: type[Model]  # always set by the formset factories

        # Private Django API that django-stubs omit.
        def _should_delete_form(self, form: Any) -> bool: ...
        def _construct_form(self, i: int, **kwargs: Any) -> Any: ...

else:
    _ModelFormSet = object


class ConstraintCheckingFormSetMixin(_ModelFormSet):
    def clean(self):
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.is_bound
            and not form.errors
            and form.has_changed()
            and not (self.can_delete and self._should_delete_form(form))
        ]
        for form in rows:
            try:
                form.instance.validate_constraints()
            except ValidationError as error:
                form.add_error(None, error)
        self._reject_duplicate_rows([form for form in rows if not form.errors])

    def _reject_duplicate_rows(self, rows):
        constraints = [c for c in self.model._meta.constraints if isinstance(c, UniqueConstraint)]
        for constraint in constraints:
            seen = set()
            for form in rows:
                key = _unique_key(constraint, form.instance)
                if key is None:
                    continue
                if key in seen:
                    form.add_error(
                        None, constraint.violation_error_message or _("This row repeats another row of this list.")
                    )
                seen.add(key)


class ConstraintCheckingInlineFormSet(ConstraintCheckingFormSetMixin, BaseInlineFormSet):
    """For foreign-key inlines: Django already sets the parent on each row before validation."""


class ConstraintCheckingGenericInlineFormSet(ConstraintCheckingFormSetMixin, BaseGenericInlineFormSet):
    """For citations and alternate names: the record they attach to is set before validation."""

    # Set on the class by generic_inlineformset_factory.
    ct_field: Field
    ct_fk_field: Field
    for_concrete_model: bool

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        content_type = ContentType.objects.get_for_model(self.instance, for_concrete_model=self.for_concrete_model)
        setattr(form.instance, self.ct_field.get_attname(), content_type.pk)
        setattr(form.instance, self.ct_fk_field.get_attname(), self.instance.pk)
        return form
