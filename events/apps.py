from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and participations")

    def ready(self):
        from cooperation.core.registry import registry
        from events.records import RECORD_TYPES, SECTIONS

        registry.register(*RECORD_TYPES)
        registry.add_sections(*SECTIONS)
        post_migrate.connect(_install_tally, sender=self, dispatch_uid="events-tally-install")


def _install_tally(sender, using, **kwargs):
    """After every migrate (and flush): the tally of events, its table and its triggers (events/tally.py)."""
    from events import tally

    tally.install(using)
