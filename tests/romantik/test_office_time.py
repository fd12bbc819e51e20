"""Times in the office's own zone (romantik.officetime, OfficeTimeZoneMiddleware): staff see their office's time,
an agency the time of the office its submission is with, a public page of an office that office's time; every
time shown is labelled WIB, WITA or WIT."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from romantik.calendar import office_today
from romantik.enums import Role
from romantik.middleware import OfficeTimeZoneMiddleware
from romantik.officetime import zone_name, zone_of_code, zoned_text
from submissions.enums import GuestPurpose
from submissions.frontdesk import guest_register
from submissions.models import Submission, Transition
from submissions.services import submission_submit
from tests.factories import (
    AgencyFactory,
    OfficeFactory,
    RegionFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
# 02:00 UTC: 09:00 WIB, 10:00 WITA, 11:00 WIT.
MOMENT = datetime.datetime(2027, 1, 4, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def places(db):
    """BPS RI (WIB), BPS Kota Banjarmasin (6371, WITA) and BPS Kota Jayapura (9471, WIT), each with a front
    desk officer and a reviewer, and an agency of each region with a verified user."""
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    world = {}
    for key, province, code, name in (
        ("banjarmasin", ("63", "KALIMANTAN SELATAN"), "6371", "KOTA BANJARMASIN"),
        ("jayapura", ("94", "PAPUA"), "9471", "KOTA JAYAPURA"),
    ):
        region = RegionFactory(
            code=code, name=name, level="kabkota", parent=RegionFactory(code=province[0], name=province[1])
        )
        office = OfficeFactory(code=code, region=region, name=f"BPS {name.title()}")
        agency = AgencyFactory(name=f"Dinas Kominfo {name.title()}", region=region)
        world[key] = {
            "office": office,
            "desk": staff(office, Role.FRONT_DESK, full_name=f"Petugas PST {code}"),
            "reviewer": staff(office, Role.REVIEWER),
            "agency": agency_user(agency),
        }
    return world


def submitted(person, at=MOMENT) -> Submission:
    s = submission_submit(submission=fill_complete(submission_for(person, title="Survei Zona")), actor=person)
    Submission.objects.filter(pk=s.pk).update(submitted_at=at)
    Transition.objects.filter(submission=s).update(at=at)
    return Submission.objects.get(pk=s.pk)


# --- the zones ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "zone", "name"),
    [("0000", WIB, "WIB"), ("3304", WIB, "WIB"), ("6202", WIB, "WIB"), ("6371", WITA, "WITA"),
     ("6302", WITA, "WITA"), ("9471", WIT, "WIT"), ("8271", WIT, "WIT")],
)  # fmt: skip
def test_each_office_code_has_its_provinces_zone(code, zone, name):
    assert zone_of_code(code) == zone
    assert zone_name(zone_of_code(code)) == name


def test_a_time_is_shown_in_the_zone_with_its_name():
    assert zoned_text(MOMENT, "j M Y H:i", zone=WIB) == "4 Jan 2027 09:00 WIB"
    assert zoned_text(MOMENT, "H:i", zone=WITA) == "10:00 WITA"
    assert zoned_text(MOMENT, "H:i", zone=WIT) == "11:00 WIT"
    assert zoned_text(None) == ""
    with timezone.override(WITA):
        assert zoned_text(MOMENT, "H:i") == "10:00 WITA"


# --- which office a page concerns ------------------------------------------------------------------------------


def zone_for(path: str, user=None) -> str | None:
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path)
    return OfficeTimeZoneMiddleware.office_code(request)


def test_staff_see_their_offices_time_on_every_page(places):
    b, j = places["banjarmasin"], places["jayapura"]
    papua_submission = submitted(j["agency"])
    assert zone_for("/", b["desk"]) == "6371"
    assert zone_for(reverse("submissions:list"), b["reviewer"]) == "6371"
    # A page of another office's submission (a consultation): still their own office's time.
    assert zone_for(reverse("review:detail", args=[papua_submission.pk]), b["reviewer"]) == "6371"


def test_an_agency_sees_the_time_of_the_office_it_deals_with(places):
    b, j = places["banjarmasin"], places["jayapura"]
    papua_submission = submitted(j["agency"])
    assert zone_for(reverse("submissions:overview", args=[papua_submission.pk]), j["agency"]) == "9471"
    # Elsewhere, its own region's (the office serving it is in the same province, so in the same zone).
    assert zone_for(reverse("submissions:list"), j["agency"]) == "9471"
    assert zone_for(reverse("submissions:list"), b["agency"]) == "6371"


def test_an_office_code_in_the_path_wins_over_the_pages_other_objects(places):
    """A guest's page of 6371 (its pk is a guest book entry's, whatever submission has the same pk) and the
    kiosk of 9471 (no log-in) take their office's time."""
    papua_submission = submitted(places["jayapura"]["agency"])
    guest_page = reverse("submissions:guest_detail", kwargs={"code": "6371", "pk": papua_submission.pk})
    assert zone_for(guest_page) == "6371"
    assert zone_for(reverse("submissions:kiosk", kwargs={"code": "9471", "token": "abc"})) == "9471"


