"""An office's figures on a small constructed set of decisions, with exact numbers, and their page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from review.figures import office_figures, office_timezone
from romantik.enums import ServiceTimeUnit
from romantik.models import OfficeClosure
from submissions.models import Transition
from submissions.states import State
from tests.factories import OfficeFactory, RegionFactory, submission_for

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
UTC = datetime.UTC
D = datetime.date


def _at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def _decided(user, office, *, state, recorded, due, decided_at, pauses=(), straight_back=False):
    """A decided submission with its dates set directly, and its revision rounds as transitions
    (returned for revision at `paused_at`, resubmitted at `resumed_at`): resubmitted to diajukan and recorded
    complete again an hour later, as before issue 17, or `straight_back` into review, as now."""
    s = submission_for(user)
    s.office, s.state, s.recorded_complete_on, s.due_date, s.decided_at = office, state, recorded, due, decided_at
    s.number = f"{office.code}-2026-{s.pk:05d}"
    s.save()
    for paused_at, resumed_at in pauses:
        steps = [
            (State.IN_REVIEW, State.NEEDS_REVISION, paused_at),
            (State.NEEDS_REVISION, State.SUBMITTED, resumed_at),
            (State.SUBMITTED, State.IN_REVIEW, resumed_at + datetime.timedelta(hours=1)),
        ]
        if straight_back:
            steps = [steps[0], (State.NEEDS_REVISION, State.IN_REVIEW, resumed_at)]
        for from_state, to_state, at in steps:
            t = Transition.objects.create(submission=s, from_state=from_state, to_state=to_state)
            Transition.objects.filter(pk=t.pk).update(at=at)
    return s


def _open(user, office, state):
    s = submission_for(user)
    s.office, s.state = office, state
    s.save()
    return s


@pytest.fixture
def figures_world(office_world):
    """Office 6202 (Kalimantan Tengah: WIB, 30 working days), with one closed day on 4 November 2026.

    | row | state        | recorded   | due    | decided (WIB)     | revision       | working days         |
    | S1  | surat terbit | 1 Oct 2026 | 15 Oct | 14 Oct 10:00      |                | 9, on time           |
    | S2  | layak        | 5 Oct 2026 | 16 Oct | 17 Oct 00:30 (Sa) |                | 9, late (UTC: 16th)  |
    | S3  | tidak layak  | 1 Sep 2026 | 20 Oct | 20 Oct 10:00      | 10 → 17 Sep: 5 | 35 − 5 = 30, on time |
    | S4  | layak        | 2 Nov 2026 | 10 Nov | 12 Nov 10:00      |                | 8 − 1 closed = 7, late |
    | S5  | surat terbit | 2 Jun 2025 | 20 Jun | 10 Jun 10:00      |                | 4 (holidays 6, 9 Jun) |
    """
    w = office_world
    office, user = w["office"], w["agency"]
    OfficeClosure.objects.create(office=office, date=D(2026, 11, 4), reason="Pemadaman listrik")
    w["S1"] = _decided(
        user, office, state=State.ISSUED, recorded=D(2026, 10, 1), due=D(2026, 10, 15), decided_at=_at(2026, 10, 14, 3)
    )
    w["S2"] = _decided(
        user,
        office,
        state=State.FEASIBLE,
        recorded=D(2026, 10, 5),
        due=D(2026, 10, 16),
        decided_at=_at(2026, 10, 16, 17, 30),
    )
    w["S3"] = _decided(
        user,
        office,
        state=State.NOT_FEASIBLE,
        recorded=D(2026, 9, 1),
        due=D(2026, 10, 20),
        decided_at=_at(2026, 10, 20, 3),
        pauses=[(_at(2026, 9, 10, 2), _at(2026, 9, 17, 2))],
    )
    w["S4"] = _decided(
        user,
        office,
        state=State.FEASIBLE,
        recorded=D(2026, 11, 2),
        due=D(2026, 11, 10),
        decided_at=_at(2026, 11, 12, 3),
    )
    w["S5"] = _decided(
        user, office, state=State.ISSUED, recorded=D(2025, 6, 2), due=D(2025, 6, 20), decided_at=_at(2025, 6, 10, 3)
    )
    # Open: office_world's submission (diajukan) and these; a draft and another office's decision do not count.
    _open(user, office, State.SUBMITTED)
    _open(user, office, State.IN_REVIEW)
    _open(user, office, State.NEEDS_REVISION)
    _open(user, office, State.DRAFT)
    _decided(
        user,
        w["other_office"],
        state=State.FEASIBLE,
        recorded=D(2026, 10, 1),
        due=D(2026, 10, 2),
        decided_at=_at(2026, 10, 30, 3),
    )
    return w


def test_figures_count_open_submissions_by_state(figures_world):
    f = office_figures(figures_world["office"], today=D(2026, 11, 20))
    assert f.open_by_state == [(State.SUBMITTED, 2), (State.IN_REVIEW, 1), (State.NEEDS_REVISION, 1)]
    assert f.open_total == 4


def test_figures_count_decisions_with_on_time_rate_and_median(figures_world):
    f = office_figures(figures_world["office"], today=D(2026, 11, 20))
    assert f.decided_by_state == [(State.FEASIBLE, 2), (State.NOT_FEASIBLE, 1), (State.ISSUED, 2)]
    assert (f.overall.decided, f.overall.on_time) == (5, 3)
    assert f.overall.on_time_rate == 0.6
    assert f.overall.median_days == 9  # of 4, 7, 9, 9, 30
    assert (f.working_days, f.timezone) == (True, "Asia/Jakarta")


def test_figures_per_month_cover_the_last_12_months_by_decision_month(figures_world):
    f = office_figures(figures_world["office"], today=D(2026, 11, 20))
    assert [m.month for m in f.months] == [D(2025, 12, 1)] + [D(2026, month, 1) for month in range(1, 12)]
    by_month = {m.month: (m.decided, m.on_time, m.median_days) for m in f.months}
    assert by_month[D(2026, 10, 1)] == (3, 2, 9)  # S1 9, S2 9, S3 30
    assert by_month[D(2026, 11, 1)] == (1, 0, 7)
    assert by_month[D(2025, 12, 1)] == (0, 0, None)  # June 2025 (S5) is outside the window
    assert sum(m.decided for m in f.months) == 4
    assert f.months[-2].on_time_rate == 2 / 3 and f.months[0].on_time_rate is None


def test_figures_subtract_the_days_waiting_for_revision(office_world):
    """S3 alone at another office: 35 working days from 1 Sep to 20 Oct 2026, of which the form waited
    5 (10 → 17 Sep) and, in a second round, 3 (1 → 6 Oct) for the agency's revision."""
    w = office_world
    office = w["other_office"]
    s = _decided(
        w["agency"],
        office,
        state=State.FEASIBLE,
        recorded=D(2026, 9, 1),
        due=D(2026, 10, 20),
        decided_at=_at(2026, 10, 20, 3),
        pauses=[(_at(2026, 9, 10, 2), _at(2026, 9, 17, 2)), (_at(2026, 10, 1, 2), _at(2026, 10, 6, 2))],
    )
    assert office_figures(office, today=D(2026, 11, 20)).overall.median_days == 27
    Transition.objects.filter(submission=s, at__gte=_at(2026, 10, 1)).delete()
    assert office_figures(office, today=D(2026, 11, 20)).overall.median_days == 30
    Transition.objects.filter(submission=s).delete()
    assert office_figures(office, today=D(2026, 11, 20)).overall.median_days == 35


