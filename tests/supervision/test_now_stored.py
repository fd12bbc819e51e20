"""The table of many offices reads the figures of now as last stored (`OfficeNow`, refreshed every few minutes and
with the monthly figures) and says when they were counted; one office's page counts live; before anything is
stored, the table counts live too."""

import datetime

from django.utils import timezone

from submissions.states import State
from supervision.models import OfficeNow
from supervision.selectors import Period, office_year, offices_of_supervisor, supervision_table
from supervision.services import office_now_refresh
from tests.supervision.conftest import opened

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _6202(w):
    table = supervision_table(offices_of_supervisor(w["province_reviewer"]), Period(2026))
    return table, next(row.tally for row in table.rows if row.office.code == "6202")


def test_the_table_shows_the_stored_figures_until_the_next_refresh(client, supervision_world):
    w = supervision_world
    table, before = _6202(w)
    assert (before.open_by_state[State.SUBMITTED], before.open_by_state[State.IN_REVIEW], before.overdue) == (1, 1, 1)
    assert table.now_at == OfficeNow.objects.get(office=w["office"]).refreshed_at
    opened(w["agency"], w["office"], State.SUBMITTED, due=timezone.localdate() - datetime.timedelta(days=3))
    assert _6202(w)[1].open_by_state[State.SUBMITTED] == 1  # stored: not yet counted
    assert office_year(w["office"], 2026).now.open_by_state[State.SUBMITTED] == 2  # one office's page: live

    assert office_now_refresh() == OfficeNow.objects.count()
    after = _6202(w)[1]
    assert (after.open_by_state[State.SUBMITTED], after.overdue) == (2, 2)
    client.force_login(w["province_reviewer"])
    html = client.get("/pengawasan/?tahun=2026", **EN).content.decode()
    assert "Open work, overdue, complaints and hand-overs are counted every few minutes, last at" in html


def test_before_anything_is_stored_the_table_counts_live(supervision_world):
    w = supervision_world
    OfficeNow.objects.all().delete()
    table, tally = _6202(w)
    assert tally.open_by_state[State.SUBMITTED] == 1 and tally.overdue == 1 and tally.complaints_overdue == 1
    assert table.now_at is not None
