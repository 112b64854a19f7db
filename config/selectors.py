"""Reads across every record type, for the site's own pages: the home page's figures and the site search."""

from django.urls import reverse

from cooperation.core import vocabulary
from cooperation.core.registry import registry
from cooperation.core.search import query_alternatives, search_filter

SEARCH_GROUP_SIZE = 10


def key_figures():
    """How many published records of each kind the home page counts, each a way into its list:
    [{"label": "Events", "count": 26, "estimated": False, "url": "/events/"}, ...]: the number the
    database keeps where it keeps one (events), else counted, past the bound of
    cooperation/core/paging.py the database's estimate, rounded."""
    figures = []
    for record_type in registry.page_types():
        if record_type.key_figure and record_type.list_url:
            count = record_type.published_total()
            figures.append(
                {
                    "label": record_type.label,
                    "count": count.rounded,
                    "estimated": count.estimated,
                    "url": reverse(record_type.list_url),
                }
            )
    return figures


def search_everything(query):
    """Published records of every kind that match `query`, spelling forgiven: one group per kind,
    each with up to SEARCH_GROUP_SIZE records and a link to the full list of matches. One query a kind."""
    if not query_alternatives(query):  # nothing searchable in it, such as punctuation alone
        return []
    groups = []
    for record_type in registry.page_types():
        if record_type.search_queryset is None:  # never for a registered page type (core/checks.py)
            continue
        found = list(search_filter(record_type.search_queryset(), query)[: SEARCH_GROUP_SIZE + 1])
        if found:
            groups.append(
                {
                    "label": record_type.label,
                    "records": found[:SEARCH_GROUP_SIZE],
                    "more": len(found) > SEARCH_GROUP_SIZE,
                    "list_url": reverse(record_type.list_url),
                }
            )
    return groups


def spelling_suggestion(query):
    """For a search that found nothing, the query spelt with known words (cooperation/core/vocabulary.py),
    if that finds published records; else None."""
    suggested = vocabulary.suggest(query)
    return suggested if suggested and search_everything(suggested) else None