def test_public_pages_of_an_office_and_of_a_complaint_take_that_offices_time(places):
    assert zone_for(reverse("office_service", args=["6371"])) == "6371"
    assert zone_for(reverse("complaints:track_detail", args=["ADU-9471-2027-12345"])) == "9471"
    assert zone_for("/") is None  # Jakarta's (settings.TIME_ZONE)


# --- the pages -------------------------------------------------------------------------------------------------


def test_a_banjarmasin_guest_at_nine_wita_is_shown_at_nine_wita_to_its_officer(places, client):
    b = places["banjarmasin"]
    entry = guest_register(
        office=b["office"],
        actor=b["desk"],
        name="Budi",
        email="budi@kominfo.go.id",
        phone="0812-3456-7890",
        purpose=GuestPurpose.RECOMMENDATION,
        agency_name="Dinas Kominfo",
    )
    nine_wita = datetime.datetime.combine(office_today(b["office"]), datetime.time(9, 0), tzinfo=WITA)
    type(entry).objects.filter(pk=entry.pk).update(created_at=nine_wita, called_at=nine_wita)
    client.force_login(b["desk"])
    page = client.get(reverse("submissions:guestbook", kwargs={"code": "6371"}), **EN).content.decode()
    assert "09:00 WITA" in page
    assert "08:00" not in page  # Jakarta's time of the same moment
    detail = client.get(
        reverse("submissions:guest_detail", kwargs={"code": "6371", "pk": entry.pk}), **EN
    ).content.decode()
    assert "called at 09:00 WITA" in detail


def test_an_agency_of_a_papua_office_sees_wit_times(places, client):
    j = places["jayapura"]
    s = submitted(j["agency"])
    client.force_login(j["agency"])
    page = client.get(reverse("submissions:overview", args=[s.pk]), **EN).content.decode()
    assert "submitted 4 January 2027 11:00 WIT" in page
    # Its history: the submission's step at 11:00 WIT.
    assert re.search(r"<time datetime=\"[^\"]+\">4 Jan 2027 11:00 WIT</time>", page)
    assert "09:00 WIB" not in page
    listing = client.get(reverse("submissions:list"), **EN).content.decode()
    assert " WIT</td>" in listing


def test_history_times_on_the_review_page_are_the_offices(places, client):
    b = places["banjarmasin"]
    s = submitted(b["agency"])
    client.force_login(b["reviewer"])
    page = client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode()
    assert re.search(r"<time datetime=\"[^\"]+\">4 Jan 2027 10:00 WITA</time>", page)


def test_the_autosave_message_names_the_offices_zone(places, client):
    j = places["jayapura"]
    draft = submission_for(j["agency"], title="Survei Autosave")
    client.force_login(j["agency"])
    response = client.post(
        reverse("submissions:autosave", kwargs={"pk": draft.pk, "key": "header"}), {"title": "Survei Autosave 2"}, **EN
    )
    assert re.fullmatch(r"Draft (saved|kept) at \d\d:\d\d WIT\..*", response.json()["message"])
    hour = int(response.json()["message"].split(" at ")[1][:2])
    assert hour == timezone.now().astimezone(WIT).hour or hour == (timezone.now().astimezone(WIT).hour - 1) % 24


def test_the_zone_is_only_for_the_request(places, client):
    client.force_login(places["jayapura"]["desk"])
    client.get(reverse("submissions:list"))
    assert timezone.get_current_timezone_name() == "Asia/Jakarta"


def test_messages_render_in_the_offices_zone(places, monkeypatch):
    """A message on an office's behalf renders in that office's zone (as its pages do); one without an office in
    Jakarta's."""
    from notifications import services as outbox
    from notifications.models import Message

    zones = []
    monkeypatch.setattr(
        outbox, "render_text", lambda name, context: zones.append(timezone.get_current_timezone_name()) or "x"
    )
    for office in (places["jayapura"]["office"], places["banjarmasin"]["office"], None):
        outbox.message_render(message=Message(template="submission_submitted", office=office, language="id"))
    assert zones == ["Asia/Jayapura"] * 2 + ["Asia/Makassar"] * 2 + ["Asia/Jakarta"] * 2
