"""People and their posts, as the registry knows them."""

from django.utils.translation import gettext_lazy as _

from cooperation.core.registry import RecordType, Section, Seed, filtered_list_url
from cooperation.models import Organisation
from people.api.views import PersonViewSet
from people.models import Person, Position, Post
from people.selectors import positions_at

RECORD_TYPES = [
    RecordType(
        Person,
        seed=Seed(section="people", order=40),
        position=2,
        api_prefix="people",
        viewset=PersonViewSet,
        list_url="people:person-list",
        label=_("People"),
        search_queryset=lambda: Person.objects.published().order_by("name", "pk"),
        key_figure=True,
    ),
    RecordType(Post, seed=Seed(section="posts", order=30, key=lambda item: item.pop("key"))),
    RecordType(
        Position,
        seed=Seed(
            nested_in=(Person, "positions", "person"),
            key=lambda item: f"{item['person']}/{item['post']}",
            # A participation names a position by its post's key, within the participant's positions.
            reference=lambda key, owner: f"{owner['person']}/{key}",
        ),
    ),
]

# What people/ adds to floor 1's pages.
SECTIONS = [
    Section(Organisation, "positions", positions_at, more=filtered_list_url("people:person-list", "organisation"))
]
