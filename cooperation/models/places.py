"""Places: countries, regions, cities, districts and venues, nested in one another."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperation.core.records import (
    PublicRecord,
    not_own_parent_constraint,
    ordering_indexes,
    public_record_constraints,
    published_order_index,
)


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("country")
    REGION = "region", _("region")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    VENUE = "venue", _("venue")
    SITE = "site", _("site")


class Place(PublicRecord):
    """A country, region, city, district, venue or site, inside a parent place."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    # PROTECT: deleting a country or city must not take the venues inside it along.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    country_code = models.CharField(
        _("country code"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166-1 alpha-2 code, for countries."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "country_code", "description")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        permissions = [("publish_place", _("Can publish and unpublish places"))]
        ordering = ["name"]
        indexes = [
            published_order_index("coop_place_published_name", "name"),
            *ordering_indexes("coop_place", "kind", "updated_at"),
        ]
        constraints = [
            *public_record_constraints(),
            models.CheckConstraint(
                condition=Q(kind__in=PlaceKind.values),
                name="cooperation_place_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="cooperation_place_coordinates_valid",
                violation_error_message=_("Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."),
            ),
            not_own_parent_constraint(),
        ]

    def __str__(self):
        return self.name

    def lineage(self):
        """This place and the places containing it, innermost first (venue, city, country)."""
        place, seen = self, []
        while place is not None and place not in seen:
            seen.append(place)
            place = place.parent
        return seen
