"""Floor 1's record types, and the evidence every record carries, as the registry knows them."""

from django.utils.translation import gettext_lazy as _

from cooperation.api.views import InitiativeViewSet, OrganisationViewSet, PlaceViewSet, SourceViewSet
from cooperation.core.citations import AlternateName, Citation
from cooperation.core.registry import RecordType, Seed
from cooperation.models import Initiative, InitiativeParty, Organisation, OrganisationRelation, Place, Source

RECORD_TYPES = [
    RecordType(
        Organisation,
        seed=Seed(section="organisations", order=20),
        position=3,
        api_prefix="organisations",
        viewset=OrganisationViewSet,
        list_url="cooperation:organisation-list",
        label=_("Organisations"),
        search_queryset=lambda: Organisation.objects.published().order_by("name", "pk"),
        key_figure=True,
    ),
    RecordType(
        Initiative,
        seed=Seed(section="initiatives", order=70),
        position=4,
        api_prefix="initiatives",
        viewset=InitiativeViewSet,
        list_url="cooperation:initiative-list",
        label=_("Initiatives"),
        search_queryset=lambda: Initiative.objects.published().newest_first(),
        key_figure=True,
    ),
    RecordType(
        Source,
        seed=Seed(section="sources", order=50),
        position=5,
        api_prefix="sources",
        viewset=SourceViewSet,
        list_url="cooperation:source-list",
        label=_("Sources"),
        search_queryset=lambda: Source.objects.published().select_related("publisher").newest_first(),
        key_figure=True,
    ),
    RecordType(
        Place,
        seed=Seed(section="places", order=10),
        position=6,
        api_prefix="places",
        viewset=PlaceViewSet,
        list_url="cooperation:place-list",
        label=_("Places"),
        search_queryset=lambda: Place.objects.published().order_by("name", "pk"),
    ),
    RecordType(
        OrganisationRelation,
        seed=Seed(section="relations", order=60, key=lambda item: f"{item['subject']}/{item['kind']}/{item['object']}"),
    ),
    RecordType(
        InitiativeParty,
        seed=Seed(
            nested_in=(Initiative, "parties", "initiative"),
            key=lambda item: f"{item['initiative']}/{item.get('organisation') or item.get('person')}/{item['role']}",
        ),
    ),
    RecordType(Citation),
    RecordType(AlternateName),
]
