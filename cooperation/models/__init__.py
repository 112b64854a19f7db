"""Floor 1 of the data model: sources and citations, places, organisations, initiatives.

Nothing here imports people/ or events/: references to them are strings or generic relations.
"""

from .base import PublicationStatus, PublicRecord, PublicRecordQuerySet, Record
from .initiatives import Initiative, InitiativeKind, InitiativeParty, InitiativeStatus, PartyRole
from .organisations import Organisation, OrganisationKind, OrganisationRelation, RelationKind
from .places import Place, PlaceKind
from .sources import AlternateName, AlternateNameKind, Citation, Source, SourceKind
from .tokens import PartnerToken
from .versioning import DataVersion

__all__ = [
    "AlternateName",
    "AlternateNameKind",
    "Citation",
    "DataVersion",
    "Initiative",
    "InitiativeKind",
    "InitiativeParty",
    "InitiativeStatus",
    "Organisation",
    "OrganisationKind",
    "OrganisationRelation",
    "PartnerToken",
    "PartyRole",
    "Place",
    "PlaceKind",
    "PublicRecord",
    "PublicRecordQuerySet",
    "PublicationStatus",
    "Record",
    "RelationKind",
    "Source",
    "SourceKind",
]
