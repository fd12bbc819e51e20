"""The catalogue search's count and result pages kept per catalogue generation and its years read by index probes
(issue 20): a search asked again costs no COUNT and no ranking, and any entry written or removed counts and ranks
afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.models import CatalogueEntry
from catalogue.selectors import catalogue_count, catalogue_search, catalogue_years
from submissions.models import Submission
from submissions.states import State

from .conftest import EN, make_issued

URL = reverse("catalogue:list")


def test_a_search_asked_again_is_not_counted_again(client, world, django_assert_num_queries):
    make_issued(world["agency"], title="Survei Gizi Satu", secrets=False)
    client.get(URL, {"q": "gizi"}, **EN)
    with django_assert_num_queries(3):  # page rows, years, provinces: the count is kept
        response = client.get(URL, {"q": "gizi"}, **EN)
    assert response.context["page"].paginator.count == 1
    make_issued(world["bjm"], title="Survei Gizi Dua", secrets=False)  # a new entry: a new generation
    response = client.get(URL, {"q": "gizi"}, **EN)
    assert response.context["page"].paginator.count == 2
    entry = response.context["page"].object_list[0].catalogue_entry
    entry.delete()
    assert catalogue_count(text="gizi") == 1


def _shown(client, **query) -> list[int]:
    return [row.pk for row in client.get(URL, query, **EN).context["rows"]]


def _ranked(sql: list[str]) -> bool:
    """Whether a statement ranked the matches (PostgreSQL's ts_rank, SQLite's CASE over the title)."""
    return any("ts_rank" in s or "CASE WHEN" in s for s in sql)


def test_a_search_asked_again_reads_its_page_by_key_and_its_rows_afresh(client, world):
    for n in range(5):
        make_issued(world["agency"], title=f"Survei Gizi Balita {n}", secrets=False)
    ranked = [s.pk for s in catalogue_search(text="gizi")]
    with CaptureQueriesContext(connection) as first:
        assert _shown(client, q="gizi") == ranked
    with CaptureQueriesContext(connection) as again:
        assert _shown(client, q="gizi") == ranked
    assert _ranked([q["sql"] for q in first.captured_queries])
    assert not _ranked([q["sql"] for q in again.captured_queries])
    # What a row shows is read afresh (an update that bypasses every signal, so the generation stays).
    CatalogueEntry.objects.filter(submission_id=ranked[0]).update(title="Survei Gizi Berganti Judul")
    assert "Survei Gizi Berganti Judul" in client.get(URL, {"q": "gizi"}, **EN).content.decode()
    # The state is checked again: a row no longer issued is not shown, even from a kept page.
    Submission.objects.filter(pk=ranked[1]).update(state=State.IN_REVIEW)
    assert _shown(client, q="gizi") == [pk for pk in ranked if pk != ranked[1]]


def test_a_kept_search_follows_a_new_entry_and_each_page_is_its_own(client, world, monkeypatch):
    import catalogue.views.public as public

    monkeypatch.setattr(public, "PAGE_SIZE", 2)
    for n in range(3):
        make_issued(world["agency"], title=f"Survei Gizi Anak {n}", secrets=False)
    ranked = [s.pk for s in catalogue_search(text="gizi")]
    assert _shown(client, q="gizi") == ranked[:2]
    assert _shown(client, q="gizi", halaman=2) == ranked[2:]
    assert _shown(client, q="gizi", halaman=2) == ranked[2:]  # kept, still its own page
    assert _shown(client, q="gizi", tahun=2026) == ranked[:2]  # other arguments: another key
    newest = make_issued(world["bjm"], title="Survei Gizi Anak Terbaru", secrets=False)
    ranked = [s.pk for s in catalogue_search(text="gizi")]
    assert newest.pk in ranked
    assert _shown(client, q="gizi") + _shown(client, q="gizi", halaman=2) == ranked


def test_the_years_newest_first(world):
    assert catalogue_years() == []
    for year in (2024, 2026, 2024, 2025):
        make_issued(world["agency"], title=f"Survei Gizi {year}", year=year, secrets=False)
    assert catalogue_years() == [2026, 2025, 2024]


pytestmark = pytest.mark.django_db
