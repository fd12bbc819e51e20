"""Issue 19 on the supervision pages: a submission closed by the portal (ditutup, a revision left untouched past
the office's limit) is counted on its own, as a share of what ended in the period next to the withdrawn; and each
office's hand-overs of results (due by today, handed over, overdue) are shown live, in one grouped query
whatever the number of offices.

In the supervision world (conftest.py), 6202 ended in 2026: four decisions (S1–S4), one withdrawal, and here one
closing (October 2026): six, so withdrawn 1/6 and closed 1/6. Its hand-overs: received (due 10 days ago), handed
over and awaiting confirmation (due 5 days ago), owed since yesterday (overdue), owed next month (not yet due):
three fallen due, two of them handed over, one overdue."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from handover.enums import HandOverState
from handover.models import HandOver
from letters.models import Letter
from romantik.enums import OfficeLevel, Role
from romantik.models import Office, OfficeClosure
from submissions.models import Transition
from submissions.states import State
from supervision.models import OfficeMonth
from supervision.selectors import Period, Tally, now_figures, office_now, offices_of_supervisor, supervision_table
from supervision.services import office_months_refresh
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, staff
from tests.supervision.conftest import D, at, opened
from tests.supervision.test_queries import INDEX_QUERIES


def _closed(user, office, when):
    s = opened(user, office, State.CLOSED)
    t = Transition.objects.create(submission=s, from_state=State.NEEDS_REVISION, to_state=State.CLOSED)
    Transition.objects.filter(pk=t.pk).update(at=when)
    return s


def _handovers(user, office, today):
    """Four hand-overs of one issued submission of `office` (states and dates as the module's docstring)."""
    s = opened(user, office, State.ISSUED)
    letter = Letter.objects.create(
        submission=s, office=office, signer_office=office, decision=State.FEASIBLE, subject="Rekomendasi"
    )
    for n, (days, state) in enumerate(
        [(-10, HandOverState.RECEIVED), (-5, HandOverState.SUBMITTED), (-1, HandOverState.DUE), (30, HandOverState.DUE)]
    ):
        HandOver.objects.create(
            submission=s, letter=letter, period=f"2026-{n + 1:02d}", due_date=today + datetime.timedelta(days=days),
            state=state,
        )  # fmt: skip


def _row(table, code):
    return next(row for row in table.rows if row.office.code == code)


def test_a_closed_submission_is_its_own_share_of_what_ended(supervision_world):
    w = supervision_world
    _closed(w["agency"], w["office"], at(2026, 10, 20, 3))
    office_months_refresh()

    month = OfficeMonth.objects.get(office=w["office"], month=D(2026, 10, 1))
    assert (month.withdrawn, month.closed) == (1, 1)
    table = supervision_table(offices_of_supervisor(w["province_reviewer"]), Period(2026))
    tally = _row(table, "6202").tally
    assert (tally.decided, tally.withdrawn, tally.closed, tally.ended) == (4, 1, 1, 6)
    assert tally.withdrawn_share == tally.closed_share == pytest.approx(1 / 6)
    assert "ditutup" not in tally.open_by_state  # ended: not open work
    assert table.total.closed == 1


def test_the_page_and_the_download_show_the_closed_share_and_the_hand_overs(client, supervision_world):
    w = supervision_world
    _closed(w["agency"], w["office"], at(2026, 10, 20, 3))
    _handovers(w["agency"], w["office"], timezone.localdate())
    office_months_refresh()

    tally = _row(supervision_table(offices_of_supervisor(w["province_reviewer"]), Period(2026)), "6202").tally
    assert (tally.handovers_due, tally.handovers_done, tally.handovers_overdue) == (3, 2, 1)
    assert tally.handover_share == pytest.approx(2 / 3)

    client.force_login(w["province_reviewer"])
    html = client.get("/pengawasan/?tahun=2026", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = html[html.index('<tr data-office="6202">') :]
    row = row[: row.index("</tr>")]
    # …withdrawn 16.7%, closed 16.7%, not feasible 25.0%; hand-overs: 3 due, 2 handed over (66.7%), 1 overdue.
    assert (
        '<td class="text-end">16.7%</td><td class="text-end">16.7%</td><td class="text-end">25.0%</td>'
        '<td class="text-end">3</td><td class="text-end">2 <span class="text-body-secondary">(66.7%)</span></td>'
        '<td class="text-end text-danger fw-semibold">1</td>'
    ) in row
    assert "Closed (no revision)" in html and "Hand-overs of results now" in html

    csv = client.get("/pengawasan/unduh/csv/?tahun=2026", HTTP_ACCEPT_LANGUAGE="en").content.decode("utf-8-sig")
    header, *lines = csv.splitlines()
    assert header.endswith("Withdrawn (%),\"Closed, no revision (%)\",Not feasible (%),Hand-overs due,"
                           "Hand-overs handed over,Hand-overs overdue")  # fmt: skip
    assert next(line for line in lines if line.startswith("6202,")).endswith(",16.7,16.7,25.0,3,2,1")

    page = client.get("/pengawasan/6202/?tahun=2026", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="handovers-due">3<' in page and 'data-testid="handovers-overdue">1<' in page


def test_one_offices_figures_of_now_are_what_the_figures_of_every_office_count(supervision_world):
    """`office_now` (one office's page: its queries compiled once, with the office and its days as values) counts
    what `now_figures` counts for every office: open work by state, overdue past a closed day, complaints,
    hand-overs."""
    w = supervision_world
    today = timezone.localdate()
    _handovers(w["agency"], w["office"], today)
    opened(w["agency"], w["office"], State.IN_REVIEW, due=today - datetime.timedelta(days=3))
    OfficeClosure.objects.create(office=w["office"], date=today - datetime.timedelta(days=1), reason="Tutup")
    offices = list(Office.objects.all())
    every = {office.pk: Tally() for office in offices}
    now_figures(offices, every, every=True)
    for office in offices:
        one = office_now(office)
        assert one == every[office.pk], office.code
    mine = office_now(w["office"])
    assert mine.open_total and mine.overdue and mine.handovers_due == 3 and mine.complaints_open


def _province(code: str, below: int, user):
    region = RegionFactory(code=code[:2], name=f"PROVINSI {code}")
    head = OfficeFactory(code=code, level=OfficeLevel.PROVINCE, region=region, name=f"BPS Provinsi {code}")
    offices = [head] + [
        OfficeFactory(code=f"{code[:2]}{n:02d}", parent=head, name=f"BPS Kabupaten {code[:2]}{n:02d}")
        for n in range(1, below + 1)
    ]
    today = timezone.localdate()
    for office in offices:
        _closed(user, office, at(2026, 3, 10, 3))
        _handovers(user, office, today)
    return staff(head, Role.REVIEWER)


def test_closed_submissions_and_hand_overs_cost_the_same_queries_for_2_and_20_offices(client, db):
    OfficeFactory(code="0000", level=OfficeLevel.CENTRAL, name="BPS RI")
    user = agency_user(AgencyFactory(name="Dinas"))
    small, large = _province("7100", 1, user), _province("7200", 19, user)
    office_months_refresh()
    counts = []
    for reviewer in (small, large):
        client.force_login(reviewer)
        client.get("/pengawasan/?tahun=2026")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/pengawasan/?tahun=2026")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts == [INDEX_QUERIES, INDEX_QUERIES]
