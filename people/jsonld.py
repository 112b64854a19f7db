"""People as schema.org JSON-LD, for search engines and other machines."""

from cooperation.core.translation import json_ld_context, tagged
from cooperation.core.web.jsonld import json_ld


def person_json_ld(request, context):
    """The person, their other names and the posts they held."""
    person, positions = context["person"], context["positions"]
    data = {
        "@context": json_ld_context(),
        "@type": "Person",
        "name": tagged(person, "name"),
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "alternateName": [name.name for name in context["alternate_names"]],
        "jobTitle": list(dict.fromkeys(f"{p.post.title}, {p.post.organisation.name}" for p in positions)),
    }
    return json_ld(data)
