"""Search that forgives spelling: names are matched through a folded search key.

Folding lowercases, strips diacritics (Azerbaijani letters too: ə, ı, ş, ç, ğ, ö, ü; Cyrillic ё as е;
Arabic short vowels, and hamza on alef, waw and yeh), reads Arabic's letters that are written more than
one way as one (taa marbuta as haa, alef maqsura as yeh, no tatweel), joins words that hyphens or
apostrophes split, and turns other punctuation into spaces. So "Al-Malik", "AlMalik" and "ALMALIK" all
fold to "almalik", "Qafarzade" matches "Qafar-zadə", "Шуша" matches "Шуша" and "إيسيسكو" "ايسيسكو"; a word with Arabic's article joined to it is found
without it too ("المالك", "مالك").

Each public record stores the folded text of its names, alternate names, titles and descriptions, in
every language it has them (cooperation/core/translation.py), in `search_key`: one key, so that a
search in any script finds the record on a page in any language.

On PostgreSQL a query is matched with full-text search on the stored, GIN-indexed column
`search_vector`, kept by the database: the key's words as written (`simple`) and as stemmed by the
text-search configuration of each record language that has one (`english`, `russian`, `arabic`;
Azerbaijani has none), so a term matches a word it begins ("offic" finds "office") or a word of the
same stem ("Шушу" finds "Шуша", "meeting" finds "Meetings"). Misspelt words are answered by
suggestions from the trigrams of the known words (cooperation/core/vocabulary.py). Elsewhere every
term must begin a word of the key.
"""

import operator
import re
import unicodedata
from functools import reduce

from django.db import connection
from django.db.models import Q, TextField, Value
from django.db.models.expressions import Col, Expression
from django.db.models.functions import Concat

# Letters that Unicode does not decompose into a base letter and a mark.
# Arabic: taa marbuta read as haa, alef maqsura and Persian yeh as yeh, keheh as kaf, tatweel dropped.
_UNDECOMPOSABLE = str.maketrans(
    {
        **{"ə": "e", "Ə": "e", "ı": "i", "ø": "o", "Ø": "o", "ß": "ss", "đ": "d", "ł": "l"},
        **{"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": ""},
    }
)
_ARABIC_ARTICLE = re.compile(r"(?<!\w)ال(\w{2,})")
_JOINERS = re.compile(r"[-‐‑–'’‘`ʼ]")
_SEPARATORS = re.compile(r"[\W_]+")
MAX_QUERY_TERMS = 10
MAX_QUERY_LENGTH = 200  # characters: a search is a few words, never a document


def fold(text: str) -> str:
    """The search form of a text: "Maryam Qafar-zadə" -> "maryam qafarzade"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(_SEPARATORS.sub(" ", _JOINERS.sub("", bare)).split())


_CAMEL_CASE = re.compile(r"(?<=[a-zà-ÿəı])(?=[A-ZÀ-ÞƏ])")


def _spellings(text: str) -> list[str]:
    """A text as written and as it may be typed: ə read as e or a (Heydər, Heydar); always in this
    order, so that a record's search key is the same text in every process."""
    return list(
        dict.fromkeys([text, text.replace("ə", "e").replace("Ə", "E"), text.replace("ə", "a").replace("Ə", "A")])
    )


def index_text(text: str) -> str:
    """What a record is found by: its folded text with words joined ("almalik", "qafarzade") and
    split ("al malik", "qafar zade"), each with ə read as e and as a, so that a search for a part of
    a name, or for a name typed another way, finds it on every database."""
    forms = []
    for spelling in _spellings(text):
        forms.append(fold(spelling))
        forms.append(fold(_JOINERS.sub(" ", _CAMEL_CASE.sub(" ", spelling))))
    # Arabic's article is written joined to its word: "المالك" is also found as "مالك".
    forms.append(" ".join(_ARABIC_ARTICLE.findall(forms[0])))
    return " ".join(dict.fromkeys(form for form in forms if form))


def query_alternatives(query: str) -> list[list[str]]:
    """The terms to look for, for each way the query may be spelt (ə as e or as a)."""
    alternatives = {tuple(fold(spelling).split()[:MAX_QUERY_TERMS]) for spelling in _spellings(query)}
    return [list(terms) for terms in sorted(alternatives) if terms]


