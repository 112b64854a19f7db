"""What every write to a record sets off, whatever path it takes (admin, import, seed, command, shell).

- The data version moves on (the API's Last-Modified, caches and 304s key on it).
- The public record a changed part is shown on (a participation's event, a citation's record) is
  touched: its `updated_at` moves, so `updated_since` finds it, and its version, so an admin form
  opened on it before the change goes stale.
- A record's search key follows its alternate names.

Receivers are connected per registered model (see `watch`), so other models keep Django's fast
bulk deletes.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from cooperation.core.citations import AlternateName, Citation
from cooperation.core.records import PublicRecord
from cooperation.core.roles import sync_roles
from cooperation.core.versioning import DataVersion


def _owner_of(instance):
    """The public record a changed row is shown on: itself, a sub-record's parent, a citation's record."""
    if isinstance(instance, PublicRecord):
        return None  # its own updated_at has moved already
    if isinstance(instance, Citation | AlternateName):
        record = instance.content_type.get_object_for_this_type(pk=instance.object_id) if instance.object_id else None
        return _owner_of(record) or record if record is not None else None
    field = getattr(instance, "public_record_field", None)
    return getattr(instance, field, None) if field else None


def record_changed(sender, instance=None, **kwargs):
    """Any write to a record moves the data version (Last-Modified), and touches the public record
    it is shown on, so that `updated_since` finds an event whose participants changed."""
    DataVersion.bump()
    if instance is None:
        return
    try:
        owner = _owner_of(instance)
    except ObjectDoesNotExist:  # the record it belonged to is being deleted with it: nothing to touch
        owner = None
    if owner is not None and owner != instance:
        # A changed part (a participation, a citation) changes its record: an admin form on the
        # record opened before this goes stale, as it would for a change to the record itself.
        type(owner).objects.filter(pk=owner.pk).update(updated_at=timezone.now(), version=F("version") + 1)
    elif owner is not None:
        type(owner).objects.filter(pk=owner.pk).update(updated_at=timezone.now())
    if isinstance(instance, AlternateName) and isinstance(owner, PublicRecord):
        owner.refresh_search_key()  # also when names are deleted in bulk


def watch(model):
    """Connect `record_changed` to every write to `model` and to its many-to-many links."""
    for signal in (post_save, post_delete):
        signal.connect(record_changed, sender=model, dispatch_uid=f"record-changed-{signal}-{model._meta.label}")
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(record_changed, sender=field.remote_field.through, dispatch_uid=f"record-changed-{field}")


def migrated(sender, **kwargs):
    DataVersion.bump()  # a deploy may change what responses hold
    sync_roles()  # new models get their permissions in each role
