"""The staff roles, as groups with their permissions: kept in step with the models after every
migrate, and by `manage.py sync_roles`.

- Editors change the records: add, change and view every record; delete the parts of records
  (citations, alternate names, posts, positions, participations, relations, parties), not whole records.
- Reviewers do what editors do, publish and unpublish, and delete records.
- Administrators may do everything, including managing staff accounts and partner tokens.
- Translators view every record and change the translations of translated records only (their
  az, ar and ru texts: cooperation/core/translation.py); a change to a published record is kept
  for review like an editor's. They add, delete and publish nothing.

Staff accounts in no group can sign in to the admin but see and change nothing.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cooperation.core.registry import registry
from cooperation.core.translation import translated_fields

EDITORS, REVIEWERS, ADMINISTRATORS, TRANSLATORS = "Editors", "Reviewers", "Administrators", "Translators"


def may_publish(user, model) -> bool:
    """Whether `user` may publish and unpublish records of `model` (its publish_<model> permission)."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def translates_only(user) -> bool:
    """Whether `user` may change records' translations and nothing else (a translator who holds no
    other role). Kept on the user object for the request."""
    if not hasattr(user, "_translates_only"):
        groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._translates_only = (
            TRANSLATORS in groups and not user.is_superuser and not groups & {EDITORS, REVIEWERS, ADMINISTRATORS}
        )
    return user._translates_only


def record_models():
    """The models staff keep: every registered record type (not the history tables, which the
    history writes, never staff)."""
    return registry.models()


def _is_whole_record(model):
    return hasattr(model, "publication_status")


def role_permissions():
    """{group name: set of (app_label, codename)}."""
    editors, reviewers, translators = set(), set(), set()
    for model in record_models():
        app, name = model._meta.app_label, model._meta.model_name
        editors |= {(app, f"{action}_{name}") for action in ("view", "add", "change")}
        translators.add((app, f"view_{name}"))
        if translated_fields(model):
            translators.add((app, f"change_{name}"))
        if not _is_whole_record(model):
            editors.add((app, f"delete_{name}"))
        reviewers.add((app, f"delete_{name}"))
        if _is_whole_record(model):
            reviewers.add((app, f"publish_{name}"))
    everything = set(Permission.objects.values_list("content_type__app_label", "codename"))
    return {EDITORS: editors, REVIEWERS: editors | reviewers, ADMINISTRATORS: everything, TRANSLATORS: translators}


@transaction.atomic
def sync_roles():
    """Create the groups if missing and give each exactly its role's permissions."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    by_key = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type")
    }
    for name, keys in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([by_key[key] for key in keys if key in by_key])