def search_filter(queryset, query: str):
    """Records whose search key has a word beginning with each term of `query` (on PostgreSQL, or of
    the same stem)."""
    alternatives = query_alternatives(query)
    if not alternatives:
        return queryset
    if connection.vendor == "postgresql":
        matches_every_term = [reduce(operator.and_, map(_term_query, terms)) for terms in alternatives]
        return queryset.alias(_search=StoredSearchVector()).filter(_search=reduce(operator.or_, matches_every_term))
    # Elsewhere as on PostgreSQL, a term is the start of a word of the key: "baki" is not found inside
    # "ozbakistan".
    padded = Concat(Value(" "), "search_key", output_field=TextField())
    return queryset.alias(_spaced=padded).filter(
        Q(*[Q(*[Q(_spaced__contains=f" {term}") for term in terms]) for terms in alternatives], _connector=Q.OR)
    )


def _term_query(term: str):
    """PostgreSQL: a folded term as the start of a word, or as a word of its stem in a language."""
    from django.contrib.postgres.search import SearchQuery

    # A folded term holds only letters and digits, so it is safe in a raw tsquery.
    as_written = SearchQuery(f"{term}:*", search_type="raw", config="simple")
    stemmed = (SearchQuery(term, config=config) for config in STEMMING_CONFIGS)
    return reduce(operator.or_, stemmed, as_written)


def whole_word_filter(queryset, word: str):
    """Records whose search key holds `word` (a folded word) whole, not only as the start or a part
    of a longer word."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        # A folded word holds only letters and digits, so it is safe as a raw tsquery: no prefix mark.
        return queryset.alias(_search=StoredSearchVector()).filter(
            _search=SearchQuery(word, search_type="raw", config="simple")
        )
    padded = Concat(Value(" "), "search_key", Value(" "), output_field=TextField())
    return queryset.alias(_padded=padded).filter(_padded__contains=f" {word} ")


class StoredSearchVector(Expression):
    """The record's `search_vector` column on PostgreSQL (SEARCH_VECTOR), kept by the database (cooperation/migrations/0010) and indexed with GIN. The models do not declare it (a
    generated column has no place in their history tables or forms), so it is read as a column of the
    query's own table, under whatever alias the table has there (a subquery's U0)."""

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        from django.contrib.postgres.search import SearchVectorField

        field = SearchVectorField()
        field.set_attributes_from_name("search_vector")
        field.model = query.model
        return Col(query.get_initial_alias(), field)


# PostgreSQL's text-search configuration for each language records are written in: the language's
# stemmer where PostgreSQL has one, `simple` (words as written) otherwise.
TEXT_SEARCH_CONFIGS = {"en": "english", "az": "simple", "ar": "arabic", "ru": "russian"}
STEMMING_CONFIGS = tuple(sorted({config for config in TEXT_SEARCH_CONFIGS.values() if config != "simple"}))

SEARCH_VECTOR = " || ".join(
    f"to_tsvector('{config}'::regconfig, COALESCE(\"search_key\", ''))" for config in ("simple", *STEMMING_CONFIGS)
)


def search_vector_operations(*tables, expression=SEARCH_VECTOR, previous=None):
    """The migration operations that give public records' tables their stored `search_vector` on
    PostgreSQL (nothing on SQLite): a new public record type's migration adds one for its table. A
    migration that changes the expression passes the one it replaces as `previous`, to go back to."""
    from django.db import migrations

    def define(schema_editor, expression):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            # A generated column's expression cannot be altered: it is dropped (with its index) and added.
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search_vector"')
            schema_editor.execute(
                f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS ({expression}) STORED'
            )
            schema_editor.execute(f'CREATE INDEX "{table}_search_vector" ON "{table}" USING gin ("search_vector")')

    def forwards(apps, schema_editor):
        define(schema_editor, expression)

    def backwards(apps, schema_editor):
        if previous is not None:
            define(schema_editor, previous)
        elif schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search_vector"')

    return [migrations.RunPython(forwards, backwards, elidable=False)]
