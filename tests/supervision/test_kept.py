"""The supervision table kept in the shared cache (supervision.kept): the same HTML as built, never another scope's
rows, stale after a refresh, a new survey answer or a renamed office, per language, the page's own query in the
rows' links."""

import re

from django.core.cache import cache

from romantik.models import Office
from satisfaction.enums import Source
from satisfaction.models import SurveyResponse
from submissions.states import State
from supervision.models import OfficeMonth
from supervision.selectors import office_infos, offices_of_supervisor
from supervision.services import figures_renewed, office_now_refresh
from tests.supervision.conftest import *  # noqa: F403 - the world's fixture
from tests.supervision.conftest import D, opened

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/pengawasan/?tahun=2026"


def _page(client, user, url=URL, **headers) -> str:
    client.force_login(user)
    response = client.get(url, **headers)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _offices(html: str) -> list[str]:
    return re.findall(r'<tr data-office="(\d+)">', html)


def _row(html: str, code: str) -> str:
    row = html[html.index(f'<tr data-office="{code}">') :]
    return row[: row.index("</tr>")]


def _submitted(row: str) -> str:
    """The first figure of a row: its submissions waiting for the office."""
    return re.search(r'<td class="text-end">(\d+)</td>', row).group(1)


def test_the_kept_page_is_the_page_as_built_in_both_languages(client, supervision_world):
    w = supervision_world
    for headers in ({}, EN):
        for user in (w["province_reviewer"], w["central_reviewer"]):
            cache.clear()
            built = _page(client, user, **headers)
            assert _page(client, user, **headers) == built


def test_each_reader_gets_the_rows_of_their_own_scope_only(client, supervision_world):
    w = supervision_world
    assert _offices(_page(client, w["central_reviewer"], **EN))[0] == "0000"  # own office first, then every office
    province = _page(client, w["province_reviewer"], **EN)
    assert _offices(province) == ["6200", "6202", "6203"]
    assert "your office" in _row(province, "6200") and "your office" not in _row(province, "6202")
    # 6202's reviewer after the province's table is kept: only 6202, now marked as theirs.
    regency = _page(client, w["reviewer"], **EN)
    assert _offices(regency) == ["6202"] and "your office" in _row(regency, "6202")
    assert _offices(_page(client, w["province_reviewer"], **EN)) == ["6200", "6202", "6203"]


def test_a_refresh_a_survey_answer_and_a_new_name_show_on_the_next_view(client, supervision_world):
    w = supervision_world
    user, office = w["province_reviewer"], w["office"]
    before = _row(_page(client, user, **EN), "6202")
    assert "87.50" in before  # IKM of the two answers

    opened(w["agency"], office, State.SUBMITTED)
    assert _row(_page(client, user, **EN), "6202") == before  # open work is counted every few minutes: not yet
    office_now_refresh()
    after = _row(_page(client, user, **EN), "6202")
    assert (_submitted(before), _submitted(after)) == ("1", "2")

    SurveyResponse.objects.create(
        office=office, source=Source.PAPER, answered_on=D(2026, 10, 9), **{f"u{i}": 1 for i in range(1, 10)}
    )
    answered = _row(_page(client, user, **EN), "6202")
    assert "87.50" not in answered and "66.67" in answered  # (4 + 3 + 1) / 3 answers: 2.67 of 4

    Office.objects.filter(pk=office.pk).update(name="BPS Kabupaten Baru")
    assert "BPS Kabupaten Baru" in _row(_page(client, user, **EN), "6202")


def test_the_language_and_the_query_are_the_pages_own(client, supervision_world):
    user = supervision_world["province_reviewer"]
    english = _page(client, user, **EN)
    indonesian = _page(client, user)
    assert "50.0%" in _row(english, "6202") and "50,0%" in _row(indonesian, "6202")
    assert "your office" in english and "your office" not in indonesian
    month = _page(client, user, "/pengawasan/?tahun=2026&bulan=10&x=%3Cb%3E", **EN)
    assert 'href="/pengawasan/6202/?tahun=2026&amp;bulan=10&amp;x=%3Cb%3E"' in month
    assert "\x00" not in month and 'href="/pengawasan/6202/?tahun=2026"' in _page(client, user, **EN)


def _month(html: str, month: str) -> str:
    row = html[html.index(f'<tr data-month="{month}">') :]
    return row[: row.index("</tr>")]


def _now(html: str) -> str:
    part = html[html.index('data-testid="now"') :]
    return part[: part.index("</dl>")]


def test_one_offices_months_are_kept_until_a_refresh_or_an_answer_and_its_now_is_live(client, supervision_world):
    w = supervision_world
    user, office = w["province_reviewer"], w["office"]
    url = "/pengawasan/6202/?tahun=2026"
    cache.clear()
    built = _page(client, user, url, **EN)
    assert _page(client, user, url, **EN) == built  # kept: the same page
    october = _month(built, "10")
    assert "87.50" in october

    # The figures of now are the page's own, counted at every view (not the table's stored figures).
    opened(w["agency"], office, State.SUBMITTED)
    live = _page(client, user, url, **EN)
    assert _now(live) != _now(built) and _month(live, "10") == october

    # A survey answer or a refresh of the figures shows on the next view.
    SurveyResponse.objects.create(
        office=office, source=Source.PAPER, answered_on=D(2026, 10, 9), **{f"u{i}": 1 for i in range(1, 10)}
    )
    assert "66.67" in _month(_page(client, user, url, **EN), "10")
    OfficeMonth.objects.filter(office=office, month=D(2026, 10, 1)).update(decided=7)
    assert '<td class="text-end">7</td>' not in _month(_page(client, user, url, **EN), "10")  # not yet refreshed
    figures_renewed()
    assert '<td class="text-end">7</td>' in _month(_page(client, user, url, **EN), "10")

    # Another office's months are never served for this one, nor another year's.
    other = _page(client, user, "/pengawasan/6203/?tahun=2026", **EN)
    assert "66.67" not in _month(other, "10")
    assert "66.67" not in _month(_page(client, user, "/pengawasan/6202/?tahun=2025", **EN), "10")


def test_every_office_is_read_afresh_for_bps_ri_as_the_other_scopes_read_theirs(supervision_world):
    w = supervision_world
    every = offices_of_supervisor(w["central_reviewer"])
    assert every.every and every.offices[0].code == "0000"
    assert sorted(every.offices, key=lambda o: o.code) == office_infos(Office.objects.all())
    Office.objects.filter(code="6202").update(name="BPS Kabupaten Baru")
    renamed = {o.code: o.name for o in offices_of_supervisor(w["central_reviewer"]).offices}
    assert renamed["6202"] == "BPS Kabupaten Baru"
