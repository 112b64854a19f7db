"""The words synthetic records are made of: syllables, names, titles, kinds and roles, and how they are put together."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from dataclasses import dataclass, field

from cooperation.core import search
from cooperation.models import (
    OrganisationKind,
    SourceKind,
)
from events.models import EventKind, ParticipationRole
from events.synthetic.base import MONTH, YEAR
from events.synthetic.writing import _a_spelling

# ---------------------------------------------------------------------------------------------------
# Words the records are made of.

SYLLABLES = [
    "ba", "ka", "qa", "ra", "sa", "ta", "la", "ma", "na", "za", "şa", "ça", "xa", "ğa", "da", "ga", "ha", "va",
    "be", "ke", "lə", "mə", "nə", "rə", "sə", "tə", "şə", "gə", "dı", "qı", "lı", "rı", "ko", "lo", "mo", "no",
    "ru", "su", "tu", "zü", "gü", "dü", "lan", "kar", "dağ", "bad", "vel", "mir", "san", "tel", "kənd", "şir",
]  # fmt: skip
REGION_SUFFIXES = ["North", "South", "East", "West", "Central", "Upper", "Lower", "Coastal"]
# ISO 3166-1's user-assigned codes: never a real country's.
COUNTRY_CODES = [f"X{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + [f"Q{c}" for c in "MNOPQRSTUVWXYZ"] + ["AA", "ZZ"]

GIVEN_NAMES = [
    "Anar", "Aynur", "Elvin", "Leyla", "Rəşad", "Günel", "Tural", "Nərmin", "Orxan", "Səbinə", "Kamran", "Aysel",
    "Fərid", "Lalə", "Elçin", "Şəhla", "Vüsal", "Zeynəb", "Ilham", "Nigar", "Salim", "Amina", "Yusuf", "Fatima",
    "Omar", "Khadija", "Hassan", "Mariam", "Karim", "Layla", "Ahmed", "Nadia", "Tariq", "Samira", "Bilal", "Huda",
    "Ivan", "Olga", "Sergey", "Natalia", "Dmitry", "Elena", "John", "Mary", "David", "Sarah", "Peter", "Anna",
    "Jean", "Claire", "Luca", "Sofia", "Mehmet", "Ayşe", "Emre", "Zeynep", "Murat", "Elif", "Rustam", "Dilnoza",
]  # fmt: skip
FAMILY_NAMES = [
    "Əliyev", "Məmmədova", "Həsənov", "Quliyeva", "Hüseynov", "Abbasova", "Qafar-zadə", "Rzayev", "Cəfərova",
    "Kərimov", "İsmayılova", "Bayramov", "Süleymanova", "Nağıyev", "Babayeva", "Şükürov", "Al-Malik", "AlMansouri",
    "Al-Hashimi", "El-Amrani", "Bennani", "Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Yousef", "Farouk",
    "Ivanov", "Petrova", "Smirnov", "Kuznetsova", "Popov", "Volkova", "Smith", "Johnson", "Brown", "Taylor",
    "Martin", "Dubois", "Rossi", "Bianchi", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Karimov",
    "Yusupova", "Tashkentov", "O'Connor", "McAllister", "DeLuca", "Abdel-Rahman", "Ben Ali", "Ould Ahmed", "Diallo",
]  # fmt: skip
HONORIFICS = ["", "", "", "Dr.", "Mr.", "Ms.", "H.E.", "Prof."]
FIELDS = [
    "Culture", "Education", "Science", "Youth and Sports", "Digital Development", "Heritage", "Tourism",
    "Foreign Affairs", "Higher Education", "Innovation", "Health", "Environment", "Labour", "Arts",
]  # fmt: skip
THEMES = [
    "cultural heritage", "digital education", "artificial intelligence in schools", "women in science",
    "intangible heritage", "youth exchange", "Arabic language teaching", "climate education", "museum cooperation",
    "manuscript preservation", "inclusive education", "open science", "literacy", "intercultural dialogue",
    "scientific research", "the ICESCO Chair programme", "heritage sites", "media literacy", "teacher training",
]  # fmt: skip
ADJECTIVES = ["Islamic", "International", "Regional", "Eurasian", "Caspian", "World", "Joint", "United"]
MEDIA_WORDS = ["News", "Times", "Herald", "Press Agency", "Daily", "Observer", "Review", "Today"]
POST_TITLES = {
    OrganisationKind.INTERGOVERNMENTAL: ["Director-General", "Deputy Director-General", "Head of Sector", "Adviser"],
    OrganisationKind.REGIONAL_OFFICE: ["Head of Office", "Programme Specialist"],
    OrganisationKind.STATE: ["President", "Prime Minister", "Ambassador"],
    OrganisationKind.GOVERNMENT_OFFICE: ["Head", "Deputy Head", "Adviser"],
    OrganisationKind.MINISTRY: ["Minister", "Deputy Minister", "Head of International Relations"],
    OrganisationKind.DEPARTMENT: ["Head of Department", "Chief Specialist"],
    OrganisationKind.FOUNDATION: ["President", "Executive Director"],
    OrganisationKind.ACADEMY: ["President", "Vice-President", "Academic Secretary"],
    OrganisationKind.EDUCATIONAL: ["Rector", "Vice-Rector", "Dean"],
    OrganisationKind.MEDIA: ["Editor-in-Chief", "Correspondent"],
    OrganisationKind.NON_GOVERNMENTAL: ["Chair", "Director"],
    OrganisationKind.OTHER: ["Director"],
}
EVENT_KINDS = [
    (EventKind.MEETING, 34),
    (EventKind.VISIT, 12),
    (EventKind.SEMINAR, 10),
    (EventKind.FORUM, 8),
    (EventKind.OPENING_CEREMONY, 6),
    (EventKind.PRESS_CONFERENCE, 6),
    (EventKind.AWARD, 5),
    (EventKind.ANNOUNCEMENT, 6),
    (EventKind.DESIGNATION, 3),
    (EventKind.TOUR, 3),
    (EventKind.ACCESSION, 1),
    (EventKind.OTHER, 6),
]
ROLES = [
    (ParticipationRole.PARTICIPANT, 30),
    (ParticipationRole.ATTENDEE, 15),
    (ParticipationRole.SPEAKER, 15),
    (ParticipationRole.HOST, 8),
    (ParticipationRole.ORGANISER, 8),
    (ParticipationRole.DELEGATION_HEAD, 6),
    (ParticipationRole.DELEGATION_MEMBER, 8),
    (ParticipationRole.GUEST_OF_HONOUR, 4),
    (ParticipationRole.RECIPIENT, 6),
]
ORGANISATION_KINDS = [
    (OrganisationKind.MINISTRY, 18),
    (OrganisationKind.DEPARTMENT, 10),
    (OrganisationKind.EDUCATIONAL, 16),
    (OrganisationKind.MEDIA, 10),
    (OrganisationKind.FOUNDATION, 8),
    (OrganisationKind.ACADEMY, 6),
    (OrganisationKind.NON_GOVERNMENTAL, 10),
    (OrganisationKind.GOVERNMENT_OFFICE, 6),
    (OrganisationKind.REGIONAL_OFFICE, 4),
    (OrganisationKind.INTERGOVERNMENTAL, 4),
    (OrganisationKind.OTHER, 8),
]
SOURCE_KINDS = (
    [k.value for k in (SourceKind.NEWS_ARTICLE, SourceKind.PRESS_RELEASE, SourceKind.OFFICIAL_PAGE, SourceKind.REPORT)],
    [70, 90, 95, 100],
)
MONTHS = [calendar.month_name[m] for m in range(13)]


def _weighted(pairs):
    values = [value.value if hasattr(value, "value") else value for value, _ in pairs]
    return values, list(itertools.accumulate(weight for _, weight in pairs))


# ---------------------------------------------------------------------------------------------------
# The generator.


@dataclass
class _Person:
    id: int
    name: str
    honorific: str
    published: bool
    # (position id, organisation id, post title, organisation name, first day, last day or None)
    positions: list[tuple[int, int, str, str, dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class _Organisation:
    id: int
    name: str
    kind: str
    country: int | None
    published: bool
    posts: list[tuple[int, str]] = field(default_factory=list)


def _title(kind, lead, other, theme, city):
    at = f" in {city}" if city else ""
    if kind == EventKind.MEETING:
        return f"{lead} meets {other} on {theme}" if other else f"Meeting on {theme}{at}"
    if kind == EventKind.VISIT:
        return f"{lead} visits {city or 'the partners'}"
    if kind == EventKind.SEMINAR:
        return f"Seminar on {theme}{at}"
    if kind == EventKind.FORUM:
        return f"Forum on {theme}{at}"
    if kind == EventKind.OPENING_CEREMONY:
        return f"Opening of a centre for {theme}{at}"
    if kind == EventKind.PRESS_CONFERENCE:
        return f"Press conference of {lead} on {theme}"
    if kind == EventKind.AWARD:
        return f"{lead} receives an award for {theme}"
    if kind == EventKind.DESIGNATION:
        return f"Designation of {lead} for {theme}"
    if kind == EventKind.ANNOUNCEMENT:
        return f"{lead} announces a programme on {theme}"
    if kind == EventKind.TOUR:
        return f"Tour of {city or 'heritage sites'} by {lead}"
    if kind == EventKind.ACCESSION:
        return f"{lead} joins a programme on {theme}"
    return f"Event on {theme}{at}"


def _on(day, precision):
    if precision == YEAR:
        return f"In {day.year}"
    if precision == MONTH:
        return f"In {MONTHS[day.month]} {day.year}"
    return f"On {day.day} {MONTHS[day.month]} {day.year}"


def _ascii(text):
    return search.fold(_a_spelling(text)).title() if text else text
