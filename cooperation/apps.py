from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "cooperation"
    verbose_name = _("Cooperation: sources, places, organisations, initiatives")

    def ready(self):
        from cooperation.core import checks, signals  # noqa: F401  (checks registers the registry's checks)
        from cooperation.core.registry import registry
        from cooperation.records import RECORD_TYPES

        registry.register(*RECORD_TYPES)
        post_migrate.connect(signals.migrated, sender=self, dispatch_uid="data-version-migrated")
