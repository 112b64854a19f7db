"""Every named database constraint of the records is exercised by some test: a constraint added
without a test that violates it fails this guard, with its name.
"""

import re
from pathlib import Path

from django.apps import apps
from django.db.models import CheckConstraint, UniqueConstraint

RECORD_APPS = ("cooperation", "people", "events")
TESTS = Path(__file__).resolve().parents[1]


def test_every_constraint_of_the_records_is_named_in_some_test():
    # Meta.constraints holds the final names, after %(app_label)s_%(class)s interpolation.
    names = {
        constraint.name
        for app_label in RECORD_APPS
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint | UniqueConstraint)
    }
    test_sources = "\n".join(
        path.read_text(encoding="utf-8") for path in TESTS.rglob("*.py") if path.resolve() != Path(__file__).resolve()
    )

    untested = sorted(name for name in names if not re.search(rf"\b{name}\b", test_sources))

    assert len(names) > 50
    assert untested == []
