"""Each figure of the supervision table on the hand-built world of conftest.py, with exact values; and the monthly
rows agree with the office's own figures page (review.figures): one definition of on time and of days."""

import datetime
from decimal import Decimal

import pytest

from review.figures import office_figures
from submissions.states import State
from supervision.models import OfficeMonth
from supervision.selectors import Period, Tally, office_year, offices_of_supervisor, public_performance
from supervision.selectors import supervision_table as table_of
from supervision.services import office_months_refresh

D = datetime.date


def _rows(table):
    return {row.office.code: row.tally for row in table.rows}


def test_monthly_rows_agree_with_the_offices_own_figures(supervision_world):
    for key in ("office", "other_office"):
        office = supervision_world[key]
        own = office_figures(office, today=D(2026, 12, 31))
        months = {m.month: m for m in OfficeMonth.objects.filter(office=office)}
        for month in own.months:
            row = months.get(month.month)
            tally = (
                Tally(decided=row.decided, on_time=row.on_time, durations={int(k): v for k, v in row.durations.items()})
                if row
                else Tally()
            )
            assert (tally.decided, tally.on_time, tally.median_days) == (
                month.decided,
                month.on_time,
                month.median_days,
            ), (office.code, month.month)


def test_the_year_of_an_office(supervision_world):
    w = supervision_world
    table = table_of(offices_of_supervisor(w["province_reviewer"]), Period(2026))
    s = _rows(table)["6202"]
    assert (s.decided, s.on_time, s.on_time_rate) == (4, 2, 0.5)
    assert s.median_days == 9  # of 7, 9, 9, 30
    assert s.mean_revisions == 0.25  # S3 came back once
    assert s.not_feasible_share == 0.25
    assert s.withdrawn_share == 0.2  # 1 withdrawn of 5 ended
    assert (s.ikm.respondents, s.ikm.ikm_shown, s.ikm.quality.value) == (2, Decimal("87.50"), "B")


def test_a_month_of_an_office(supervision_world):
    w = supervision_world
    s = _rows(table_of(offices_of_supervisor(w["province_reviewer"]), Period(2026, 10)))["6202"]
    assert (s.decided, s.on_time, s.median_days, s.revisions, s.not_feasible, s.withdrawn) == (3, 2, 9, 1, 1, 1)
    s = _rows(table_of(offices_of_supervisor(w["province_reviewer"]), Period(2026, 11)))["6202"]
    assert (s.decided, s.on_time, s.median_days, s.withdrawn, s.respondents) == (1, 0, 7, 0, 0)
    assert s.ikm is None
    s = _rows(table_of(offices_of_supervisor(w["province_reviewer"]), Period(2025)))["6202"]
    assert (s.decided, s.on_time, s.median_days) == (1, 1, 4)


def test_open_work_overdue_and_complaints_are_of_today(supervision_world):
    w = supervision_world
    s = _rows(table_of(offices_of_supervisor(w["province_reviewer"]), Period(2026)))["6202"]
    assert dict(s.open_by_state) == {
        State.SUBMITTED: 1,
        State.IN_REVIEW: 1,
        State.NEEDS_REVISION: 1,
        State.FEASIBLE: 2,  # S2, S4: awaiting their letter
        State.NOT_FEASIBLE: 1,  # S3
    }
    assert (s.open_total, s.overdue) == (6, 1)
    assert (s.complaints_open, s.complaints_overdue) == (2, 1)


def test_the_table_lists_the_supervisors_office_first_then_those_below_and_totals_them(supervision_world):
    w = supervision_world
    table = table_of(offices_of_supervisor(w["province_reviewer"]), Period(2026))
    assert [(row.office.code, row.own) for row in table.rows] == [("6200", True), ("6202", False), ("6203", False)]
    other = _rows(table)["6203"]
    assert (other.decided, other.on_time, other.median_days) == (1, 0, 21)
    total = table.total
    assert (total.decided, total.on_time, total.on_time_rate) == (5, 2, 0.4)
    assert total.median_days == 9  # of 7, 9, 9, 21, 30
    assert (total.open_total, total.overdue, total.complaints_open, total.respondents) == (7, 1, 2, 2)  # S6 too


def test_a_regency_sees_itself_and_bps_ri_sees_every_office(supervision_world):
    w = supervision_world
    assert [row.office.code for row in table_of(offices_of_supervisor(w["reviewer"]), Period(2026)).rows] == ["6202"]
    supervised = offices_of_supervisor(w["central_reviewer"])
    assert supervised.every and [o.code for o in supervised.offices] == ["0000", "6200", "6202", "6203"]
    assert table_of(supervised, Period(2026)).total.decided == 5


def test_an_office_month_by_month(supervision_world):
    figures = office_year(supervision_world["office"], 2026)
    by_month = {month.month: (t.decided, t.on_time, t.median_days) for month, t in figures.months}
    assert by_month[10] == (3, 2, 9) and by_month[11] == (1, 0, 7) and by_month[1] == (0, 0, None)
    assert figures.months[9][1].respondents == 2
    assert (figures.total.decided, figures.total.median_days, figures.now.overdue) == (4, 9, 1)


def test_the_public_figures_of_a_year(supervision_world):
    rows, total = public_performance(2026)
    by_code = {row.code: row for row in rows}
    assert (by_code["6202"].on_time_rate, by_code["6202"].ikm, by_code["6202"].quality) == (0.5, 87.5, "B")
    assert (by_code["6203"].on_time_rate, by_code["6203"].ikm, by_code["6203"].quality) == (0.0, None, "")
    assert by_code["0000"].on_time_rate is None
    assert (total.decided, total.on_time_rate, total.ikm, total.respondents) == (5, 0.4, 87.5, 2)


def test_refresh_replaces_the_rows(supervision_world):
    before = OfficeMonth.objects.count()
    assert office_months_refresh() == before
    assert OfficeMonth.objects.count() == before


@pytest.mark.parametrize("days, median", [({3: 1}, 3), ({3: 1, 5: 1}, 4), ({1: 2, 10: 1}, 1), ({2: 1, 4: 2, 9: 1}, 4)])
def test_the_median_of_a_histogram(days, median):
    assert Tally(durations=days).median_days == median
