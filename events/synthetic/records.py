"""Generating the records events refer to: places, organisations, people, initiatives."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.text import slugify

from cooperation.core.citations import AlternateNameKind
from cooperation.core.dates import period_end
from cooperation.models import (
    Initiative,
    InitiativeKind,
    InitiativeParty,
    InitiativeStatus,
    Organisation,
    OrganisationKind,
    OrganisationRelation,
    PartyRole,
    Place,
    PlaceKind,
    RelationKind,
)
from events.synthetic.base import DAY, LAST_YEAR, MONTH, SLUG_PREFIX, YEAR
from events.synthetic.vocabulary import (
    ADJECTIVES,
    COUNTRY_CODES,
    FAMILY_NAMES,
    FIELDS,
    GIVEN_NAMES,
    HONORIFICS,
    MEDIA_WORDS,
    ORGANISATION_KINDS,
    POST_TITLES,
    REGION_SUFFIXES,
    THEMES,
    _ascii,
    _Organisation,
    _Person,
    _weighted,
)
from people.models import Person, Position, Post


class RecordsMixin:
    """Places, organisations (with their posts and relations), people (with their positions) and initiatives."""

    def places(self):
        s, rng = self.sizes, self.rng
        self.countries, self.cities, self.regions = [], [], []
        self.place_names = {}
        self.place_parent = {}
        ids = iter(self.ids(Place, s.places))
        for c in range(s.countries):
            country = next(ids)
            name = f"{self.word(2).capitalize()}ia"
            code = COUNTRY_CODES[c % len(COUNTRY_CODES)]
            transliteration = _ascii(name)
            names = [transliteration] if transliteration != name else []
            self.add_place(
                country, name, PlaceKind.COUNTRY, None, code, None, f"{name}, a country.", names, published=True
            )
            self.countries.append(country)
            for r in range(s.regions_per_country):
                region = next(ids)
                region_name = f"{REGION_SUFFIXES[r % len(REGION_SUFFIXES)]} {name}"
                self.add_place(region, region_name, PlaceKind.REGION, country, "", None, f"A region of {name}.", [])
                self.regions.append(region)
                for _ in range(s.cities_per_region):
                    city = next(ids)
                    city_name = self.word(rng.randint(2, 3)).capitalize()
                    names = []
                    if rng.random() < 0.3 and _ascii(city_name) != city_name:
                        names.append(_ascii(city_name))
                    coordinates = None
                    if rng.random() < 0.7:
                        coordinates = (
                            Decimal(f"{rng.uniform(-60, 70):.6f}"),
                            Decimal(f"{rng.uniform(-170, 170):.6f}"),
                        )
                    description = f"A city in {region_name}, {name}."
                    self.add_place(city, city_name, PlaceKind.CITY, region, "", coordinates, description, names)
                    self.cities.append(city)
        self.country_of = {}
        for place in self.place_names:
            top = place
            while self.place_parent.get(top):
                top = self.place_parent[top]
            self.country_of[place] = top
        self.city_weights = self.zipf(len(self.cities))

    def add_place(self, pk, name, kind, parent, code, coordinates, description, names, *, published=None):
        latitude, longitude = coordinates or (None, None)
        self.t_place.add(
            {
                "id": pk,
                **self.public(
                    f"{SLUG_PREFIX}{slugify(name)}-{pk}", [name, code, description], names, published=published
                ),
                "name": name,
                "kind": kind.value,
                "parent_id": parent,
                "country_code": code,
                "latitude": latitude,
                "longitude": longitude,
                "description": description,
            }
        )
        for alternate in names:
            self.alternate_name(Place, pk, alternate, "en", AlternateNameKind.TRANSLITERATION.value)
        self.place_names[pk] = name
        self.place_parent[pk] = parent
        self.cite([(Place, pk)], f"{name} is {'a country' if parent is None else 'in ' + self.place_names[parent]}.")

    def organisations(self):
        s, rng = self.sizes, self.rng
        self.orgs: list[_Organisation] = []
        kinds = _weighted(ORGANISATION_KINDS)
        ids = list(self.ids(Organisation, s.organisations))
        ministries: list[_Organisation] = []
        for index, pk in enumerate(ids):
            # The first organisations are the busiest (Zipf): make them intergovernmental bodies and states.
            if index < 2:
                kind = OrganisationKind.INTERGOVERNMENTAL.value
            elif index < 2 + min(len(self.countries), s.organisations // 10):
                kind = OrganisationKind.STATE.value
            else:
                kind = self.choice(kinds)
            country = rng.choice(self.countries) if kind != OrganisationKind.INTERGOVERNMENTAL.value else None
            city = rng.choice(self.cities)
            country_name = self.place_names[country] if country else ""
            field_name = rng.choice(FIELDS)
            parent = None
            acronym = ""
            if kind == OrganisationKind.INTERGOVERNMENTAL.value:
                adjective = ADJECTIVES[index % len(ADJECTIVES)]
                name = f"{adjective} Organisation for {field_name}, Science and Culture"
                acronym = "".join(w[0] for w in name.replace(",", "").split() if w[0].isupper())
            elif kind == OrganisationKind.STATE.value:
                country = self.countries[(index - 2) % len(self.countries)]
                country_name = self.place_names[country]
                name = f"Republic of {country_name}"
            elif kind == OrganisationKind.MINISTRY.value:
                name = f"Ministry of {field_name} of {country_name}"
                acronym = "M" + "".join(w[0] for w in field_name.split() if w[0].isupper())
            elif kind == OrganisationKind.DEPARTMENT.value and ministries:
                parent_org = rng.choice(ministries)
                parent, country = parent_org.id, parent_org.country
                name = f"Department of {rng.choice(THEMES).capitalize()}, {parent_org.name}"
            elif kind == OrganisationKind.EDUCATIONAL.value:
                name = f"{self.place_names[city]} State University of {field_name}"
                acronym = "".join(w[0] for w in name.split() if w[0].isupper())
            elif kind == OrganisationKind.MEDIA.value:
                name = f"{self.place_names[city]} {rng.choice(MEDIA_WORDS)}"
            elif kind == OrganisationKind.FOUNDATION.value:
                name = f"{rng.choice(FAMILY_NAMES)} Foundation for {field_name}"
            elif kind == OrganisationKind.ACADEMY.value:
                name = f"{country_name} Academy of {field_name}"
            elif kind == OrganisationKind.REGIONAL_OFFICE.value and self.orgs:
                parent = self.orgs[0].id
                name = f"{self.orgs[0].name} Regional Office in {self.place_names[city]}"
            else:
                kind = kind if kind != OrganisationKind.DEPARTMENT.value else OrganisationKind.OTHER.value
                kind = kind if kind != OrganisationKind.REGIONAL_OFFICE.value else OrganisationKind.OTHER.value
                name = f"{self.word(2).capitalize()} Centre for {rng.choice(THEMES).capitalize()}"
            published = index < 10 or rng.random() >= self.drafts
            founded, precision = self.date(1920, 2024, shares=(0.5, 0.2)) if rng.random() < 0.6 else (None, "")
            description = f"{name} works on {rng.choice(THEMES)} and {rng.choice(THEMES)}."
            names = [acronym] if acronym and rng.random() < 0.5 else []
            if rng.random() < 0.1:
                names.append(_ascii(name) if _ascii(name) != name else f"{name} (former name)")
            names = list(dict.fromkeys(names))
            self.t_organisation.add(
                {
                    "id": pk,
                    **self.public(
                        f"{SLUG_PREFIX}{slugify(name)[:90]}-{pk}",
                        [name, acronym, description],
                        names,
                        published=published,
                    ),
                    "name": name[:300],
                    "acronym": acronym[:30],
                    "kind": kind,
                    "parent_id": parent,
                    "country_id": country,
                    "headquarters_id": city,
                    "website": f"https://org{pk}.example.org/" if rng.random() < 0.5 else "",
                    "description": description,
                    "founded_date": founded,
                    "founded_date_precision": precision,
                }
            )
            for alternate in names:
                kind_of_name = AlternateNameKind.ACRONYM if alternate == acronym else AlternateNameKind.FORMER_NAME
                self.alternate_name(Organisation, pk, alternate, "", kind_of_name.value)
            organisation = _Organisation(pk, name, kind, country, published)
            self.orgs.append(organisation)
            if kind == OrganisationKind.MINISTRY.value:
                ministries.append(organisation)
            titles = POST_TITLES[OrganisationKind(kind)]
            for title in titles[: rng.randint(1, len(titles))]:
                post = self.new_id(Post)
                self.t_post.add({"id": post, **self.record(), "organisation_id": pk, "title": title})
                organisation.posts.append((post, title))
            posts = " and ".join(f"its {title}" for _, title in organisation.posts)
            self.cite(
                [(Organisation, pk), *((Post, post) for post, _ in organisation.posts)],
                f"{name}, represented by {posts}, took part in the cooperation.",
            )
        # States are members of the first intergovernmental organisation, since they joined.
        for organisation in self.orgs:
            if organisation.kind == OrganisationKind.STATE.value:
                start, precision = self.date(1991, 2020, shares=(0.8, 0.1))
                relation = self.new_id(OrganisationRelation)
                self.cite(
                    [(OrganisationRelation, relation)],
                    f"{organisation.name} has been a member of {self.orgs[0].name} since {start.year}.",
                )
                self.t_relation.add(
                    {
                        "id": relation,
                        **self.record(),
                        "subject_id": organisation.id,
                        "kind": RelationKind.MEMBER_OF.value,
                        "object_id": self.orgs[0].id,
                        "start_date": start,
                        "start_date_precision": precision,
                        "end_date": None,
                        "end_date_precision": "",
                    }
                )
        self.org_weights = self.zipf(len(self.orgs))
        self.media = [o for o in self.orgs if o.kind == OrganisationKind.MEDIA.value] or self.orgs

    def people(self):
        s, rng = self.sizes, self.rng
        self.persons: list[_Person] = []
        for index, pk in enumerate(self.ids(Person, s.people)):
            given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
            name = f"{given} {family}"
            honorific = rng.choice(HONORIFICS)
            published = index < 10 or rng.random() >= self.drafts
            person = _Person(pk, name, honorific, published)
            # The busiest people hold posts in the busiest organisations; most others hold one somewhere.
            holds = 2 if index < 20 else (1 if rng.random() < 0.7 else 0) + (1 if rng.random() < 0.2 else 0)
            held = set()
            for _ in range(holds):
                organisation = self.orgs[self.pick(self.org_weights)]
                post, title = rng.choice(organisation.posts)
                if post in held:
                    continue
                held.add(post)
                start, start_precision = self.date(1991, 2024, shares=(0.3, 0.2))
                end = end_precision = None
                if rng.random() < 0.6:
                    end_year = min(LAST_YEAR, start.year + rng.randint(1, 8))
                    end_precision = rng.choice([YEAR, MONTH, DAY])
                    end = period_end(dt.date(end_year, rng.randint(1, 12), rng.randint(1, 28)), end_precision)
                    if end < start:
                        end = end_precision = None
                attested = rng.random() < 0.2
                self.t_position.add(
                    {
                        "id": (position := self.new_id(Position)),
                        **self.record(),
                        "person_id": pk,
                        "post_id": post,
                        "start_date": start,
                        "start_date_precision": start_precision,
                        "end_date": end,
                        "end_date_precision": end_precision or "",
                        "attested_from": start if attested else None,
                        "attested_from_precision": start_precision if attested else "",
                        "attested_to": end if attested and end else None,
                        "attested_to_precision": end_precision if attested and end else "",
                    }
                )
                person.positions.append((position, organisation.id, title, organisation.name, start, end))
            summary = ""
            if person.positions:
                _, _, title, organisation_name, start, _ = person.positions[0]
                summary = f"{title} of {organisation_name} from {start.year}."
            names = []
            if rng.random() < 0.2 and _ascii(name) != name:
                names.append(_ascii(name))
            self.t_person.add(
                {
                    "id": pk,
                    **self.public(
                        f"{SLUG_PREFIX}{slugify(name)}-{pk}", [name, given, family, summary], names, published=published
                    ),
                    "name": name,
                    "honorific": honorific,
                    "given_name": given,
                    "family_name": family,
                    "summary": summary,
                }
            )
            for alternate in names:
                self.alternate_name(Person, pk, alternate, "en", AlternateNameKind.TRANSLITERATION.value)
            self.persons.append(person)
            called = f"{honorific} {name}" if honorific else name
            if person.positions:
                held_posts = " and ".join(
                    f"{title} of {organisation_name}" for _, _, title, organisation_name, _, _ in person.positions
                )
                self.cite(
                    [(Person, pk), *((Position, position[0]) for position in person.positions)],
                    f"{called}, {held_posts}, {'spoke' if index % 2 else 'was present'}.",
                )
            else:
                self.cite([(Person, pk)], f"{called} {'spoke' if index % 2 else 'was present'}.")
            self.maybe_flush()
        self.person_weights = self.zipf(len(self.persons))

    def initiatives(self):
        s, rng = self.sizes, self.rng
        kinds = [k.value for k in InitiativeKind]
        statuses = [k.value for k in InitiativeStatus]
        roles = [r.value for r in PartyRole if r != PartyRole.LEAD]
        self.initiative_ids = list(self.ids(Initiative, s.initiatives))
        for index, pk in enumerate(self.initiative_ids):
            kind = rng.choice(kinds)
            country = rng.choice(self.countries)
            title = f"{kind.capitalize()} for {rng.choice(THEMES)} in {self.place_names[country]}"
            start, precision = self.date(1995, 2026, shares=(0.4, 0.3))
            end = end_precision = None
            if rng.random() < 0.4:
                end_precision = rng.choice([YEAR, MONTH])
                end = period_end(
                    dt.date(min(LAST_YEAR, start.year + rng.randint(0, 6)), rng.randint(1, 12), 1), end_precision
                )
                if end < start:
                    end = end_precision = None
            lead = self.orgs[self.pick(self.org_weights)]
            description = f"The {title.lower()}, led by {lead.name}."
            parent = self.initiative_ids[rng.randrange(index)] if index and rng.random() < 0.1 else None
            self.t_initiative.add(
                {
                    "id": pk,
                    **self.public(f"{SLUG_PREFIX}{slugify(title)[:90]}-{pk}", [title, description]),
                    "title": title,
                    "kind": kind,
                    "status": rng.choice(statuses),
                    "start_date": start,
                    "start_date_precision": precision,
                    "end_date": end,
                    "end_date_precision": end_precision or "",
                    "lead_organisation_id": lead.id,
                    "parent_id": parent,
                    "description": description,
                }
            )
            for place in {country, rng.choice(self.cities)}:
                self.t_initiative_place.add({"initiative_id": pk, "place_id": place})
            parties = [(lead.id, None, PartyRole.LEAD.value)]
            if rng.random() < 0.6:
                person = self.persons[self.pick(self.person_weights)]
                parties.append((None, person.id, rng.choice(roles)))
            cited = [(Initiative, pk)]
            for organisation_id, person_id, role in parties:
                party = self.new_id(InitiativeParty)
                self.t_party.add(
                    {
                        "id": party,
                        **self.record(),
                        "initiative_id": pk,
                        "organisation_id": organisation_id,
                        "person_id": person_id,
                        "role": role,
                    }
                )
                cited.append((InitiativeParty, party))
            self.cite(cited, f"The {title}, led by {lead.name}, was announced.")
        self.initiative_weights = self.zipf(len(self.initiative_ids))
