"""Response-time targets in working days, overdue flags, and the office queue (filters, query counts)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.utils import timezone

from complaints.services import complaint_reply, complaint_set_kind, complaint_set_status
from romantik.models import OfficeClosure
from tests.factories import PASSWORD, OfficeFactory, RegionFactory

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")


def _at(day: datetime.date, hour=10, minute=0, tz=WIB) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tz)


# --- targets -------------------------------------------------------------------------------------------------


def test_targets_skip_the_weekend_independence_day_and_cuti_bersama(world, file_complaint):
    # Friday 15 August 2025; Sunday 17 is Independence Day, Monday 18 cuti bersama.
    complaint = file_complaint(filed_at=_at(datetime.date(2025, 8, 15)))
    assert complaint.first_response_due == datetime.date(2025, 8, 21)  # Tue 19, Wed 20, Thu 21
    assert complaint.resolution_due == datetime.date(2025, 8, 25)  # + Fri 22, Mon 25
    complaint, _ = complaint_set_kind(complaint=complaint, actor=world["handler"], kind="tidak_sederhana")
    # 14 working days: Friday 5 September (Maulid Nabi) does not count.
    assert complaint.resolution_due == datetime.date(2025, 9, 8)


def test_targets_skip_the_offices_own_closures(world, file_complaint):
    OfficeClosure.objects.create(office=world["office"], date=datetime.date(2025, 8, 19), reason="Rapat kerja")
    complaint = file_complaint(filed_at=_at(datetime.date(2025, 8, 15)))
    assert complaint.first_response_due == datetime.date(2025, 8, 22)
    other = file_complaint(office=world["other_office"], filed_at=_at(datetime.date(2025, 8, 15)))
    assert other.first_response_due == datetime.date(2025, 8, 21)


def test_the_filing_day_is_the_day_at_the_office(world, file_complaint):
    """Thursday 23:30 in Jakarta is already Friday in Banjarmasin (WITA): day 1 moves on."""
    province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    regency = RegionFactory(code="6371", name="KOTA BANJARMASIN", level="kabkota", parent=province)
    world["other_office"].region = regency
    world["other_office"].save()
    thursday_night = _at(datetime.date(2025, 8, 14), 23, 30)
    assert file_complaint(filed_at=thursday_night).first_response_due == datetime.date(2025, 8, 20)
    assert file_complaint(office=world["other_office"], filed_at=thursday_night).first_response_due == (
        datetime.date(2025, 8, 21)
    )


def test_overdue_flags_follow_the_due_dates_and_today(world, file_complaint):
    today = timezone.localdate()
    complaint = file_complaint(filed_at=timezone.now() - datetime.timedelta(days=30))
    assert complaint.first_response_overdue(today) and complaint.resolution_overdue(today)
    assert not complaint.first_response_overdue(complaint.first_response_due)  # the due day itself is in time
    complaint_reply(complaint=complaint, actor=world["handler"], text="Maaf, terlambat.")
    complaint.refresh_from_db()
    assert not complaint.first_response_overdue(today) and complaint.resolution_overdue(today)
    complaint, _ = complaint_set_status(complaint=complaint, actor=world["handler"], to="selesai", note="Selesai.")
    assert not complaint.resolution_overdue(today)


# --- the queue -----------------------------------------------------------------------------------------------

QUEUE = "/kantor/6202/pengaduan/"


@pytest.fixture
def handler_client(client, world):
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    return client


def test_queue_flags_overdue_rows_red_and_lists_open_ones_first(handler_client, world, file_complaint):
    late = file_complaint(filed_at=timezone.now() - datetime.timedelta(days=30), description="Lama")
    fresh = file_complaint(description="Baru")
    done = file_complaint(filed_at=timezone.now() - datetime.timedelta(days=40), description="Selesai")
    complaint_set_status(complaint=done, actor=world["handler"], to="selesai", note="Beres.")
    response = handler_client.get(QUEUE)
    assert [row.complaint for row in response.context["rows"]] == [late, fresh]  # open ones by default
    html = response.content.decode()
    assert html.count('data-testid="overdue-first-response"') == 1
    assert html.count('data-testid="overdue-resolution"') == 1
    assert html.count('class="table-danger"') == 1
    every = handler_client.get(QUEUE, {"status": "semua"})
    assert [row.complaint for row in every.context["rows"]] == [late, fresh, done]


def test_queue_filters_by_status_category_and_overdue(handler_client, world, file_complaint):
    late = file_complaint(filed_at=timezone.now() - datetime.timedelta(days=30), category="sistem")
    fresh = file_complaint(category="persyaratan")
    done = file_complaint(category="sistem")
    complaint_set_status(complaint=done, actor=world["handler"], to="selesai", note="Beres.")

    def numbers(**params):
        return [row.complaint.number for row in handler_client.get(QUEUE, params).context["rows"]]

    assert numbers(status="selesai") == [done.number]
    assert numbers(status="semua", kategori="sistem") == [late.number, done.number]
    assert numbers(status="semua", terlambat="on") == [late.number]
    assert numbers(kategori="persyaratan") == [fresh.number]
    assert handler_client.get(QUEUE, {"status": "tidak-ada"}).status_code == 200  # a bad filter: defaults


def test_queue_shows_only_this_offices_complaints(handler_client, world, file_complaint):
    file_complaint(office=world["other_office"])
    mine = file_complaint()
    assert [row.complaint for row in handler_client.get(QUEUE).context["rows"]] == [mine]


def test_queue_pages_by_50_and_keeps_the_filters_in_page_links(handler_client, world, file_complaint):
    for _ in range(51):
        file_complaint()
    response = handler_client.get(QUEUE, {"kategori": "waktu_layanan"})
    assert len(response.context["rows"]) == 50
    assert "?kategori=waktu_layanan&amp;halaman=2" in response.content.decode()
    assert len(handler_client.get(QUEUE, {"kategori": "waktu_layanan", "halaman": 2}).context["rows"]) == 1


@pytest.mark.parametrize("count", [2, 20])
def test_queue_queries_do_not_grow_with_rows(handler_client, world, file_complaint, django_assert_num_queries, count):
    for n in range(count):
        complaint = file_complaint(filed_at=timezone.now() - datetime.timedelta(days=n))
        if n % 3 == 0:
            complaint_reply(complaint=complaint, actor=world["handler"], text="Dibalas.")
    # session, user, office (with region), roles, count, rows, and the navigation's agency membership
    with django_assert_num_queries(7):
        response = handler_client.get(QUEUE, {"status": "semua"})
    assert len(response.context["rows"]) == count


def test_workspace_links_the_queue_for_handlers_only(client, world):
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    assert 'data-testid="complaints-card"' in client.get("/kantor/6202/").content.decode()
    client.logout()
    client.login(request=RequestFactory().get("/"), email=world["reviewer"].email, password=PASSWORD)
    assert 'data-testid="complaints-card"' not in client.get("/kantor/6202/").content.decode()


def test_complaint_handler_lands_on_the_office_workspace(client, world):
    client.login(request=RequestFactory().get("/"), email=world["handler"].email, password=PASSWORD)
    assert client.get("/mulai/")["Location"] == "/kantor/6202/"


def test_handlers_of_an_office_without_region_count_in_wib(world, file_complaint):
    office = OfficeFactory(code="8123")
    complaint = file_complaint(office=office, filed_at=_at(datetime.date(2025, 8, 14), 23, 30))
    assert complaint.first_response_due == datetime.date(2025, 8, 20)
