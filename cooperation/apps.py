from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

RECORD_APPS = ("cooperation", "people", "events")


def _bump_data_version(sender, **kwargs):
    from cooperation.models import DataVersion

    if sender is not DataVersion and sender._meta.app_label in RECORD_APPS:
        DataVersion.bump()


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation: sources, places, organisations, initiatives")

    def ready(self):
        # Any write to a record (or to a many-to-many link between records) moves the data version,
        # so that Last-Modified and cached API responses are never stale. Bulk updates that bypass
        # signals must call DataVersion.bump() themselves.
        for signal in (post_save, post_delete):
            signal.connect(_bump_data_version, dispatch_uid=f"data-version-{signal}")
        for model in apps.get_models():
            for field in model._meta.local_many_to_many:
                if model._meta.app_label in RECORD_APPS:
                    m2m_changed.connect(
                        _bump_data_version, sender=field.remote_field.through, dispatch_uid=f"data-version-{field}"
                    )
