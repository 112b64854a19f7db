import functools
from pathlib import Path

from csp.decorators import csp_update
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


def docs_view(view):
    """The API's Swagger UI and Redoc pages, served from this site: scripts stay same-origin, but
    their stylesheets are injected inline and Redoc runs a worker from a blob."""
    return csp_update({"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(view)


REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# Whatever its options say, Redoc shows Redocly's logo at the foot of its menu, fetched from Redocly's
# CDN; an empty image instead fails to load, and Redoc then leaves the logo out (its link stays).
REDOCLY_LOGO = '"https://cdn.redoc.ly/redoc/logo-mini.svg"'
NO_IMAGE = '"data:,"'
SOURCE_MAP = "//# sourceMappingURL=redoc.standalone.js.map"


@functools.cache
def redoc_bundle() -> bytes:
    """drf-spectacular-sidecar's Redoc bundle without the logo from Redocly's CDN, its source map named
    where the static files are."""
    path = finders.find(REDOC_BUNDLE)
    if not isinstance(path, str):
        raise LookupError(f"No {REDOC_BUNDLE} among the static files: is drf-spectacular-sidecar installed?")
    script = Path(path).read_text(encoding="utf-8")
    script = script.replace(REDOCLY_LOGO, NO_IMAGE)
    script = script.replace(SOURCE_MAP, f"//# sourceMappingURL={static(REDOC_BUNDLE)}.map")
    return script.encode()


class PageOptionsMixin:
    """OPTIONS on a documentation page: the methods it takes. DRF would describe the view through its
    only renderer, an HTML template that has no name for that, and fail."""

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})  # type: ignore[attr-defined]


class SwaggerView(PageOptionsMixin, SpectacularSwaggerSplitView):
    """drf-spectacular's Swagger UI page (its settings in SPECTACULAR_SETTINGS)."""


class RedocView(PageOptionsMixin, SpectacularRedocView):
    """drf-spectacular's Redoc page, its script served by the view itself (`?script`): the sidecar's
    bundle, asking no other site for anything (`redoc_bundle`)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if request.GET.get("script") is not None:
            return HttpResponse(redoc_bundle(), content_type="application/javascript")
        response = super().get(request, *args, **kwargs)
        response.data["redoc_standalone"] = f"{request.path}?script"
        return response
