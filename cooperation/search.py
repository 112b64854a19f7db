"""Search that forgives spelling: names are matched through a folded search key.

Folding lowercases, strips diacritics (Azerbaijani letters too: ə, ı, ş, ç, ğ, ö, ü), joins words
that hyphens or apostrophes split, and turns other punctuation into spaces. So "Al-Malik", "AlMalik"
and "ALMALIK" all fold to "almalik", and "Qafarzade" matches "Qafar-zadə".

Each public record stores the folded text of its names, alternate names, titles and descriptions in
`search_key`. On PostgreSQL a query is matched with full-text search (prefix terms, GIN index on
`to_tsvector('simple', search_key)`); elsewhere every term must appear in the key.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import Q

# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = str.maketrans({"ə": "e", "Ə": "e", "ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "ł": "l"})
_JOINERS = re.compile(r"[-‐‑–'’‘`ʼ]")
_SEPARATORS = re.compile(r"[\W_]+")
MAX_QUERY_TERMS = 10


def fold(text: str) -> str:
    """The search form of a text: "Maryam Qafar-zadə" -> "maryam qafarzade"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(_SEPARATORS.sub(" ", _JOINERS.sub("", bare)).split())


def index_text(text: str) -> str:
    """What a record is found by: its folded text, and where it has ə, the text with ə read as a too,
    so that both "Heydar Aliyev" and "Heydər Əliyev" find "Heydər Əliyev"."""
    folded = fold(text)
    if "ə" not in text.casefold():
        return folded
    return f"{folded} {fold(text.replace('ə', 'a').replace('Ə', 'A'))}"


def query_terms(query: str) -> list[str]:
    return fold(query).split()[:MAX_QUERY_TERMS]


def search_filter(queryset, query: str):
    """Records whose search key matches every term of `query` (on PostgreSQL: as word prefixes)."""
    terms = query_terms(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        # Folded terms hold only letters and digits, so they are safe in a raw tsquery.
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return queryset.annotate(_search=SearchVector("search_key", config="simple")).filter(
            _search=SearchQuery(tsquery, search_type="raw", config="simple")
        )
    return queryset.filter(Q(*[Q(search_key__contains=term) for term in terms]))
