"""Floor 1 of the data model: sources, places, organisations, initiatives.

Nothing here imports people/ or events/: references to them are strings or generic relations.
"""

# The record framework's own models belong to this app too: importing them here registers them.
from cooperation.core import (  # noqa: F401
    changes,
    citations,
    dump,
    proposals,
    reviews,
    revisions,
    tokens,
    versioning,
    vocabulary,
)
from cooperation.models.initiatives import Initiative, InitiativeKind, InitiativeParty, InitiativeStatus, PartyRole
from cooperation.models.organisations import Organisation, OrganisationKind, OrganisationRelation, RelationKind
from cooperation.models.places import Place, PlaceKind
from cooperation.models.sources import Source, SourceKind

__all__ = [
    "Initiative",
    "InitiativeKind",
    "InitiativeParty",
    "InitiativeStatus",
    "Organisation",
    "OrganisationKind",
    "OrganisationRelation",
    "PartyRole",
    "Place",
    "PlaceKind",
    "RelationKind",
    "Source",
    "SourceKind",
]