@pytest.mark.parametrize("straight_back", [False, True], ids=["logged-before-issue-17", "straight-back-in-review"])
def test_figures_subtract_the_days_waiting_for_revision_however_the_resubmission_was_logged(
    office_world, straight_back
):
    """The same two pauses as above (5 and 3 working days of 35), the resubmissions logged either way."""
    w = office_world
    office = w["other_office"]
    _decided(
        w["agency"],
        office,
        state=State.FEASIBLE,
        recorded=D(2026, 9, 1),
        due=D(2026, 10, 20),
        decided_at=_at(2026, 10, 20, 3),
        pauses=[(_at(2026, 9, 10, 2), _at(2026, 9, 17, 2)), (_at(2026, 10, 1, 2), _at(2026, 10, 6, 2))],
        straight_back=straight_back,
    )
    assert office_figures(office, today=D(2026, 11, 20)).overall.median_days == 27


def test_figures_of_a_calendar_day_office_in_wita(office_world):
    """Kotabaru (Kalimantan Selatan: WITA, 15 days). A decision at 23:30 WIB is already the next day there."""
    w = office_world
    province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    office = OfficeFactory(
        code="6302",
        region=RegionFactory(code="6302", name="KABUPATEN KOTABARU", level="kabkota", parent=province),
        service_time_amount=15,
        service_time_unit=ServiceTimeUnit.CALENDAR_DAYS,
    )
    _decided(  # 16 Oct 00:30 WITA, after the 15 Oct due date; 15 days less 3 waiting = 12
        w["agency"],
        office,
        state=State.FEASIBLE,
        recorded=D(2026, 10, 1),
        due=D(2026, 10, 15),
        decided_at=_at(2026, 10, 15, 16, 30),
        pauses=[(_at(2026, 10, 5, 2), _at(2026, 10, 8, 2))],
    )
    _decided(  # 11 Oct 10:00 WITA; weekends count: 10 calendar days, on time
        w["agency"],
        office,
        state=State.NOT_FEASIBLE,
        recorded=D(2026, 10, 1),
        due=D(2026, 10, 16),
        decided_at=_at(2026, 10, 11, 2),
    )
    f = office_figures(office, today=D(2026, 11, 20))
    assert (f.working_days, f.timezone) == (False, "Asia/Makassar")
    assert (f.overall.decided, f.overall.on_time, f.overall.median_days) == (2, 1, 11)
    assert f.open_total == 0


