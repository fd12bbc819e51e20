"""PostgreSQL full-text search: weighted fields, GIN indexes, prefix matching and trigram similarity."""

import pytest
from django.db import connection

from catalogue.models import CatalogueEntry
from catalogue.selectors import catalogue_search, similar_activities

from .conftest import make_issued

pytestmark = pytest.mark.postgres


def test_title_match_ranks_above_purpose_above_variable(world, uses_postgres):
    in_variable = make_issued(
        world["agency"], title="Survei Ekonomi Pesisir", variables=(("Pendapatan nelayan", "Rupiah per bulan"),)
    )
    in_title = make_issued(world["bjm"], title="Survei Nelayan Tradisional", secrets=False)
    in_purpose = make_issued(
        world["agency"], title="Kompilasi Data Perikanan", objective="Mengetahui jumlah nelayan", secrets=False
    )
    found = list(catalogue_search(text="nelayan"))
    assert [s.pk for s in found] == [in_title.pk, in_purpose.pk, in_variable.pk]
    assert found[0].rank > found[1].rank > found[2].rank > 0


def test_vectors_are_stored_with_weights_and_indexed(world, uses_postgres):
    activity = make_issued(world["agency"], title="Survei Gizi Balita", objective="Prevalensi stunting")
    vector = CatalogueEntry.objects.values_list("search_vector", flat=True).get(submission=activity)
    # title A, purpose B, variables and indicators C, agency and background D (PostgreSQL prints no "D")
    assert "'gizi':2A" in vector and "'stunting':5B" in vector and "'umur':6C" in vector
    assert "'belakang':23 " in vector and "rahasia" not in vector and "tertutup" not in vector
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'catalogue_catalogueentry'")
        indexes = dict(cursor.fetchall())
    assert "USING gin (search_vector)" in indexes["catalogue_search_vector_gin"]
    assert "gin_trgm_ops" in indexes["catalogue_title_trgm_gin"]


def test_search_input_never_reaches_tsquery_raw(world, uses_postgres):
    activity = make_issued(world["agency"], title="Survei Gizi Balita", secrets=False)
    for text in ("gizi & !balita", "gizi:* | (", "'; DROP TABLE x; --", "gizi <-> balita", "!!!"):
        list(catalogue_search(text=text))  # no syntax error from to_tsquery
    assert [s.pk for s in catalogue_search(text="(gizi) & balita!")] == [activity.pk]


def test_similar_title_with_typos_found_by_trigrams(world, uses_postgres):
    activity = make_issued(world["agency"], title="Survei Status Gizi Balita", secrets=False)
    found = similar_activities(title="Surfei Statos Gisi Balitta")
    assert [s.pk for s in found] == [activity.pk]
    assert found[0].similarity > 0.3


def test_similar_picks_candidates_by_the_rarer_words(world, uses_postgres, monkeypatch):
    # Four entries share the variable "Umur" (make_issued's default): with a floor of one entry and a share of
    # half the catalogue, "umur" is common, so only the rarer "tinggi" and "badan" pick candidates.
    import catalogue.selectors as selectors

    monkeypatch.setattr(selectors, "COMMON_FLOOR", 1)
    monkeypatch.setattr(selectors, "COMMON_SHARE", 0.5)
    tall = make_issued(world["agency"], title="Survei Gizi", variables=(("Tinggi badan", "cm"), ("Umur", "th")))
    for title in ("Survei Nelayan", "Survei Internet", "Survei Harga"):
        make_issued(world["bjm"], title=title, secrets=False)
    assert "umur" in selectors._common_words() and "tinggi" not in selectors._common_words()
    assert [s.pk for s in similar_activities(title="Pendataan Remaja", variables=["Umur", "Tinggi badan"])] == [tall.pk]
    # A common word next to a rarer one is no sign of a duplicate; when every word is common, they still count.
    assert similar_activities(title="Pendataan Remaja", variables=["Umur"]) == []
    assert len(similar_activities(title="Pendataan Umur")) == 4


def test_a_letter_number_search_can_use_the_number_trigram_index(world, uses_postgres):
    activity = make_issued(world["agency"], title="Survei Gizi Balita", secrets=False)
    number = activity.letter.number
    assert [s.pk for s in catalogue_search(text=number.lower())] == [activity.pk]
    query = CatalogueEntry.objects.filter(recommendation_number__icontains=number[:9])
    with connection.cursor() as cursor:
        # A few rows: make the planner show it can. With plain index scans off too, the ordering index
        # (catalogue_date, read whole with a filter) is no way round it: only a bitmap scan of an index that
        # answers the LIKE is left.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = query.explain()
    assert "catalogue_number_trgm_gin" in plan
