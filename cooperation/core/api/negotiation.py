from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    """Like DRF's, but an unknown ?format= is 406 Not Acceptable (DRF answers 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if requested and not any(renderer.format == requested for renderer in renderers):
            formats = ", ".join(renderer.format for renderer in renderers)
            raise exceptions.NotAcceptable(
                _("Unknown format “%(format)s”. This resource is available as: %(formats)s.")
                % {"format": requested[:40], "formats": formats}
            )
        return super().select_renderer(request, renderers, format_suffix)
