"""The office's IKM report page and its CSV / XLSX downloads."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse

from romantik.enums import Role

from .conftest import EN, paper


def report_url(office, **query) -> str:
    url = reverse("satisfaction:report", kwargs={"code": office.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download_url(office, fmt, **query) -> str:
    url = reverse("satisfaction:report_download", kwargs={"code": office.code, "fmt": fmt})
    return url + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.mark.parametrize("who", ["head", "coordinator", "office_admin"])
def test_the_offices_management_reads_the_report(hand_data, client, who):
    client.force_login(hand_data[who])
    response = client.get(report_url(hand_data["office"], year=2026, quarter=1), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="kpi" data-testid="ikm-respondents">4</div>' in html
    assert 'data-testid="ikm-value">79.86<' in html
    assert 'data-testid="ikm-quality">B<' in html
    assert 'data-testid="nrr-U1">3.50<' in html and 'data-testid="nrr-U8">2.50<' in html
    assert 'data-testid="nrr-chart"' in html and 'data-testid="quarter-chart"' in html
    assert 'data-quarter="2"' in html


def test_the_report_of_a_whole_year_by_default(hand_data, client, settings):
    client.force_login(hand_data["head"])
    response = client.get(report_url(hand_data["office"], year=2026), **EN)
    assert 'data-testid="ikm-value">83.89<' in response.content.decode()
    # Without parameters: the current year.
    assert client.get(report_url(hand_data["office"])).context["figures"].period.year == datetime.date.today().year


def test_indonesian_numbers_use_a_decimal_comma_but_the_svg_coordinates_do_not(hand_data, client):
    client.force_login(hand_data["head"])
    html = client.get(report_url(hand_data["office"], year=2026, quarter=1), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-testid="ikm-value">79,86<' in html
    svg = html[html.index('data-testid="nrr-chart"') : html.index("</svg>", html.index('data-testid="nrr-chart"'))]
    coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"', svg)
    assert len(coordinates) > 40 and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)
    assert ">3,50<" in svg  # the value labels are localised


def test_an_empty_period_says_so(hand_data, client):
    client.force_login(hand_data["head"])
    html = client.get(report_url(hand_data["office"], year=2026, quarter=3), **EN).content.decode()
    assert 'data-testid="ikm-empty"' in html and 'data-testid="ikm-respondents">0<' in html


def test_a_bad_period_is_shown_at_its_field(hand_data, client):
    client.force_login(hand_data["head"])
    response = client.get(report_url(hand_data["office"], year="abc", quarter=7), **EN)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="year-error"' in html and 'id="quarter-error"' in html


@pytest.mark.parametrize("who", ["reviewer", "front_desk", "other_coordinator", "agency"])
def test_others_may_not_read_the_report(hand_data, client, who):
    client.force_login(hand_data[who])
    office = hand_data["office"]
    assert client.get(report_url(office, year=2026)).status_code == 403
    assert client.get(download_url(office, "csv", year=2026)).status_code == 403
    assert client.get(download_url(office, "xlsx", year=2026)).status_code == 403


def test_the_report_needs_a_log_in_and_a_known_office(hand_data, client):
    response = client.get(report_url(hand_data["office"]))
    assert response.status_code == 302 and reverse("account_login") in response.url
    client.force_login(hand_data["head"])
    assert client.get(reverse("satisfaction:report", kwargs={"code": "9999"})).status_code == 404
    assert client.get(download_url(hand_data["office"], "pdf", year=2026)).status_code == 404


def test_the_workspace_links_to_the_report_for_its_readers(hand_data, client):
    office = hand_data["office"]
    url = reverse("satisfaction:report", kwargs={"code": office.code})
    client.force_login(hand_data["head"])
    assert f'href="{url}"' in client.get(reverse("office_workspace", kwargs={"code": office.code})).content.decode()
    client.force_login(hand_data["reviewer"])
    assert f'href="{url}"' not in client.get(reverse("office_workspace", kwargs={"code": office.code})).content.decode()


# --- downloads --------------------------------------------------------------------------------------


def test_csv_download_has_the_same_figures(hand_data, client):
    client.force_login(hand_data["coordinator"])
    response = client.get(download_url(hand_data["office"], "csv", year=2026, quarter=1), **EN)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ikm-6202-2026-T1.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Respondents", "4"] in rows
    assert ["U1", "Requirements", "3.50", "87.50", "B"] in rows
    assert ["U8", "Handling of complaints, suggestions and feedback", "2.50", "62.50", "D"] in rows
    assert ["IKM", "79.86"] in rows
    assert ["Quality of service", "B Good"] in rows
    assert ["1", "4", "79.86", "B"] in rows and ["2", "1", "100.00", "A"] in rows and ["3", "0", "", ""] in rows


def test_xlsx_download_has_the_figures_and_the_comments_as_text(hand_data, client):
    from openpyxl import load_workbook

    office = hand_data["office"]
    paper(office, datetime.date(2026, 2, 3), (3,) * 9, comment='=HYPERLINK("http://evil.example","klik")')
    paper(office, datetime.date(2026, 2, 4), (3,) * 9, comment="Pelayanan baik")
    client.force_login(hand_data["office_admin"])

    response = client.get(download_url(office, "xlsx", year=2026, quarter=1), **EN)

    assert response["Content-Disposition"] == 'attachment; filename="ikm-6202-2026-T1.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    figures = {row[0]: row[1:] for row in workbook["IKM"].iter_rows(values_only=True) if row and row[0]}
    assert figures["Respondents"][0] == 6
    # 4 hand-computed questionnaires plus two of all 3: sums 20 18 17 22 19 19 21 16 17 = 169 over 6;
    # IKM = 169 / 6 / 9 × 25 = 4225 / 54 = 78.24…, B.
    assert figures["IKM"][0] == pytest.approx(78.24)
    comments = list(workbook["Comments"].iter_rows(min_row=2, values_only=True))
    assert [c[2] for c in comments] == ['\'=HYPERLINK("http://evil.example","klik")', "Pelayanan baik"]
    for row in workbook["Comments"].iter_rows(min_row=2):
        assert row[2].data_type == "s"


# --- a fixed number of queries ------------------------------------------------------------------------

# session, user, roles, the head's authenticator (two-factor on every request), office, years, the aggregate,
# comments, navigation
QUERIES = 9


@pytest.mark.parametrize("size", [3, 30])
def test_report_queries_do_not_grow_with_respondents(office_world, client, django_assert_num_queries, size):
    office = office_world["office"]
    for i in range(size):
        paper(office, datetime.date(2026, 1 + i % 12, 1 + i % 28), (1 + i % 4,) * 9, comment=f"komentar {i}")
    client.force_login(office_world["head"])
    client.get(report_url(office, year=2026))  # the session and the user are loaded once per request anyway

    with django_assert_num_queries(QUERIES):
        assert client.get(report_url(office, year=2026)).status_code == 200


# --- demo data ------------------------------------------------------------------------------------


def test_demo_data_fills_the_report_of_every_demo_office_once(demo, client):
    from romantik.models import Office, User
    from romantik.seed_data import OFFICES
    from romantik.seeding import demo_staff_email
    from satisfaction.seeding import demo_responses_load

    assert demo["survey_responses"] > 0
    assert demo_responses_load() == 0  # idempotent
    for code in [o["code"] for o in OFFICES]:
        office = Office.objects.get(code=code)
        client.force_login(User.objects.get(email=demo_staff_email(Role.HEAD, code)))
        figures = client.get(report_url(office)).context["figures"]
        assert figures.respondents > 0 and figures.result is not None
