"""The staff roles, as groups with their permissions: kept in step with the models after every
migrate, and by `manage.py sync_roles`.

- Editors change the records: add, change and view every record; delete the parts of records
  (citations, alternate names, posts, positions, participations, relations, parties), not whole records.
- Reviewers do what editors do, publish and unpublish, and delete records.
- Administrators may do everything, including managing staff accounts and partner tokens.

Staff accounts in no group can sign in to the admin but see and change nothing.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cooperation.core.registry import registry

EDITORS, REVIEWERS, ADMINISTRATORS = "Editors", "Reviewers", "Administrators"


def may_publish(user, model) -> bool:
    """Whether `user` may publish and unpublish records of `model` (its publish_<model> permission)."""
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def record_models():
    """The models staff keep: every registered record type (not the history tables, which the
    history writes, never staff)."""
    return registry.models()


def _is_whole_record(model):
    return hasattr(model, "publication_status")


def role_permissions():
    """{group name: set of (app_label, codename)}."""
    editors, reviewers = set(), set()
    for model in record_models():
        app, name = model._meta.app_label, model._meta.model_name
        editors |= {(app, f"{action}_{name}") for action in ("view", "add", "change")}
        if not _is_whole_record(model):
            editors.add((app, f"delete_{name}"))
        reviewers.add((app, f"delete_{name}"))
        if _is_whole_record(model):
            reviewers.add((app, f"publish_{name}"))
    everything = set(Permission.objects.values_list("content_type__app_label", "codename"))
    return {EDITORS: editors, REVIEWERS: editors | reviewers, ADMINISTRATORS: everything}


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
