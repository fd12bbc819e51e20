"""The office's device links (issue 17): the front desk issues and revokes a guest-book kiosk link and a
waiting-room screen link; the visitor signs the guest book at the kiosk without logging in and gets a ticket;
the desk sees and calls the kiosk's entries; the screen link shows the called numbers; wrong and revoked links
show a page that says so and nothing else."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from romantik.enums import Role
from submissions.enums import GuestPurpose, GuestSource, GuestStatus, OfficeLinkPurpose
from submissions.frontdesk import guest_register_at_kiosk, queue_call_next
from submissions.links import LinkInvalid, LinkRevoked
from submissions.models import GuestBookEntry, OfficeLink
from submissions.office_links import (
    SALT,
    office_link_issue,
    office_link_path,
    office_link_resolve,
    office_link_revoke,
    office_link_token,
    office_links_in_use,
)
from tests.factories import staff

from .test_frontdesk import EN, office_url, register
from .test_frontdesk import desk as desk_fixture  # noqa: F401 - the fixture `desk`

pytestmark = pytest.mark.django_db

KIOSK, SCREEN = OfficeLinkPurpose.KIOSK, OfficeLinkPurpose.SCREEN
ID = {"HTTP_ACCEPT_LANGUAGE": "id"}


@pytest.fixture
def desk(request):
    """The front desk of test_frontdesk: offices 6371 and 6302, their agencies and front-desk officers."""
    return request.getfixturevalue("desk_fixture")


def issue(desk, purpose=KIOSK, office=None, actor=None):
    return office_link_issue(office=office or desk["office"], purpose=purpose, actor=actor or desk["officer"])


def resolve(link, purpose=None, code=None):
    return office_link_resolve(
        token=office_link_token(link), code=code or link.office.code, purpose=purpose or link.purpose
    )


def visitor(**overrides):
    data = {
        "name": "Rina Kiosk",
        "agency": "",
        "agency_name": "Dinas Perikanan Banjarmasin",
        "position": "Analis",
        "email": "rina@perikanan.example.go.id",
        "phone": "0812-7777-8888",
        "purpose": GuestPurpose.DATA,
    }
    return {**data, **overrides}


# --- issuing and revoking ----------------------------------------------------------------------------------


def test_the_front_desk_issues_one_link_per_purpose_and_a_new_one_revokes_the_old(desk):
    first = issue(desk)
    assert resolve(first) == first
    second = issue(desk)
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revoked_by == desk["officer"]
    with pytest.raises(LinkRevoked):
        resolve(first)
    assert resolve(second) == second
    screen = issue(desk, SCREEN)
    assert office_links_in_use(desk["office"]) == {KIOSK: second, SCREEN: screen}
    assert OfficeLink.objects.filter(revoked_at__isnull=True).count() == 2


def test_revoking_stops_the_link_and_a_second_revoke_changes_nothing(desk):
    link = issue(desk, SCREEN)
    assert office_link_revoke(office=desk["office"], purpose=SCREEN, actor=desk["officer"]) == link
    with pytest.raises(LinkRevoked):
        resolve(link)
    assert office_link_revoke(office=desk["office"], purpose=SCREEN, actor=desk["officer"]) is None
    assert office_links_in_use(desk["office"]) == {}


@pytest.mark.parametrize("role", [Role.OFFICE_ADMIN, Role.COORDINATOR, Role.REVIEWER])
def test_only_the_offices_front_desk_issues_or_revokes(desk, role):
    other = staff(desk["office"], role)
    with pytest.raises(PermissionDenied):
        issue(desk, actor=other)
    with pytest.raises(PermissionDenied):
        issue(desk, actor=desk["other_officer"])  # the front desk of another office
    link = issue(desk)
    with pytest.raises(PermissionDenied):
        office_link_revoke(office=desk["office"], purpose=KIOSK, actor=other)
    assert resolve(link) == link


def test_a_link_opens_only_its_purpose_of_its_office(desk):
    kiosk = issue(desk)
    screen = issue(desk, SCREEN)
    with pytest.raises(LinkInvalid):
        resolve(kiosk, purpose=SCREEN)
    with pytest.raises(LinkInvalid):
        resolve(screen, purpose=KIOSK)
    with pytest.raises(LinkInvalid):
        resolve(kiosk, code=desk["other_office"].code)


def test_a_forged_or_mangled_token_is_invalid(desk):
    link = issue(desk)
    token = office_link_token(link)
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature changed
        signing.Signer(salt="another.salt").sign_object({"l": link.pk, "n": link.nonce, "p": KIOSK}),
        signing.Signer(salt=SALT, key="not-the-secret-key").sign_object({"l": link.pk, "n": link.nonce, "p": KIOSK}),
        signing.dumps({"l": link.pk, "n": link.nonce, "p": KIOSK}, salt=SALT),  # time-stamped: another kind
        signing.Signer(salt=SALT).sign_object([link.pk]),
        "kios",
    ]
    for bad in forged:
        with pytest.raises(LinkInvalid):
            office_link_resolve(token=bad, code=desk["office"].code, purpose=KIOSK)
    # Signed right, but with the wrong nonce (a row id reused after the database was seeded again).
    stale = signing.Signer(salt=SALT).sign_object({"l": link.pk, "n": "x" * 22, "p": KIOSK})
    with pytest.raises(LinkInvalid):
        office_link_resolve(token=stale, code=desk["office"].code, purpose=KIOSK)


def test_tokens_are_unguessable_each_link_has_its_own_random_nonce(desk):
    nonces = {issue(desk).nonce for _ in range(5)}
    assert len(nonces) == 5 and all(len(n) >= 20 for n in nonces)


def test_a_link_is_always_the_same_address(desk):
    link = issue(desk)
    assert office_link_token(link) == office_link_token(OfficeLink.objects.get(pk=link.pk))
    assert office_link_token(link) != office_link_token(issue(desk))


# --- the front-desk page -----------------------------------------------------------------------------------


def test_the_front_desk_issues_and_revokes_from_its_page(client, desk):
    client.force_login(desk["officer"])
    html = client.get(office_url("frontdesk", desk["office"]), **EN).content.decode()
    assert html.count('data-testid="device-link-none"') == 2
    response = client.post(reverse("submissions:office_link_issue", args=[desk["office"].code, "kios"]), **EN)
    assert response.status_code == 302 and response.url == office_url("frontdesk", desk["office"])
    link = OfficeLink.objects.get()
    html = client.get(office_url("frontdesk", desk["office"]), **EN).content.decode()
    assert f'value="http://testserver{office_link_path(link)}"' in html
    client.post(reverse("submissions:office_link_revoke", args=[desk["office"].code, "kios"]), **EN)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.post(reverse("submissions:office_link_issue", args=[desk["office"].code, "lain"])).status_code == 404


def test_those_who_look_at_the_desk_see_whether_a_link_is_in_use_but_not_the_link(client, desk):
    link = issue(desk)
    client.force_login(staff(desk["office"], Role.COORDINATOR))
    html = client.get(office_url("frontdesk", desk["office"]), **EN).content.decode()
    assert 'data-testid="device-links"' in html and "In use since" in html
    assert office_link_token(link) not in html and 'data-testid="device-link-issue"' not in html
    url = reverse("submissions:office_link_revoke", args=[desk["office"].code, "kios"])
    assert client.post(url).status_code == 403
    assert resolve(link) == link


# --- the kiosk -----------------------------------------------------------------------------------------------


def kiosk_url(link):
    return office_link_path(link)


def ticket_url(link):
    return reverse("submissions:kiosk_ticket", kwargs={"code": link.office.code, "token": office_link_token(link)})


def test_the_visitor_signs_the_guest_book_and_gets_a_ticket_shown_once(client, desk):
    register(desk, name="Budi Sebelumnya", email="budi@kominfo.go.id")  # number 1, at the desk
    link = issue(desk)
    page = client.get(kiosk_url(link), **EN)
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert 'autocomplete="off" data-testid="kiosk-form"' in html
    for field in ("name", "agency", "agency_name", "position", "email", "phone", "purpose", "situs_web"):
        assert f'name="{field}"' in html
    assert "Budi Sebelumnya" not in html and "budi@kominfo.go.id" not in html
    # The honeypot once, out of sight (the complaint form's CSS), never a field people are asked to fill.
    assert html.count('name="situs_web"') == 1
    assert re.search(
        r'<div class="complaint-hp" aria-hidden="true">\s*<label[^>]*>[^<]*</label><input[^>]*name="situs_web"', html
    )

    response = client.post(kiosk_url(link), visitor(), **EN)
    assert response.status_code == 302 and response.url == ticket_url(link)
    entry = GuestBookEntry.objects.get(name="Rina Kiosk")
    assert (entry.queue_number, entry.source, entry.created_by, entry.status) == (
        2,
        GuestSource.KIOSK,
        None,
        "menunggu",
    )
    assert (entry.agency_name, entry.email, entry.purpose) == (
        "Dinas Perikanan Banjarmasin",
        "rina@perikanan.example.go.id",
        GuestPurpose.DATA,
    )

    ticket = client.get(response.url, **EN)
    html = ticket.content.decode()
    assert re.search(r'data-testid="ticket-number">\s*2\s*<', html)
    assert "1 visitor is waiting before you." in html
    assert f'<meta http-equiv="refresh" content="30;url={kiosk_url(link)}">' in html
    assert "Rina" not in html and "rina@" not in html and "Budi" not in html  # a number, no names
    # Shown once: a reload (or the next visitor pressing Back) gets the empty form.
    again = client.get(ticket_url(link), **EN)
    assert again.status_code == 302 and again.url == kiosk_url(link)


def test_the_ticket_prints_by_itself(client, desk):
    link = issue(desk)
    client.post(kiosk_url(link), visitor(), **EN)
    html = client.get(ticket_url(link), **EN).content.decode()
    assert "/static/css/kiosk.css" in html and "data-kiosk-print" in html and "/static/js/kiosk.js" in html
    css = (Path(django_settings.BASE_DIR) / "static/css/kiosk.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert ".kiosk-chrome { display: none !important; }" in print_rules


def test_the_kiosk_validates_like_the_officers_form_and_keeps_the_input(client, desk):
    link = issue(desk)
    response = client.post(kiosk_url(link), visitor(phone="abc", agency_name=""), **EN)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a phone number, for example 0812-3456-7890." in html
    assert "Choose the agency from the list, or type its name." in html
    assert 'value="Rina Kiosk"' in html
    assert not GuestBookEntry.objects.exists()


def test_the_kiosk_offers_the_offices_agencies_like_the_desk(client, desk):
    link = issue(desk)
    html = client.get(kiosk_url(link), **EN).content.decode()
    assert "Dinas Kominfo Banjarmasin" in html and "Dinas Kesehatan Kotabaru" not in html
    client.post(kiosk_url(link), visitor(agency=desk["agency"].pk, agency_name=""), **EN)
    assert GuestBookEntry.objects.get().agency == desk["agency"]


def test_a_bot_that_fills_the_honeypot_gets_a_ticket_and_nothing_is_saved(client, desk):
    link = issue(desk)
    response = client.post(kiosk_url(link), visitor(situs_web="http://spam.example"), **EN)
    assert response.status_code == 302 and response.url == ticket_url(link)
    assert client.get(response.url, **EN).status_code == 200
    assert not GuestBookEntry.objects.exists()


def test_the_kiosk_is_rate_limited_per_link(client, desk, settings):
    settings.KIOSK_RATE_LIMIT = (2, 600)
    link = issue(desk)
    for i in range(2):
        assert client.post(kiosk_url(link), visitor(name=f"Tamu {i}"), **EN).status_code == 302
    response = client.post(kiosk_url(link), visitor(name="Tamu 3"), **EN)
    assert response.status_code == 429
    assert re.search(
        r'data-testid="kiosk-errors"><p class="mb-0">Too many visitors were registered', response.content.decode()
    )
    assert GuestBookEntry.objects.count() == 2


def test_a_revoked_kiosk_link_takes_no_entry(desk):
    link = issue(desk)
    office_link_revoke(office=desk["office"], purpose=KIOSK, actor=desk["officer"])
    with pytest.raises(PermissionDenied):
        guest_register_at_kiosk(
            link=link, name="X", email="x@example.go.id", phone="0812", purpose="data", agency_name="Y"
        )
    screen = issue(desk, SCREEN)
    with pytest.raises(PermissionDenied):
        guest_register_at_kiosk(
            link=screen, name="X", email="x@example.go.id", phone="0812", purpose="data", agency_name="Y"
        )
    assert not GuestBookEntry.objects.exists()


# --- wrong and revoked links ---------------------------------------------------------------------------------


def test_wrong_and_revoked_links_get_a_clear_indonesian_page_and_no_data(client, desk):
    register(desk, name="Budi Sebelumnya")
    queue_call_next(office=desk["office"], actor=desk["officer"])
    kiosk, screen = issue(desk), issue(desk, SCREEN)
    code = desk["office"].code
    pages = {
        reverse("submissions:kiosk", kwargs={"code": code, "token": "salah"}): (404, "Tautan ini tidak valid."),
        reverse("submissions:screen_link", kwargs={"code": code, "token": "salah"}): (404, "Tautan ini tidak valid."),
        reverse("submissions:screen_link", kwargs={"code": code, "token": office_link_token(kiosk)}): (
            404,
            "Tautan ini tidak valid.",
        ),
        reverse("submissions:kiosk", kwargs={"code": "6302", "token": office_link_token(kiosk)}): (
            404,
            "Tautan ini tidak valid.",
        ),
    }
    office_link_revoke(office=desk["office"], purpose=KIOSK, actor=desk["officer"])
    office_link_revoke(office=desk["office"], purpose=SCREEN, actor=desk["officer"])
    pages[kiosk_url(kiosk)] = (403, "Tautan ini telah dicabut.")
    pages[ticket_url(kiosk)] = (403, "Tautan ini telah dicabut.")
    pages[office_link_path(screen)] = (403, "Tautan ini telah dicabut.")
    for url, (status, text) in pages.items():
        response = client.get(url, **ID)
        html = response.content.decode()
        assert response.status_code == status, url
        assert text in html, url
        assert "Budi" not in html and desk["office"].name not in html and "called-number" not in html, url
    assert client.post(kiosk_url(kiosk), visitor(), **ID).status_code == 403
    assert GuestBookEntry.objects.count() == 1


# --- the desk picks the kiosk's entries up; the screen link shows the called numbers ---------------------------


def test_the_desk_lists_kiosk_entries_with_their_source_and_calls_them(client, desk):
    link = issue(desk)
    client.post(kiosk_url(link), visitor(), **EN)
    register(desk, name="Budi Meja")
    client.force_login(desk["officer"])
    html = client.get(office_url("frontdesk", desk["office"]), **EN).content.decode()
    rows = re.findall(r'<tr id="guest-\d+" data-testid="guest-row">(.*?)</tr>', html, re.S)
    assert len(rows) == 2
    assert 'data-testid="guest-source">Kiosk<' in rows[0] and "Rina Kiosk" in rows[0]
    assert 'data-testid="guest-source"' not in rows[1] and "Budi Meja" in rows[1]
    entry = GuestBookEntry.objects.get(name="Rina Kiosk")
    detail = client.get(office_url("guest_detail", desk["office"], pk=entry.pk), **ID).content.decode()
    assert re.search(r'data-testid="guest-source">\s*Kios\s*<', detail)

    client.post(office_url("queue_call", desk["office"]), {"expected": "1"}, **EN)
    entry.refresh_from_db()
    assert (entry.status, entry.called_by) == (GuestStatus.CALLED, desk["officer"])


def test_the_screen_link_shows_the_called_numbers_without_a_log_in(client, desk):
    register(desk, name="Budi Pertama")
    register(desk, name="Citra Kedua")
    queue_call_next(office=desk["office"], actor=desk["officer"])
    link = issue(desk, SCREEN)
    response = client.get(office_link_path(link), **EN)
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert re.search(r'data-testid="called-number">1<', html)
    assert re.search(r'data-testid="next-numbers">\s*<li[^>]*>2</li>', html)
    assert "Budi" not in html and "Citra" not in html
    assert "data-screen-refresh=" in html


def test_a_link_grants_nothing_else(client, desk):
    kiosk = issue(desk)
    screen = issue(desk, SCREEN)
    client.get(kiosk_url(kiosk))
    client.get(office_link_path(screen))
    client.post(kiosk_url(kiosk), visitor())
    entry = GuestBookEntry.objects.get()
    login = reverse("account_login")
    for name, kwargs in [
        ("frontdesk", {}),
        ("guestbook", {}),
        ("queue_screen", {}),
        ("guest_detail", {"pk": entry.pk}),
    ]:
        response = client.get(office_url(name, desk["office"], **kwargs))
        assert response.status_code == 302 and response.url.startswith(login), name
    assert client.post(office_url("queue_call", desk["office"])).url.startswith(login)
    assert "_auth_user_id" not in client.session
    assert GuestBookEntry.objects.get().status == GuestStatus.WAITING
