"""The catalogue search's count kept per catalogue generation and its years read by index probes (issue 20): a
search asked again costs no COUNT, and any entry written or removed counts afresh."""

import pytest
from django.urls import reverse

from catalogue.selectors import catalogue_count, catalogue_years

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


def test_the_years_newest_first(world):
    assert catalogue_years() == []
    for year in (2024, 2026, 2024, 2025):
        make_issued(world["agency"], title=f"Survei Gizi {year}", year=year, secrets=False)
    assert catalogue_years() == [2026, 2025, 2024]


pytestmark = pytest.mark.django_db
