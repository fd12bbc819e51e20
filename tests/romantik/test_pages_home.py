"""The home page's office table (issue 17, "pickers that scale"): searched on the server with ?kantor=, so the
search works without JavaScript; static/js/pages.js filters the same rows as one types."""

import pytest
from django.urls import reverse

from romantik.models import Office
from tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return [
        OfficeFactory(code="3304", name="BPS Kabupaten Banjarnegara"),
        OfficeFactory(code="6371", name="BPS Kota Banjarmasin"),
        OfficeFactory(code="6202", name="BPS Kabupaten Kotawaringin Timur"),
        OfficeFactory(code="3300", name="BPS Provinsi Jawa Tengah"),
    ]


def _codes(response) -> list[str]:
    return [office.code for office in response.context["offices"]]


def test_without_a_search_every_office_is_listed_with_the_search_form(client, offices):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert sorted(_codes(response)) == ["3300", "3304", "6202", "6371"]
    assert '<form method="get" action="/#kantor"' in html and 'name="kantor"' in html
    assert 'data-office-filter="office-table"' in html
    assert '<script src="/static/js/pages.js"></script>' in html
    assert "4 kantor" in html


@pytest.mark.parametrize(
    "query, codes",
    [
        ("banjar", ["3304", "6371"]),  # part of the name, any case
        ("BANJARNEGARA", ["3304"]),
        ("33", ["3300", "3304"]),  # the start of the code
        ("04", []),  # codes match from their start only
        ("  kota  ", ["6202", "6371"]),  # trimmed
        ("tidak ada", []),
    ],
)
def test_the_search_filters_the_table_on_the_server(client, offices, query, codes):
    response = client.get(reverse("home"), {"kantor": query})
    assert sorted(_codes(response)) == codes
    html = response.content.decode()
    assert f'value="{query.strip()}"' in html
    for office in Office.objects.exclude(code__in=codes):
        assert f'href="{office.get_absolute_url()}"' not in html
    empty = '<p class="text-body-secondary" data-office-empty="office-table"'
    assert (empty in html) == (codes == [])  # "no office matches" shown only then (hidden with d-none otherwise)


def test_a_long_search_is_cut_and_escaped(client, offices):
    response = client.get(reverse("home"), {"kantor": '"><script>' + "x" * 200})
    html = response.content.decode()
    assert response.status_code == 200 and _codes(response) == []
    assert "<script>x" not in html and 'value="&quot;&gt;&lt;script&gt;' in html
    assert len(response.context["office_query"]) == 100
