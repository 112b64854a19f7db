"""Search that forgives spelling (cooperation.core.search), as pure functions: what a record is found
by, and how a query is read. No database: these run before any row exists."""

import pytest
from django.conf import settings

from cooperation.core.search import TEXT_SEARCH_CONFIGS, fold, index_text, query_alternatives


def test_every_language_of_the_site_has_a_text_search_configuration():
    assert set(TEXT_SEARCH_CONFIGS) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Maryam Qafar-zadə", "maryam qafarzade"),
        ("Al-Malik", "almalik"),
        ("ALMALIK", "almalik"),
        ("Şəki, İsmayıllı", "seki ismayilli"),
    ],
)
def test_fold_lowercases_strips_marks_and_joins_what_hyphens_split(text, folded):
    assert fold(text) == folded


def test_a_camel_case_name_is_indexed_joined_and_split():
    indexed = index_text("AlMalik")

    assert "almalik" in indexed.split()
    assert "al malik" in indexed


def test_a_camel_case_name_inside_a_full_name_is_split_too():
    indexed = index_text("Salim bin Mohammed AlMalik")

    assert "salim bin mohammed almalik" in indexed
    assert "salim bin mohammed al malik" in indexed


def test_a_name_in_one_word_is_not_split():
    assert index_text("Baku").split() == ["baku"]


def test_a_hyphenated_name_is_indexed_joined_and_split_with_schwa_read_as_e_and_as_a():
    indexed = index_text("Qafar-zadə")

    for form in ["qafarzade", "qafar zade", "qafarzada", "qafar zada"]:
        assert form in indexed, form


def test_a_query_is_read_with_schwa_as_e_and_as_a():
    assert query_alternatives("Heydər Əliyev") == [["heydar", "aliyev"], ["heyder", "eliyev"]]
