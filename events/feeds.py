"""The Atom feed of events: the newest published events first, each linking to its page; in each
language of the site (/az/events/feed.atom, ...), the records' text in that language."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cooperation.core.visibility import public
from events.models import Event

FEED_SIZE = 50


class LatestEventsFeed(Feed):
    feed_type = Atom1Feed
    title = _("ICESCO–Azerbaijan cooperation: events")
    subtitle = _("Events of the cooperation between ICESCO and Azerbaijan, each traced to its sources.")

    def link(self):
        return reverse("events:event-list")

    def items(self):
        return (
            Event.objects.published()
            .select_related("place")
            .order_by(F("start_date").desc(nulls_last=True), "-pk")[:FEED_SIZE]
        )

    def item_title(self, event):
        return f"{event.start}: {event.title}" if event.start else event.title

    def item_description(self, event):
        parts = [event.get_kind_display().capitalize()]
        if place := public(event.place):
            parts.append(place.name)
        if event.description:
            parts.append(event.description)
        return " · ".join(parts)

    def item_guid(self, event):
        return f"urn:uuid:{event.uuid}"

    item_guid_is_permalink = False

    def item_updateddate(self, event):
        return event.updated_at

    def item_pubdate(self, event):
        return event.created_at

    def item_categories(self, event):
        return [event.kind]
