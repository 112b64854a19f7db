from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and their posts")

    def ready(self):
        from cooperation.core.registry import registry
        from people.records import RECORD_TYPES, SECTIONS

        registry.register(*RECORD_TYPES)
        registry.add_sections(*SECTIONS)
