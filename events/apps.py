from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and participations")

    def ready(self):
        from cooperation.core.registry import registry
        from events.records import RECORD_TYPES, SECTIONS

        registry.register(*RECORD_TYPES)
        registry.add_sections(*SECTIONS)
