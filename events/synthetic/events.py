"""Generating events, their participants, and the sources that quote them."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools

from django.core.management.color import no_style
from django.db import connection
from django.utils.text import slugify

from cooperation.models import (
    Source,
)
from events.models import Event, EventStatus, Participation
from events.synthetic.base import DAY, FIRST_YEAR, LAST_YEAR, MONTH, REFERENCE_DAY, REFERENCE_PREFIX, SLUG_PREFIX, YEAR
from events.synthetic.vocabulary import EVENT_KINDS, ROLES, SOURCE_KINDS, THEMES, _on, _title, _weighted


class EventsMixin:
    """Events with their participants and the sources that quote them."""

    def event_dates(self):
        """Every event's start, sorted: more events in recent years, at year, month or day precision."""
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        cumulative = list(itertools.accumulate((year - FIRST_YEAR + 3) ** 1.3 for year in years))
        dates = []
        for _ in range(self.sizes.events):
            year = years[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]
            day = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
            roll = self.rng.random()
            precision = YEAR if roll < 0.1 else MONTH if roll < 0.3 else DAY
            if precision == YEAR:
                day = day.replace(month=1, day=1)
            elif precision == MONTH:
                day = day.replace(day=1)
            dates.append((day, precision))
        dates.sort()
        return dates

    def events_and_sources(self):
        """Events in sources: each source reports a run of events close in time, and quotes whatever
        else it supports. Sources are written in random order, so event ids follow no date order
        beyond a source's own events."""
        s, rng = self.sizes, self.rng
        dates = self.event_dates()
        order = list(range(s.sources))
        rng.shuffle(order)
        source_ids = list(self.ids(Source, s.sources))
        kinds = _weighted(EVENT_KINDS)
        roles = _weighted(ROLES)
        counts = [1, 2, 3, 4, 5, 6, 7, 8]
        count_weights = list(itertools.accumulate([10, 15, 20, 20, 15, 10, 5, 5]))
        scale = s.participants_per_event / 4.05  # the mean of the distribution above
        written = 0
        for position, chunk in enumerate(order):
            first, last = chunk * s.events // s.sources, (chunk + 1) * s.events // s.sources
            source_id = source_ids[position]
            sentences = []
            event_ids = list(self.ids(Event, last - first))
            previous = None
            for pk, (start, precision) in zip(event_ids, dates[first:last], strict=True):
                quote, cited, previous = self.event(
                    pk, start, precision, previous, kinds, roles, counts, count_weights, scale
                )
                sentences.append(quote)
                for model, object_id in cited:
                    self.t_citation.add(self.citation(source_id, model, object_id, quote))
            for cited, quote in self.citations_due.pop(chunk, []):
                sentences.append(quote)
                for model, object_id in cited:
                    self.t_citation.add(self.citation(source_id, model, object_id, quote))
            self.source(source_id, chunk, dates[first:last], sentences)
            written += last - first
            if self.writer.pending() >= 200_000:
                self.writer.flush()
                self.log(f"    {written:,} events")

    def citation(self, source_id, model, object_id, quote):
        return {
            "source_id": source_id,
            "content_type_id": self.content_types[model],
            "object_id": object_id,
            "field": "",
            "quote": quote[:500],
            "note": "",
            "created_at": self.now,
            "updated_at": self.now,
        }

    def event(self, pk, start, precision, previous, kinds, roles, counts, count_weights, scale):
        rng = self.rng
        kind = self.choice(kinds)
        parent = None
        place = self.cities[self.pick(self.city_weights)] if rng.random() < 0.85 else None
        if previous is not None and previous[1] is None and rng.random() < 0.05:
            # A part of the previous event (a meeting during a visit): same day and place.
            parent, start, precision, place = previous[0], previous[2], previous[3], previous[4]
        end = None
        end_precision = ""
        if precision == DAY and rng.random() < 0.15:
            end, end_precision = start + dt.timedelta(days=rng.randint(1, 4)), DAY
        if start >= REFERENCE_DAY:
            status = EventStatus.PLANNED.value if rng.random() < 0.9 else EventStatus.POSTPONED.value
        else:
            roll = rng.random()
            status = (
                EventStatus.HELD.value
                if roll < 0.93
                else EventStatus.CANCELLED.value
                if roll < 0.97
                else EventStatus.POSTPONED.value
            )
        # Participants: a person (the busiest most often), an organisation, or a group named as written.
        wanted = max(1, round(counts[bisect.bisect(count_weights, rng.random() * count_weights[-1])] * scale))
        people, organisations, named, participants, participation_ids = set(), set(), set(), [], []
        for _attempt in range(3 * wanted):  # a participant drawn twice is drawn again
            if len(participation_ids) == wanted:
                break
            roll = rng.random()
            role = self.choice(roles)
            person_id = organisation_id = on_behalf_of_id = position_id = None
            name = ""
            if roll < 0.65:
                person = self.persons[self.pick(self.person_weights)]
                if person.id in people:
                    continue
                people.add(person.id)
                person_id = person.id
                held = [p for p in person.positions if p[4] <= start and (p[5] is None or p[5] >= start)]
                if held:
                    position_id = held[0][0]
                    if rng.random() < 0.7:
                        on_behalf_of_id = held[0][1]
                elif rng.random() < 0.4:
                    on_behalf_of_id = self.orgs[self.pick(self.org_weights)].id
                participants.append(person.name)
            elif roll < 0.92:
                organisation = self.orgs[self.pick(self.org_weights)]
                if organisation.id in organisations:
                    continue
                organisations.add(organisation.id)
                organisation_id = organisation.id
                participants.append(organisation.name)
            else:
                country = self.place_names[rng.choice(self.countries)]
                name = rng.choice([f"Ambassadors of {country}", f"Students of {country}", f"Experts from {country}"])
                if (name, role) in named:
                    continue
                named.add((name, role))
                participants.append(name)
            participation = self.new_id(Participation)
            participation_ids.append(participation)
            self.t_participation.add(
                {
                    "id": participation,
                    **self.record(),
                    "event_id": pk,
                    "person_id": person_id,
                    "organisation_id": organisation_id,
                    "name": name,
                    "role": role,
                    "on_behalf_of_id": on_behalf_of_id,
                    "position_id": position_id,
                    "order": len(participation_ids),
                }
            )
        theme = rng.choice(THEMES)
        lead = participants[0] if participants else "the delegations"
        title = _title(
            kind, lead, participants[1] if len(participants) > 1 else None, theme, self.place_names.get(place)
        )
        location = (
            f"{self.place_names[place]}, {self.place_names[self.country_of[place]]}"
            if place
            else rng.choice(["online", ""])
        )
        description = (
            f"The {kind.replace('_', ' ')} brought together {', '.join(participants[:4]) or 'the partners'} "
            f"to discuss {theme} and {rng.choice(THEMES)}."
        )
        self.t_event.add(
            {
                "id": pk,
                **self.public(f"{SLUG_PREFIX}{slugify(title)[:90]}-{pk}", [title, description, location]),
                "title": title[:300],
                "kind": kind,
                "status": status,
                "start_date": start,
                "start_date_precision": precision,
                "end_date": end,
                "end_date_precision": end_precision,
                "place_id": place,
                "location_text": location,
                "parent_id": parent,
                "description": description,
            }
        )
        if rng.random() < 0.15:
            self.t_event_initiative.add(
                {"event_id": pk, "initiative_id": self.initiative_ids[self.pick(self.initiative_weights)]}
            )
        with_whom = ""
        if len(participants) > 2:
            with_whom = f", with {', '.join(participants[2:5])}"
        quote = (
            f"{_on(start, precision)}, {title[0].lower() + title[1:]}{' in ' + location if place else ''}{with_whom}."
        )
        return (
            quote[:500],
            [(Event, pk), *((Participation, p) for p in participation_ids)],
            (pk, parent, start, precision, place),
        )

    def source(self, pk, chunk, dates, sentences):
        rng = self.rng
        last_day = max((day for day, _ in dates), default=dt.date(2020, 1, 1))
        published_date, precision = (last_day, DAY) if rng.random() < 0.95 else (last_day.replace(day=1), MONTH)
        publisher = self.media[self.pick(self.zipf_media)] if self.media else None
        author = None
        author_name = ""
        if rng.random() < 0.6:
            author = self.persons[-1 - rng.randrange(min(len(self.persons), 500))]
            author_name = author.name
        title = (
            f"{publisher.name if publisher else 'Report'}: {sentences[0][:120].rstrip('.')}" if sentences else "Report"
        )
        reference = f"{REFERENCE_PREFIX}source-{chunk:07d}.txt"
        # Paragraphs of two or three sentences; every quote is one whole sentence of the text.
        paragraphs, paragraph = [], []
        for sentence in sentences:
            paragraph.append(sentence)
            if len(paragraph) >= rng.randint(2, 3):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        text = "\n\n".join(paragraphs) or "No text."
        self.t_source.add(
            {
                "id": pk,
                # Published, all: a draft source would leave the records it supports uncited.
                **self.public(f"{SLUG_PREFIX}source-{chunk:07d}", [title, author_name, reference], published=True),
                "kind": self.choice(SOURCE_KINDS),
                "title": title[:300],
                "publisher_id": publisher.id if publisher else None,
                "author_name": author_name,
                "author_id": author.id if author and rng.random() < 0.5 else None,
                "published_date": published_date,
                "published_date_precision": precision,
                "published_date_inferred": False,
                "language": rng.choice(["en"] * 8 + ["az", "ru"]),
                "text": text,
                "reference": reference,
                "url": f"https://news.example.org/{reference}" if rng.random() < 0.5 else "",
            }
        )

    @property
    def zipf_media(self):
        if not hasattr(self, "_zipf_media"):
            self._zipf_media = self.zipf(len(self.media))
        return self._zipf_media

    def reset_sequences(self):
        """On PostgreSQL, the tables' id sequences move past the ids written here."""
        statements = connection.ops.sequence_reset_sql(no_style(), [table.model for table in self.writer.tables])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
