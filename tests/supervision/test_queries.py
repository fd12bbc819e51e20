"""The supervision pages cost the same queries for a province office with 1 regency below it (2 offices) and one
with 19 (20 offices), each office with open work, decisions, closed days, complaints and survey answers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from romantik.enums import OfficeLevel, Role
from romantik.models import OfficeClosure
from satisfaction.enums import Source
from satisfaction.models import SurveyResponse
from submissions.states import State
from supervision.services import figures_renewed, office_months_refresh
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, staff
from tests.supervision.conftest import D, at, complaint, decided, opened

# The table kept in the shared cache (supervision.kept): session, user, office roles, "a role at BPS RI?", the
# offices (the reader's scope, read at every request), the survey's last answer (part of the key), and the
# navigation's membership; the years are kept per refresh too.
INDEX_QUERIES = 7
# The table built (the first view after a refresh): also the years, the monthly rows, the survey, and the figures of
# now stored per office (OfficeNow, issue 18: no longer the closed days, submissions, complaints and hand-overs
# counted at each request).
INDEX_QUERIES_BUILT = 11


def _province(code: str, below: int, user):
    region = RegionFactory(code=code[:2], name=f"PROVINSI {code}")
    head = OfficeFactory(code=code, level=OfficeLevel.PROVINCE, region=region, name=f"BPS Provinsi {code}")
    offices = [head] + [
        OfficeFactory(code=f"{code[:2]}{n:02d}", parent=head, name=f"BPS Kabupaten {code[:2]}{n:02d}")
        for n in range(1, below + 1)
    ]
    today = timezone.localdate()
    for n, office in enumerate(offices):
        opened(user, office, State.SUBMITTED, due=today - datetime.timedelta(days=5))
        opened(user, office, State.IN_REVIEW, due=today + datetime.timedelta(days=5))
        decided(
            user,
            office,
            state=State.FEASIBLE,
            recorded=D(2026, 3, 2),
            due=D(2026, 3, 20),
            decided_at=at(2026, 3, 10, 3),
        )
        OfficeClosure.objects.create(office=office, date=today - datetime.timedelta(days=n % 3), reason="Tutup")
        complaint(office, n + 1, status="diterima", due=today - datetime.timedelta(days=1))
        SurveyResponse.objects.create(
            office=office, source=Source.PAPER, answered_on=D(2026, 3, 9), **{f"u{i}": 3 for i in range(1, 10)}
        )
    return head, staff(head, Role.REVIEWER)


@pytest.fixture
def two_sizes(db, client):
    OfficeFactory(code="0000", level=OfficeLevel.CENTRAL, name="BPS RI")
    user = agency_user(AgencyFactory(name="Dinas"))
    small, small_reviewer = _province("7100", 1, user)
    large, large_reviewer = _province("7200", 19, user)
    office_months_refresh()
    return small_reviewer, large_reviewer


def _queries(client, user, url) -> tuple[int, bytes]:
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


def test_the_supervision_page_costs_the_same_queries_for_2_and_20_offices(client, two_sizes):
    small, large = two_sizes
    url = "/pengawasan/?tahun=2026"
    n_small, html_small = _queries(client, small, url)
    n_large, html_large = _queries(client, large, url)
    assert html_small.count(b"<tr data-office=") == 2 and html_large.count(b"<tr data-office=") == 20
    assert n_small == n_large == INDEX_QUERIES


def test_the_first_view_after_a_refresh_costs_the_same_queries_for_2_and_20_offices(client, two_sizes):
    small, large = two_sizes
    counts = []
    for user in (small, large):
        client.force_login(user)
        client.get("/pengawasan/?tahun=2026")  # the session and the navigation as in any later view
        figures_renewed()  # what a refresh does: every kept table is stale
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/pengawasan/?tahun=2026").status_code == 200
        counts.append(len(captured))
    assert counts == [INDEX_QUERIES_BUILT, INDEX_QUERIES_BUILT]


def test_the_download_and_the_month_cost_the_same_queries_for_2_and_20_offices(client, two_sizes):
    small, large = two_sizes
    for url in ("/pengawasan/unduh/csv/?tahun=2026", "/pengawasan/?tahun=2026&bulan=3"):
        assert _queries(client, small, url)[0] == _queries(client, large, url)[0]


def test_the_public_page_costs_the_same_queries_for_more_offices(client, two_sizes, settings):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get("/kinerja-layanan/?tahun=2026").status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/kinerja-layanan/?tahun=2026&urut=-ikm").status_code == 200
    assert (len(first), len(cached)) == (4, 0)  # the years, the offices, the monthly rows, the survey
