"""The supervision pages: who may open them, what they show, the downloads, the public page."""

import csv
import io

from django.core.cache import cache

from tests.supervision.conftest import *  # noqa: F403 - the world's fixture

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_agencies_get_403_and_an_unsupervised_office_404(client, supervision_world):
    w = supervision_world
    client.force_login(w["agency"])
    assert client.get("/pengawasan/").status_code == 403
    assert client.get("/pengawasan/6202/").status_code == 403
    client.force_login(w["reviewer"])  # 6202
    assert client.get("/pengawasan/6203/").status_code == 404
    assert client.get("/pengawasan/6200/").status_code == 404
    assert client.get("/pengawasan/6202/").status_code == 200


def test_the_province_page_lists_its_offices_with_a_chart_and_a_total(client, supervision_world):
    client.force_login(supervision_world["province_reviewer"])
    html = client.get("/pengawasan/?tahun=2026", **EN).content.decode()
    assert html.index('data-office="6200"') < html.index('data-office="6202"') < html.index('data-office="6203"')
    assert 'data-office="0000"' not in html
    assert 'href="/pengawasan/6202/?tahun=2026"' in html
    assert "50.0%" in html and "87.50" in html  # 6202's on-time rate and IKM
    assert 'data-testid="on-time-chart"' in html and 'class="chart-fill" width="50.0"' in html
    assert 'data-testid="total"' in html and "40.0%" in html


def test_the_download_has_the_same_figures(client, supervision_world):
    client.force_login(supervision_world["province_reviewer"])
    response = client.get("/pengawasan/unduh/csv/?tahun=2026", **EN)
    assert response["Content-Disposition"] == 'attachment; filename="pengawasan-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Office code", "Office", "Submitted"]
    by_code = {row[0]: row for row in rows[1:]}
    header = rows[0]
    row = by_code["6202"]
    assert row[header.index("On time (%)")] == "50.0"
    assert row[header.index("Median days to decision")] == "9.0"
    assert row[header.index("IKM")] == "87.50"
    assert row[header.index("Withdrawn (%)")] == "20.0"
    assert rows[-1][1] == "Total" and rows[-1][header.index("Decided")] == "5"
    xlsx = client.get("/pengawasan/unduh/xlsx/?tahun=2026")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/pengawasan/unduh/pdf/?tahun=2026").status_code == 404


def test_the_office_page_shows_its_months_and_links_its_workspace_to_its_staff(client, supervision_world):
    w = supervision_world
    client.force_login(w["reviewer"])
    html = client.get("/pengawasan/6202/?tahun=2026", **EN).content.decode()
    assert 'data-month="10"' in html and 'data-testid="workspace-link"' in html
    client.force_login(w["province_reviewer"])
    html = client.get("/pengawasan/6202/?tahun=2026", **EN).content.decode()
    assert 'data-testid="year-total"' in html and 'data-testid="workspace-link"' not in html


def test_the_public_page_is_anonymous_sortable_and_cached(client, supervision_world):
    cache.clear()
    html = client.get("/kinerja-layanan/?tahun=2026&urut=-tepat", **EN).content.decode()
    assert html.index("<td>6202</td>") < html.index("<td>6203</td>")  # 50% before 0%
    assert "<td>0000</td>" in html  # no decision: last
    assert html.index("<td>6203</td>") < html.index("<td>0000</td>")
    assert 'data-testid="national-ikm"' in html and "87.50" in html
    html = client.get("/kinerja-layanan/?tahun=2026&urut=kode", **EN).content.decode()
    assert html.index("<td>0000</td>") < html.index("<td>6202</td>")
    assert client.get("/kinerja-layanan/?tahun=abc").status_code == 400


def test_navigation_links(client, supervision_world):
    html = client.get("/", **EN).content.decode()
    assert 'href="/kinerja-layanan/"' in html
    client.force_login(supervision_world["reviewer"])
    assert 'data-testid="nav-supervision"' in client.get("/", **EN).content.decode()
