"""The words search knows, for "Did you mean …?" when a search finds nothing.

Every word of a published record's search key (cooperation/core/search.py) is kept once in
`SearchWord`: a record adds its words when it is saved published, and `manage.py search_words`
rebuilds the list from every published record (after a bulk load, or to drop words no record holds
any more). A search that finds nothing has its unknown words replaced by the most alike known ones
(difflib's ratio) among candidates read by an index: on PostgreSQL the words with the most trigrams
in common (pg_trgm, a GIN index of the words), elsewhere the words with the same first two letters
and about the same length. The work grows with the number of distinct words, not of records.

A word replaced in is one a published record holds whole, so a word left behind by a record since
unpublished or deleted is never shown; and the suggestion is offered only when it finds published
records (config/selectors.py).
"""

import difflib
from collections.abc import Iterable

from django.db import connections, models, router, transaction
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from cooperation.core.search import MAX_QUERY_TERMS, fold, whole_word_filter

MIN_LENGTH = 3  # shorter words are too many to tell apart
MAX_LENGTH = 40
CUTOFF = 0.75  # how alike a word and its suggestion are at least (difflib's ratio)
MAX_UNKNOWN = 3  # unknown words of a query looked up, at most
CLOSE_MATCHES = 3  # the most alike known words, tried in turn until a published record holds one
TRIGRAM_CANDIDATES = 10  # PostgreSQL: the words with the most trigrams in common, compared by difflib
SQLITE_CANDIDATES = 5_000  # elsewhere: the known words with the term's first two letters, at most
BATCH = 5_000


class SearchWord(models.Model):
    """A word of a published record's search key."""

    word = models.CharField(_("word"), max_length=MAX_LENGTH, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        # On PostgreSQL also cooperation_searchword_trigram, a GIN index of the words' trigrams
        # (migration 0013).

    def __str__(self):
        return self.word


def words_of(key: str) -> set[str]:
    """The words of a search key worth suggesting: letters only (no reference numbers), three to forty long."""
    return {word for word in key.split() if MIN_LENGTH <= len(word) <= MAX_LENGTH and word.isalpha()}


def remember(key: str) -> None:
    """Keep the words of a published record's search key."""
    add(words_of(key))


def add(words: Iterable[str]) -> None:
    # In one order, so that two saves adding the same new words never wait on each other in a cycle.
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(words)], ignore_conflicts=True, batch_size=BATCH
    )


def rebuild() -> int:
    """The known words become those of every registered type's published records (read in batches);
    how many there are."""
    from cooperation.core.registry import registry

    words: set[str] = set()
    for record_type in registry.page_types():
        keys = record_type.published().order_by().values_list("search_key", flat=True)
        for key in keys.iterator(chunk_size=BATCH):
            words |= words_of(key)
    with transaction.atomic():
        SearchWord.objects.all().delete()
        add(words)
    return len(words)


def suggest(query: str) -> str | None:
    """The query with its unknown words (the first MAX_UNKNOWN) replaced by the closest words of
    published records; None when every word is known or none has a close match."""
    terms = list(dict.fromkeys(fold(query).split()))[:MAX_QUERY_TERMS]
    known = set(SearchWord.objects.filter(word__in=terms).values_list("word", flat=True))
    unknown = [term for term in terms if term not in known and len(term) >= MIN_LENGTH][:MAX_UNKNOWN]
    replacements = {term: word for term in unknown if (word := _closest(term))}
    return " ".join(replacements.get(term, term) for term in terms) if replacements else None


def _closest(term: str) -> str | None:
    """The known word most like `term` (difflib's ratio, at least CUTOFF) that a published record
    holds: a known word may be left by a record since unpublished or deleted."""
    for word in difflib.get_close_matches(term, _candidates(term), n=CLOSE_MATCHES, cutoff=CUTOFF):
        if held(word):
            return word
    return None


def held(word: str) -> bool:
    """Whether a published record of any registered type has `word`, whole, in its search key."""
    from cooperation.core.registry import registry

    return any(whole_word_filter(t.published(), word).exists() for t in registry.page_types())


def _candidates(term: str) -> list[str]:
    reading = connections[router.db_for_read(SearchWord)]  # a visitor's search: the replica, when there is one
    if reading.vendor == "postgresql":
        with reading.cursor() as cursor:
            # `%%` is pg_trgm's similarity operator (over pg_trgm.similarity_threshold, 0.3), answered
            # from the GIN index; `<->` is the distance, 1 - similarity.
            cursor.execute(
                f"SELECT word FROM {SearchWord._meta.db_table} WHERE word %% %s "  # noqa: S608  (the table's name, from the model)
                f"ORDER BY word <-> %s, word LIMIT {TRIGRAM_CANDIDATES}",
                [term, term],
            )
            return [row[0] for row in cursor.fetchall()]
    start = term[:2]
    end = start[:-1] + chr(ord(start[-1]) + 1)
    words = (
        SearchWord.objects.filter(word__gte=start, word__lt=end)
        .alias(length=Length("word"))
        .filter(length__gte=len(term) - 2, length__lte=len(term) + 2)
        .values_list("word", flat=True)
    )
    return list(words[:SQLITE_CANDIDATES])
