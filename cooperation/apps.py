from django.apps import AppConfig, apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RECORD_APPS = ("cooperation", "people", "events")


def _owner_of(instance):
    """The public record a changed row is shown on: itself, a sub-record's parent, a citation's record."""
    from cooperation.models import AlternateName, Citation, PublicRecord

    if isinstance(instance, PublicRecord):
        return None  # its own updated_at has moved already
    if isinstance(instance, Citation | AlternateName):
        record = instance.content_type.get_object_for_this_type(pk=instance.object_id) if instance.object_id else None
        return _owner_of(record) or record if record is not None else None
    field = getattr(instance, "public_record_field", None)
    return getattr(instance, field, None) if field else None


def _record_changed(sender, instance=None, **kwargs):
    """Any write to a record moves the data version (Last-Modified), and touches the public record
    it is shown on, so that `updated_since` finds an event whose participants changed."""
    from cooperation.models import AlternateName, DataVersion, PublicRecord

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


def _migrated(sender, **kwargs):
    from cooperation.models import DataVersion
    from cooperation.roles import sync_roles

    DataVersion.bump()  # a deploy may change what responses hold
    sync_roles()  # new models get their permissions in each role


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation: sources, places, organisations, initiatives")

    def ready(self):
        from simple_history.models import HistoricalChanges

        # Connected to the record models only (not partner tokens, not the data version itself),
        # so that other models keep Django's fast bulk deletes.
        skip = {"cooperation.PartnerToken", "cooperation.DataVersion"}
        for model in apps.get_models():
            if model._meta.app_label not in RECORD_APPS or model._meta.label in skip:
                continue
            if issubclass(model, HistoricalChanges):  # history rows record changes; they are none
                continue
            for signal in (post_save, post_delete):
                signal.connect(_record_changed, sender=model, dispatch_uid=f"record-changed-{signal}-{model}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _record_changed, sender=field.remote_field.through, dispatch_uid=f"record-changed-{field}"
                )
        post_migrate.connect(_migrated, sender=self, dispatch_uid="data-version-migrated")
