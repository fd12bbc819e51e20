"""The front desk (PST) of an office: guest book and queue numbers, calling, the waiting-room screen,
the visitor's account and invitation, and recording a walk-in's form into that account."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from notifications.models import Message
from notifications.services import message_render
from romantik.calendar import office_today
from romantik.enums import MembershipStatus, Role
from romantik.models import Agency, AgencyMembership, User
from submissions.enums import Channel, GuestPurpose, GuestStatus
from submissions.frontdesk import guest_register, guest_serve, queue_call_next, visitor_account_ensure, walkin_record
from submissions.models import GuestBookEntry, Submission
from submissions.rules import guest_is_served
from submissions.selectors import guest_board
from tests.factories import AgencyFactory, OfficeFactory, RegionFactory, agency_user, staff

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def desk(db):
    OfficeFactory(code="0000", level="pusat", name="BPS RI")
    province = RegionFactory(code="63", name="KALIMANTAN SELATAN")
    regency = RegionFactory(code="6371", name="KOTA BANJARMASIN", level="kabkota", parent=province)
    other_regency = RegionFactory(code="6302", name="KABUPATEN KOTABARU", level="kabkota", parent=province)
    office = OfficeFactory(code="6371", region=regency, name="BPS Kota Banjarmasin")
    other_office = OfficeFactory(code="6302", region=other_regency, name="BPS Kabupaten Kotabaru")
    agency = AgencyFactory(name="Dinas Kominfo Banjarmasin", region=regency)
    other_agency = AgencyFactory(name="Dinas Kesehatan Kotabaru", region=other_regency)
    return {
        "office": office,
        "other_office": other_office,
        "agency": agency,
        "other_agency": other_agency,
        "officer": staff(office, Role.FRONT_DESK, full_name="Petugas PST"),
        "other_officer": staff(other_office, Role.FRONT_DESK),
    }


def register(desk, *, office=None, actor=None, name="Budi", email="budi@kominfo.go.id", **kwargs):
    kwargs.setdefault("agency", desk["agency"])
    return guest_register(
        office=office or desk["office"],
        actor=actor or desk["officer"],
        name=name,
        email=email,
        phone="0812-3456-7890",
        purpose=GuestPurpose.RECOMMENDATION,
        **kwargs,
    )


def office_url(name, office, **kwargs):
    return reverse(f"submissions:{name}", kwargs={"code": office.code, **kwargs})


# --- queue numbers ------------------------------------------------------------------------------


def test_queue_numbers_are_1_2_3_per_office_per_day(desk):
    today = office_today(desk["office"])
    assert [register(desk, name=f"Tamu {i}").queue_number for i in range(3)] == [1, 2, 3]
    assert register(desk, visit_date=today + datetime.timedelta(days=1)).queue_number == 1
    other = register(desk, office=desk["other_office"], actor=desk["other_officer"], agency=desk["other_agency"])
    assert other.queue_number == 1
    assert register(desk).queue_number == 4
    assert list(
        GuestBookEntry.objects.filter(office=desk["office"], visit_date=today).values_list("queue_number", flat=True)
    ) == [1, 2, 3, 4]


def test_queue_numbers_restart_the_next_day(desk):
    yesterday = office_today(desk["office"]) - datetime.timedelta(days=1)
    assert [register(desk, visit_date=yesterday).queue_number for _ in range(2)] == [1, 2]
    assert [register(desk).queue_number for _ in range(2)] == [1, 2]


def test_guest_register_with_a_chosen_agency_keeps_its_name(desk):
    entry = register(desk, agency_name="something typed")
    assert (entry.agency, entry.agency_name, entry.status) == (desk["agency"], "Dinas Kominfo Banjarmasin", "menunggu")
    typed = register(desk, agency=None, agency_name="  Bappeda Kota Banjarmasin ")
    assert (typed.agency, typed.agency_name) == (None, "Bappeda Kota Banjarmasin")


def test_guest_register_refuses_an_officer_of_another_office(desk):
    with pytest.raises(PermissionDenied):
        register(desk, actor=desk["other_officer"])
    assert GuestBookEntry.objects.count() == 0


def test_guest_form_saves_and_shows_the_queue_number_big(client, desk):
    register(desk)
    client.force_login(desk["officer"])
    response = client.post(
        office_url("guest_new", desk["office"]),
        {
            "name": "Siti Aminah",
            "agency": "",
            "agency_name": "Bappeda Kota Banjarmasin",
            "position": "Perencana",
            "email": "Siti@Bappeda.go.id",
            "phone": "0813 1111 2222",
            "purpose": GuestPurpose.RECOMMENDATION,
        },
        **EN,
    )
    entry = GuestBookEntry.objects.get(name="Siti Aminah")
    assert response.status_code == 302
    assert response.url == office_url("guest_detail", desk["office"], pk=entry.pk)
    assert (entry.queue_number, entry.email, entry.created_by) == (2, "siti@bappeda.go.id", desk["officer"])
    html = client.get(response.url, **EN).content.decode()
    assert '<p class="display-1 fw-bold mb-1" data-testid="queue-number">2</p>' in html
    assert "Queue number" in html
    assert "Siti Aminah is in the guest book with queue number 2." in html


def test_guest_form_needs_an_agency_chosen_or_typed(client, desk):
    client.force_login(desk["officer"])
    response = client.post(
        office_url("guest_new", desk["office"]),
        {"name": "X", "agency": "", "agency_name": "", "email": "x@example.go.id", "phone": "08123456789"},
        **EN,
    )
    assert response.status_code == 400
    assert "Choose the agency from the list, or type its name." in response.content.decode()
    assert GuestBookEntry.objects.count() == 0


def test_guest_form_offers_only_verified_agencies_of_the_office(client, desk):
    AgencyFactory(name="Dinas Belum Diverifikasi", region=desk["office"].region, verified=False)
    client.force_login(desk["officer"])
    html = client.get(office_url("guest_new", desk["office"]), **EN).content.decode()
    assert "Dinas Kominfo Banjarmasin" in html
    assert "Dinas Belum Diverifikasi" not in html
    assert "Dinas Kesehatan Kotabaru" not in html


# --- calling ------------------------------------------------------------------------------------


def test_call_next_calls_the_lowest_waiting_number_in_order(desk):
    entries = [register(desk, name=f"Tamu {i}") for i in range(3)]
    calls = [queue_call_next(office=desk["office"], actor=desk["officer"]) for _ in range(3)]
    assert [(e.queue_number, called) for e, called in calls] == [(1, True), (2, True), (3, True)]
    assert queue_call_next(office=desk["office"], actor=desk["officer"]) == (None, False)
    first = GuestBookEntry.objects.get(pk=entries[0].pk)
    assert (first.status, first.called_by) == (GuestStatus.CALLED, desk["officer"])


def test_call_next_repeated_click_calls_nobody_twice(desk):
    for i in range(3):
        register(desk, name=f"Tamu {i}")
    entry, called = queue_call_next(office=desk["office"], actor=desk["officer"], expected_number=1)
    assert (entry.queue_number, called) == (1, True)
    entry, called = queue_call_next(office=desk["office"], actor=desk["officer"], expected_number=1)
    assert (entry.queue_number, called) == (1, False)
    assert list(GuestBookEntry.objects.order_by("queue_number").values_list("status", flat=True)) == [
        GuestStatus.CALLED,
        GuestStatus.WAITING,
        GuestStatus.WAITING,
    ]


def test_call_next_says_when_nobody_waits(client, desk):
    client.force_login(desk["officer"])
    response = client.post(office_url("queue_call", desk["office"]), follow=True, **EN)
    assert response.redirect_chain == [(office_url("guestbook", desk["office"]), 302)]
    assert "Nobody is waiting." in response.content.decode()


def test_call_next_view_names_the_called_number(client, desk):
    register(desk, name="Ani")
    register(desk, name="Budi")
    client.force_login(desk["officer"])
    html = client.post(office_url("queue_call", desk["office"]), {"expected": "1"}, follow=True, **EN).content.decode()
    assert "Number 1 called: Ani." in html
    html = client.post(office_url("queue_call", desk["office"]), {"expected": "1"}, follow=True, **EN).content.decode()
    assert "Number 1 was already called; nothing changed. Call again for the next number." in html
    assert GuestBookEntry.objects.get(name="Budi").status == GuestStatus.WAITING


def test_queue_of_another_day_is_not_called(desk):
    register(desk, visit_date=office_today(desk["office"]) - datetime.timedelta(days=1))
    assert queue_call_next(office=desk["office"], actor=desk["officer"]) == (None, False)


def test_guest_board_splits_the_days_queue_by_status(desk):
    today = office_today(desk["office"])
    entries = [register(desk, name=f"Tamu {i}") for i in range(5)]
    register(desk, name="Kemarin", visit_date=today - datetime.timedelta(days=1))
    register(desk, office=desk["other_office"], actor=desk["other_officer"], agency=desk["other_agency"])
    for _ in range(3):
        queue_call_next(office=desk["office"], actor=desk["officer"])
    guest_serve(entry=entries[0], actor=desk["officer"])
    board = guest_board(desk["office"], today)

    def numbers(key):
        return [entry.queue_number for entry in board[key]]

    assert (numbers("entries"), numbers("waiting"), numbers("being_served")) == ([1, 2, 3, 4, 5], [4, 5], [3, 2])
    assert (board["next_waiting"].queue_number, board["last_called"].queue_number) == (4, 3)
    assert (board["count_waiting"], board["count_called"], board["count_done"]) == (2, 2, 1)


def test_guest_board_of_a_day_without_guests(desk):
    board = guest_board(desk["office"], office_today(desk["office"]))
    assert board == {
        "entries": [],
        "waiting": [],
        "next_waiting": None,
        "last_called": None,
        "being_served": [],
        "count_waiting": 0,
        "count_called": 0,
        "count_done": 0,
    }


def test_guest_is_served_once_the_desk_is_done(desk):
    entry = register(desk)
    called, _ = queue_call_next(office=desk["office"], actor=desk["officer"])
    assert (guest_is_served(entry), guest_is_served(called)) == (False, False)
    assert guest_is_served(guest_serve(entry=entry, actor=desk["officer"])) is True


def test_screen_shows_the_called_number_and_refreshes_every_10_seconds(client, desk):
    for i in range(4):
        register(desk, name=f"Tamu {i}")
    queue_call_next(office=desk["office"], actor=desk["officer"])
    queue_call_next(office=desk["office"], actor=desk["officer"])
    client.force_login(desk["officer"])
    html = client.get(office_url("queue_screen", desk["office"]), **EN).content.decode()
    assert 'data-screen-refresh="10"' in html  # queue-screen.js fetches the page every 10 s
    assert 'data-testid="called-number">2</text>' in html
    assert '<li class="display-4 fw-bold border-bottom py-2">3</li>' in html
    assert '<li class="display-4 fw-bold border-bottom py-2">4</li>' in html
    assert "BPS Kota Banjarmasin" in html
    assert html.count("<script") == 1 and '<script src="/static/js/queue-screen.js"></script>' in html


def test_screen_before_any_call_says_so(client, desk):
    client.force_login(desk["officer"])
    html = client.get(office_url("queue_screen", desk["office"]), **EN).content.decode()
    assert "No number called yet." in html
    assert "Nobody is waiting." in html


def test_guestbook_filters_by_date_and_defaults_to_today(client, desk):
    yesterday = office_today(desk["office"]) - datetime.timedelta(days=1)
    register(desk, name="Kemarin", visit_date=yesterday)
    register(desk, name="Hari Ini")
    client.force_login(desk["officer"])
    html = client.get(office_url("guestbook", desk["office"]), **EN).content.decode()
    assert "Hari Ini" in html and "Kemarin" not in html
    html = client.get(office_url("guestbook", desk["office"]), {"tanggal": yesterday.isoformat()}, **EN)
    html = html.content.decode()
    assert "Kemarin" in html and "Hari Ini" not in html
    assert 'data-testid="call-next"' not in html  # no calling on another day


def test_guest_served_marks_the_entry(client, desk):
    entry = register(desk)
    client.force_login(desk["officer"])
    response = client.post(office_url("guest_served", desk["office"], pk=entry.pk), **EN)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == GuestStatus.DONE


# --- who may use the front desk ------------------------------------------------------------------


def _front_desk_requests(desk, entry):
    office = desk["office"]
    return [
        ("get", office_url("frontdesk", office), {}),
        ("get", office_url("guestbook", office), {}),
        ("get", office_url("guest_new", office), {}),
        ("post", office_url("guest_new", office), {"name": "X"}),
        ("post", office_url("queue_call", office), {}),
        ("get", office_url("queue_screen", office), {}),
        ("get", office_url("guest_detail", office, pk=entry.pk), {}),
        ("post", office_url("guest_served", office, pk=entry.pk), {}),
        ("get", office_url("guest_account", office, pk=entry.pk), {}),
        ("post", office_url("guest_account", office, pk=entry.pk), {"email": "x@example.go.id"}),
        ("get", office_url("guest_record", office, pk=entry.pk), {}),
        ("post", office_url("guest_record", office, pk=entry.pk), {"kind": "fs3"}),
    ]


@pytest.mark.parametrize("who", ["other_officer", "agency_user", "reviewer"])
def test_every_front_desk_url_refuses_others(client, desk, who):
    entry = register(desk)
    users = {
        "other_officer": desk["other_officer"],
        "agency_user": agency_user(desk["agency"]),
        "reviewer": staff(desk["office"], Role.REVIEWER),
    }
    client.force_login(users[who])
    statuses = [
        getattr(client, method)(url, data).status_code for method, url, data in _front_desk_requests(desk, entry)
    ]
    assert statuses == [403] * 12
    entry.refresh_from_db()
    assert (entry.status, entry.user) == (GuestStatus.WAITING, None)
    assert (GuestBookEntry.objects.count(), Submission.objects.count(), Message.objects.count()) == (1, 0, 0)


def test_a_guest_of_another_office_is_404_under_ones_own_office(client, desk):
    foreign = register(desk, office=desk["other_office"], actor=desk["other_officer"], agency=desk["other_agency"])
    client.force_login(desk["officer"])
    for name in ("guest_detail", "guest_account", "guest_record"):
        assert client.get(office_url(name, desk["office"], pk=foreign.pk)).status_code == 404
    assert client.post(office_url("guest_served", desk["office"], pk=foreign.pk)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, desk):
    response = client.get(office_url("guestbook", desk["office"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.OFFICE_ADMIN])
def test_coordinator_and_office_admin_may_look_but_not_work_the_desk(client, desk, role):
    entry = register(desk)
    client.force_login(staff(desk["office"], role))
    looks = ["frontdesk", "guestbook", "queue_screen"]
    assert [client.get(office_url(name, desk["office"])).status_code for name in looks] == [200, 200, 200]
    assert client.get(office_url("guest_detail", desk["office"], pk=entry.pk)).status_code == 200
    assert client.get(office_url("guest_new", desk["office"])).status_code == 403
    assert client.post(office_url("queue_call", desk["office"])).status_code == 403
    assert client.get(office_url("guest_account", desk["office"], pk=entry.pk)).status_code == 403
    html = client.get(office_url("guestbook", desk["office"]), **EN).content.decode()
    assert "Register a visitor" not in html and 'data-testid="call-next"' not in html


def test_office_menu_links_the_front_desk_only_for_its_roles(client, desk):
    client.force_login(desk["officer"])
    html = client.get(reverse("office_workspace", kwargs={"code": "6371"}), **EN).content.decode()
    assert f'href="{office_url("frontdesk", desk["office"])}">Front desk</a>' in html
    assert f'href="{office_url("guestbook", desk["office"])}">Guest book</a>' in html
    assert 'data-testid="front-desk-card"' in html
    client.force_login(staff(desk["office"], Role.REVIEWER))
    html = client.get(reverse("office_workspace", kwargs={"code": "6371"}), **EN).content.decode()
    assert office_url("frontdesk", desk["office"]) not in html
    assert 'data-testid="front-desk-card"' not in html


def test_start_still_sends_the_front_desk_officer_to_the_office(client, desk):
    client.force_login(desk["officer"])
    response = client.get(reverse("start"))
    assert response.url == reverse("office_workspace", kwargs={"code": "6371"})


# --- the visitor's account -------------------------------------------------------------------------


def test_account_creation_sends_one_invitation_and_links_the_agency_verified(client, desk):
    entry = register(desk, name="Budi Santoso", position="Pranata Komputer")
    client.force_login(desk["officer"])
    url = office_url("guest_account", desk["office"], pk=entry.pk)
    data = {"email": "budi@kominfo.go.id", "agency": desk["agency"].pk, "new_agency_name": ""}
    response = client.post(url, data, follow=True, **EN)
    assert response.redirect_chain == [(office_url("guest_detail", desk["office"], pk=entry.pk), 302)]
    assert (
        "The account of Budi Santoso was created and an invitation to set a password sent to budi@kominfo.go.id."
        in response.content.decode()
    )
    user = User.objects.get(email="budi@kominfo.go.id")
    assert (user.full_name, user.phone, user.position) == ("Budi Santoso", "0812-3456-7890", "Pranata Komputer")
    assert not user.has_usable_password()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("budi@kominfo.go.id", False, True)
    ]
    membership = AgencyMembership.objects.get(user=user)
    assert (membership.agency, membership.status, membership.decided_by) == (
        desk["agency"],
        MembershipStatus.VERIFIED,
        desk["officer"],
    )
    assert membership.note == "Verified in person at the front desk"
    entry.refresh_from_db()
    assert entry.user == user
    client.post(url, data, **EN)  # a repeated click
    invitations = Message.objects.filter(template="account_invitation")
    assert [(m.recipient, m.address) for m in invitations] == [(user, "budi@kominfo.go.id")]
    assert Message.objects.count() == 1
    message = invitations.get()
    message.language = "en"
    subject, body = message_render(message=message)
    assert subject == "Set your password to start using your Romantik account (Dinas Kominfo Banjarmasin)"
    assert f"http://127.0.0.1:8000{message.context['url']}\n" in body
    assert "Petugas PST at the PST front desk of BPS Kota Banjarmasin created a Romantik account" in body


def test_account_for_a_typed_agency_adds_it_as_served_by_the_office(desk):
    entry = register(desk, agency=None, agency_name="Bappeda Kota Banjarmasin")
    result = visitor_account_ensure(entry=entry, actor=desk["officer"], new_agency_name="Bappeda Kota Banjarmasin")
    agency = Agency.objects.get(name="Bappeda Kota Banjarmasin")
    assert (agency.region, agency.level, agency.verified, agency.proposed_by) == (
        desk["office"].region,
        "kabkota",
        True,
        desk["officer"],
    )
    assert (result.created, result.linked, result.invited) == (True, True, True)
    assert result.user.membership.agency == agency


def test_account_linked_to_another_agency_is_refused_and_unchanged(client, desk):
    visitor = agency_user(desk["other_agency"], email="budi@kominfo.go.id", full_name="Budi")
    entry = register(desk)
    client.force_login(desk["officer"])
    response = client.post(
        office_url("guest_account", desk["office"], pk=entry.pk),
        {"email": "budi@kominfo.go.id", "agency": desk["agency"].pk},
        **EN,
    )
    assert response.status_code == 400
    assert (
        "The account budi@kominfo.go.id is already linked to Dinas Kesehatan Kotabaru. The link was not changed"
        in response.content.decode()
    )
    membership = AgencyMembership.objects.get(user=visitor)
    assert (membership.agency, membership.status) == (desk["other_agency"], MembershipStatus.VERIFIED)
    entry.refresh_from_db()
    assert entry.user is None
    assert Message.objects.count() == 0


def test_account_page_finds_an_existing_account_by_email(client, desk):
    agency_user(desk["agency"], email="ani@kominfo.go.id", full_name="Ani Lestari")
    entry = register(desk, email="other@example.go.id")
    client.force_login(desk["officer"])
    url = office_url("guest_account", desk["office"], pk=entry.pk)
    html = client.get(url, **EN).content.decode()
    assert 'data-testid="account-none"' in html
    html = client.get(url, {"email": "ANI@kominfo.go.id"}, **EN).content.decode()
    assert "An account has confirmed ani@kominfo.go.id as its address." in html
    assert "It is linked to Dinas Kominfo Banjarmasin (Verified)." in html
    # The name is the account holder's own words: shown only as such, never as who the account belongs to.
    assert (
        "Name typed by the account holder, not checked by BPS: Ani Lestari. It proves nothing: check who the "
        "visitor is yourself." in html
    )
    assert html.count("Ani Lestari") == 1


# --- only a confirmed primary address is the visitor's ------------------------------------------------------


def _unconfirmed(user, email, *, primary=False):
    """`user` claims `email` without ever confirming it (allauth's "add e-mail", or signing up with it)."""
    if primary:
        EmailAddress.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(email=email)
    return EmailAddress.objects.create(user=user, email=email, verified=False, primary=primary)


def test_an_unconfirmed_second_address_of_another_account_is_not_the_visitors(client, desk):
    """The attack: Mallory adds the visitor's address to her account and never confirms it. Looking the visitor
    up must not find Mallory, and the form must be recorded into a new account of the visitor, not hers."""
    mallory = User.objects.create_user(email="mallory@example.com", password="Pelangi-Senja-2026", full_name="Budi")
    EmailAddress.objects.create(user=mallory, email=mallory.email, verified=True, primary=True)
    _unconfirmed(mallory, "budi@kominfo.go.id")
    entry = register(desk, name="Budi Santoso")
    client.force_login(desk["officer"])
    url = office_url("guest_account", desk["office"], pk=entry.pk)

    html = client.get(url, **EN).content.decode()
    assert 'data-testid="account-none"' in html and 'data-testid="account-found"' not in html
    assert "mallory@example.com" not in html

    response = client.post(url, {"email": "budi@kominfo.go.id", "agency": desk["agency"].pk}, **EN)
    assert response.status_code == 302
    entry.refresh_from_db()
    visitor = entry.user
    assert visitor != mallory and visitor.email == "budi@kominfo.go.id" and visitor.full_name == "Budi Santoso"
    assert not AgencyMembership.objects.filter(user=mallory).exists()
    submission = walkin_record(entry=entry, kind="fs3", actor=desk["officer"])
    assert submission.created_by == visitor
    assert [m.recipient for m in Message.objects.order_by("pk")] == [visitor, visitor]
    # Mallory's claim stays unconfirmed: allauth will not confirm an address another account has confirmed.
    invitation = Message.objects.get(template="account_invitation").context["url"]
    client.logout()
    client.post(invitation, {"new_password1": "Pelangi-Senja-2026", "new_password2": "Pelangi-Senja-2026"})
    claim = EmailAddress.objects.get(user=mallory, email="budi@kominfo.go.id")
    assert not claim.verified and not claim.can_set_verified()


def test_an_unconfirmed_log_in_of_another_account_is_not_the_visitors_and_says_how_to_go_on(client, desk):
    """Mallory signed up with the visitor's address (never confirmed: she cannot even log in). The desk does not
    find her account, does not link it, and tells the officer what the visitor can do."""
    mallory = User.objects.create_user(email="mallory@example.com", password="Pelangi-Senja-2026", full_name="Budi")
    _unconfirmed(mallory, "budi@kominfo.go.id", primary=True)
    entry = register(desk)
    client.force_login(desk["officer"])
    url = office_url("guest_account", desk["office"], pk=entry.pk)

    html = client.get(url, **EN).content.decode()
    assert 'data-testid="account-found"' not in html and 'data-testid="account-conflict"' in html
    message = (
        "budi@kominfo.go.id is the log-in of an account that never confirmed it, so it is not taken as the "
        "visitor&#x27;s. If the visitor made that account, they confirm the address from the e-mail sent when they "
        "log in (or set a new password with &quot;Forgot your password?&quot;), then find it here again; otherwise "
        "use another e-mail address."
    )
    assert message in html

    response = client.post(url, {"email": "budi@kominfo.go.id", "agency": desk["agency"].pk}, **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    entry.refresh_from_db()
    assert entry.user is None
    assert not AgencyMembership.objects.filter(user=mallory).exists()
    assert (User.objects.count(), Message.objects.count()) == (3, 0)  # the two officers and Mallory

    # Another address of the visitor's works at once.
    response = client.post(url, {"email": "budi.santoso@kominfo.go.id", "agency": desk["agency"].pk}, **EN)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.user.email == "budi.santoso@kominfo.go.id"


def test_a_confirmed_second_address_is_not_taken_as_the_account(desk):
    holder = agency_user(desk["agency"], email="ani@kominfo.go.id")
    EmailAddress.objects.create(user=holder, email="ani.lestari@kominfo.go.id", verified=True, primary=False)
    entry = register(desk, email="ani.lestari@kominfo.go.id")
    with translation.override("en"), pytest.raises(ValidationError, match="confirmed as a second address of"):
        visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"])
    entry.refresh_from_db()
    assert entry.user is None and User.objects.filter(email="ani.lestari@kominfo.go.id").count() == 0
    # Its primary address finds it.
    result = visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"], email=holder.email)
    assert (result.user, result.created) == (holder, False)


def test_a_returning_visitor_whose_invitation_is_open_gets_the_same_account(client, desk):
    """The account a desk created has no password and no confirmed address, but nobody could have chosen it:
    the next visit finds it (and sends the invitation again) instead of failing on the taken address."""
    first = register(desk, name="Budi Santoso")
    created = visitor_account_ensure(entry=first, actor=desk["officer"], agency=desk["agency"]).user
    again = register(desk, name="Budi Santoso")
    client.force_login(desk["officer"])
    url = office_url("guest_account", desk["office"], pk=again.pk)
    html = client.get(url, **EN).content.decode()
    assert (
        "A front desk created an account for budi@kominfo.go.id; nobody has set its password yet. Saving sends "
        "the invitation to that address again." in html
    )
    assert 'data-testid="account-holder-name"' not in html
    result = visitor_account_ensure(entry=again, actor=desk["officer"], agency=desk["agency"])
    assert (result.user, result.created, result.invited) == (created, False, True)
    assert Message.objects.filter(template="account_invitation").count() == 2


def test_guest_page_shows_the_accounts_address_not_the_name_its_holder_chose(client, desk):
    visitor = agency_user(desk["agency"], email="ani@kominfo.go.id", full_name="Nama Pilihan Sendiri")
    entry = register(desk, name="Ani Lestari", email="ani@kominfo.go.id")
    visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"])
    client.force_login(desk["officer"])
    html = client.get(office_url("guest_detail", desk["office"], pk=entry.pk), **EN).content.decode()
    assert "Nama Pilihan Sendiri" not in html
    assert 'data-testid="guest-account">ani@kominfo.go.id' in html
    entry.refresh_from_db()
    assert entry.user == visitor


def test_existing_pending_member_of_the_agency_is_verified_without_invitation(desk):
    visitor = agency_user(desk["agency"], status=MembershipStatus.PENDING, email="ani@kominfo.go.id")
    entry = register(desk, email="ani@kominfo.go.id")
    result = visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"])
    assert (result.user, result.created, result.linked, result.invited) == (visitor, False, True, False)
    assert AgencyMembership.objects.get(user=visitor).status == MembershipStatus.VERIFIED
    assert list(Message.objects.values_list("template", flat=True)) == ["membership_verified"]


def test_account_refuses_a_bps_staff_address(desk):
    entry = register(desk, email=desk["other_officer"].email)
    with pytest.raises(Exception, match="adalah akun pegawai BPS"):  # in the portal's language, Indonesian
        visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"])


# --- the invitation -------------------------------------------------------------------------------


def _invited(desk, email="budi@kominfo.go.id"):
    entry = register(desk, email=email)
    result = visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"])
    return entry, result.user, Message.objects.get(template="account_invitation").context["url"]


def test_invitation_link_sets_password_verifies_email_and_logs_in(client, desk):
    _entry, user, url = _invited(desk)
    html = client.get(url, **EN).content.decode()
    assert "Set your password" in html
    response = client.post(url, {"new_password1": "Pelangi-Senja-2026", "new_password2": "Pelangi-Senja-2026"}, **EN)
    assert response.status_code == 302
    assert response.url == reverse("start")
    user.refresh_from_db()
    assert user.check_password("Pelangi-Senja-2026")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("budi@kominfo.go.id", True, True)
    ]
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("start")).url == reverse("agency_dashboard")