@pytest.mark.parametrize(
    ("region", "zone"),
    [("6202", "Asia/Jakarta"), ("6371", "Asia/Makassar"), ("9471", "Asia/Jayapura"), (None, "Asia/Jakarta")],
)
def test_office_timezone_follows_the_province(db, region, zone):
    office = OfficeFactory(region=RegionFactory(code=region, level="kabkota") if region else None)
    assert office_timezone(office) == ZoneInfo(zone)


def test_figures_of_an_office_without_decisions(office_world):
    f = office_figures(office_world["other_office"], today=D(2026, 11, 20))
    assert (f.overall.decided, f.overall.on_time, f.overall.on_time_rate, f.overall.median_days) == (0, 0, None, None)
    assert f.open_total == 0 and len(f.months) == 12


# --- the page -------------------------------------------------------------------------------------


def test_figures_page_shows_the_numbers(office_world, client):
    """Dates relative to today, in a calendar-day office (no holidays in the numbers)."""
    w = office_world
    office = w["office"]
    office.service_time_unit, office.service_time_amount = ServiceTimeUnit.CALENDAR_DAYS, 15
    office.save()
    now = timezone.now()
    today = timezone.localdate(now, timezone=ZoneInfo("Asia/Jakarta"))
    for days, late in ((4, False), (6, False), (20, True)):  # median 6; 2 of 3 on time
        _decided(
            w["agency"],
            office,
            state=State.FEASIBLE,
            recorded=today - datetime.timedelta(days=days),
            due=today - datetime.timedelta(days=1) if late else today + datetime.timedelta(days=5),
            decided_at=now,
        )
    client.force_login(w["reviewer"])
    response = client.get(reverse("review:figures", kwargs={"code": office.code}), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="kpi">67%</div>' in html
    assert '<div class="kpi">6</div>' in html
    assert "median days to a decision" in html
    assert '<li data-state="diajukan"><span class="badge state-diajukan">Submitted</span> 1</li>' in html
    assert f'<tr data-month="{today:%Y-%m}">' in html
    assert "not counting the days the form waited for the agency's revision" in html
    assert "(Asia/Jakarta)" in html
    assert (
        f'<a class="nav-link active" href="{reverse("review:figures", kwargs={"code": office.code})}">Performance</a>'
        in html
    )


@pytest.mark.parametrize("role", ["front_desk", "reviewer", "coordinator", "head", "office_admin"])
def test_figures_page_opens_for_every_staff_role(office_world, client, role):
    client.force_login(office_world[role])
    assert client.get(reverse("review:figures", kwargs={"code": "6202"})).status_code == 200


def test_figures_page_refuses_agency_users_and_other_offices(office_world, client):
    for person in ("agency", "other_reviewer", "other_coordinator"):
        client.force_login(office_world[person])
        assert client.get(reverse("review:figures", kwargs={"code": "6202"})).status_code == 403, person
    assert client.get(reverse("review:figures", kwargs={"code": "9999"})).status_code == 404
