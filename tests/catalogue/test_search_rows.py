"""The search's rows (issue 20): each value worked out once by `catalogue.selectors.catalogue_list_rows`, the
same as the entry's own labels would write it, reading only the entry's shown columns."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import override

from catalogue.selectors import LIST_PAGE_FIELDS
from submissions.enums import Sector
from submissions.states import State

from .conftest import EN, make_issued

URL = reverse("catalogue:list")
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def results(world):
    return [
        make_issued(world["agency"], title="Survei Gizi Balita", year=2026, sector=Sector.HEALTH, kind="fs3"),
        make_issued(
            world["bjm"], title="Kompilasi Gizi Sekolah", year=None, sector=None, kind="fpkpa",
            decision=State.NOT_FEASIBLE, day=datetime.date(2025, 8, 1), secrets=False,
        ),
        make_issued(world["agency"], title="Metadata Gizi Desa", year=2025, sector=Sector.ICT, kind="mskeg"),
    ]  # fmt: skip


@pytest.mark.parametrize(("headers", "language"), [(EN, "en"), (ID, "id")])
def test_each_row_says_what_the_entry_says_in_the_language_of_the_page(client, results, headers, language):
    response = client.get(URL, {"q": "gizi"}, **headers)
    html = response.content.decode()
    rows = response.context["rows"]
    assert sorted(row.pk for row in rows) == sorted(s.pk for s in results)
    for row in rows:
        s = next(s for s in results if s.pk == row.pk)
        entry = s.catalogue_entry
        entry.refresh_from_db()
        with override(language):
            assert row.url == reverse("catalogue:detail", kwargs={"pk": s.pk})
            assert (row.title, row.agency, row.decision) == (entry.title, entry.agency_name, entry.decision)
            assert row.decision_label == entry.get_decision_display()
            assert row.kind == entry.get_kind_display()
            assert row.sector == (entry.get_sector_display() if entry.sector else "")
            assert row.year == (str(entry.year) if entry.year else "—")
            date = date_format(entry.recommendation_date, "j F Y")
            words = "Recommendation" if language == "en" else "Rekomendasi"
            assert row.recommendation.startswith(f"{words} {entry.recommendation_number} ")
            assert row.recommendation.endswith(date)
        assert f'<span class="badge state-{entry.decision}" data-testid="decision">{row.decision_label}</span>' in html
        assert f'<a href="{row.url}">{entry.title}</a>' in html


def test_a_row_without_year_or_sector_says_so(client, results):
    html = client.get(URL, {"q": "kompilasi"}, **EN).content.decode()
    start = html.index('data-testid="catalogue-result"')
    item = html[start : html.index("</li>", start)]
    assert "Year —" in item and "FP-KPA" in item and "Not feasible" in item
    assert "Health" not in item and " ·  ·" not in item
    assert "Recommendation " in item and "of 1 August 2025" in item


def test_the_page_reads_only_the_shown_columns_of_the_entry(client, results, django_assert_num_queries):
    with django_assert_num_queries(4) as captured:  # count, rows, years, provinces
        client.get(URL, {"q": "gizi"}, **EN)
    rows = next(q["sql"] for q in captured.captured_queries if '"catalogue_catalogueentry"."title"' in q["sql"])
    columns = rows.split(" FROM ")[0]
    assert not re.search(r'"search_vector"(, "|\s+FROM)', columns)  # only in the rank, not read
    assert '"submissions_submission"."objective"' not in rows.split(" FROM ")[0]
    assert len(LIST_PAGE_FIELDS) == 8