def test_invitation_link_cannot_be_used_twice(client, desk):
    _entry, user, url = _invited(desk)
    client.post(url, {"new_password1": "Pelangi-Senja-2026", "new_password2": "Pelangi-Senja-2026"})
    client.logout()
    response = client.get(url, **EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This link is not valid" in html
    assert f'href="{reverse("account_reset_password")}"' in html
    response = client.post(url, {"new_password1": "Another-Pass-2027", "new_password2": "Another-Pass-2027"}, **EN)
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.check_password("Pelangi-Senja-2026")


def test_invitation_link_with_a_wrong_token_is_refused(client, desk):
    _entry, user, url = _invited(desk)
    response = client.get(url[:-3] + "xyz/", **EN)
    assert response.status_code == 400
    assert client.get("/akun/undangan/zzzzzzzzzzzzzzzzzz/abc/", **EN).status_code == 400


def test_invitation_password_must_pass_the_validators(client, desk):
    _entry, user, url = _invited(desk)
    response = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"}, **EN)
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert "_auth_user_id" not in client.session


# --- recording the walk-in's form ------------------------------------------------------------------


def test_walkin_record_creates_an_offline_submission_and_tells_the_visitor(client, desk):
    entry, visitor, invitation_url = _invited(desk)
    client.force_login(desk["officer"])
    response = client.post(office_url("guest_record", desk["office"], pk=entry.pk), {"kind": "fs3"}, **EN)
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("submissions:section", kwargs={"pk": submission.pk, "key": "header"})
    assert (submission.kind, submission.channel, submission.recorded_by, submission.created_by) == (
        "fs3",
        Channel.OFFLINE,
        desk["officer"],
        visitor,
    )
    assert (submission.agency, submission.office) == (desk["agency"], desk["office"])
    entry.refresh_from_db()
    assert (entry.user, entry.status) == (visitor, GuestStatus.DONE)
    recorded = Message.objects.get(template="submission_recorded")
    assert (recorded.recipient, recorded.context["url"]) == (visitor, submission.get_absolute_url())
    recorded.language = "en"
    subject, body = message_render(message=recorded)
    assert subject == "FS3 form recorded for Dinas Kominfo Banjarmasin at the front desk: please check and continue it"
    assert "Petugas PST at the PST front desk of BPS Kota Banjarmasin recorded a form for Dinas Kominfo" in body
    assert f"http://127.0.0.1:8000{reverse('submissions:list')}\n" in body

    # The officer fills the header on the visitor's behalf.
    header = reverse("submissions:section", kwargs={"pk": submission.pk, "key": "header"})
    assert client.post(header, {"title": "Survei Kepuasan Layanan Publik", "year": "2027"}).status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Survei Kepuasan Layanan Publik"

    # The visitor sets a password through the invitation and sees the form.
    client.logout()
    client.post(invitation_url, {"new_password1": "Pelangi-Senja-2026", "new_password2": "Pelangi-Senja-2026"})
    html = client.get(reverse("submissions:list"), **EN).content.decode()
    assert f'<a href="{submission.get_absolute_url()}">Survei Kepuasan Layanan Publik</a>' in html
    assert client.get(submission.get_absolute_url()).status_code == 200


def test_walkin_record_needs_the_account_first(client, desk):
    entry = register(desk)
    client.force_login(desk["officer"])
    response = client.get(office_url("guest_record", desk["office"], pk=entry.pk))
    assert response.url == office_url("guest_account", desk["office"], pk=entry.pk)
    with pytest.raises(Exception, match="Cari atau buat akun pengunjung terlebih dahulu."):
        walkin_record(entry=entry, kind="fs3", actor=desk["officer"])
    assert Submission.objects.count() == 0


def test_walkin_record_repeated_click_returns_the_same_draft(desk):
    entry, visitor, _url = _invited(desk)
    first = walkin_record(entry=entry, kind="fs3", actor=desk["officer"])
    again = walkin_record(entry=entry, kind="fs3", actor=desk["officer"])
    other_kind = walkin_record(entry=entry, kind="fpkpa", actor=desk["officer"])
    assert first == again != other_kind
    assert Submission.objects.count() == 2
    assert Message.objects.filter(template="submission_recorded").count() == 2


def test_walkin_record_refuses_an_officer_of_another_office(desk):
    entry, _visitor, _url = _invited(desk)
    with pytest.raises(PermissionDenied):
        walkin_record(entry=entry, kind="fs3", actor=desk["other_officer"])
    assert Submission.objects.count() == 0


def test_front_desk_page_lists_todays_guests_and_the_walkins(client, desk):
    entry, _visitor, _url = _invited(desk)
    submission = walkin_record(entry=entry, kind="fs3", actor=desk["officer"])
    client.force_login(staff(desk["office"], Role.COORDINATOR))
    html = client.get(office_url("frontdesk", desk["office"]), **EN).content.decode()
    assert 'data-testid="guestbook-table"' in html
    assert f'<a href="{submission.get_absolute_url()}">(untitled)</a>' in html
    assert client.get(submission.get_absolute_url()).status_code == 200


# --- fixed number of queries ----------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["guestbook", "frontdesk", "queue_screen"])
def test_page_query_count_is_the_same_for_2_and_20_entries(client, desk, name):
    client.force_login(desk["officer"])
    url = office_url(name, desk["office"])

    def add(n):
        for i in range(n):
            entry = register(desk, name=f"Tamu {i}", email=f"tamu{GuestBookEntry.objects.count()}@example.go.id")
            if i % 2:
                visitor_account_ensure(entry=entry, actor=desk["officer"], agency=desk["agency"])
                walkin_record(entry=entry, kind="fs3", actor=desk["officer"])
        queue_call_next(office=desk["office"], actor=desk["officer"])

    add(2)
    two = _queries(client, url)
    add(18)
    assert GuestBookEntry.objects.count() == 20
    assert _queries(client, url) == two
