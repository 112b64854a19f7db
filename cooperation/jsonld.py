"""Floor 1's records as schema.org JSON-LD, for search engines and other machines."""

from cooperation.core.translation import json_ld_context, tagged
from cooperation.core.web.jsonld import json_ld


def organisation_json_ld(request, context):
    """The organisation as schema.org JSON-LD, for search engines and other machines."""
    organisation = context["organisation"]
    data = {
        "@context": json_ld_context(),
        "@type": "Organization",
        "name": tagged(organisation, "name"),
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
        "alternateName": [name.name for name in context["alternate_names"]],
        "subOrganization": [
            {
                "@type": "Organization",
                "name": tagged(child, "name"),
                "url": request.build_absolute_uri(child.get_absolute_url()),
            }
            for child in context["children"]
        ],
    }
    if context["parent"]:
        data["parentOrganization"] = {"@type": "Organization", "name": tagged(context["parent"], "name")}
    return json_ld(data)
