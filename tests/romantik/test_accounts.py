"""Sign-up with mandatory e-mail verification, and the agency link verified by an officer."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from notifications.enums import MessageState
from notifications.models import Message
from notifications.services import outbox_flush
from romantik.enums import MembershipStatus
from romantik.models import Agency, AgencyMembership, Region
from romantik.rules import membership_pending, membership_verified
from tests.factories import PASSWORD, AgencyFactory, agency_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_shared):
    """The demo data, loaded once for the module: each test runs in its own savepoint inside it."""
    return demo_shared


def signup(client, **overrides):
    data = {
        "email": "rina@dinkes.kotimkab.go.id",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Rina Handayani",
        "phone": "081234567890",
        "position": "Kepala Seksi Data",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def deliver_outbox():
    """What the Celery worker does: send every queued message now."""
    return outbox_flush(grace=timedelta(0))


def test_signup_requires_email_verification_before_login(client, demo):
    agency = Agency.objects.get(name__startswith="Dinas Kesehatan Kabupaten Kotawaringin")
    response = signup(client, agency=agency.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    # Not logged in yet: the start page sends the user to log in, and logging in asks for verification.
    assert client.get(reverse("start")).status_code == 302
    login = client.post(reverse("account_login"), {"login": "rina@dinkes.kotimkab.go.id", "password": PASSWORD})
    assert login["Location"] == reverse("account_email_verification_sent")

    # The verification e-mail went through the outbox.
    queued = Message.objects.filter(address="rina@dinkes.kotimkab.go.id", template="prerendered")
    assert queued.count() == 1  # allauth does not resend within its cooldown
    deliver_outbox()
    assert set(queued.values_list("state", flat=True)) == {MessageState.SENT}
    link = re.search(r"https?://[^/\s]+(/akun/confirm-email/[^\s]+)", mail.outbox[-1].body).group(1)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302

    membership = AgencyMembership.objects.get(user__email="rina@dinkes.kotimkab.go.id")
    assert membership.agency == agency
    assert membership.status == MembershipStatus.PENDING
    page = client.get(reverse("agency_dashboard"))
    assert membership.agency.name in page.content.decode()


def test_signup_notifies_the_responsible_offices_officers(client, demo):
    agency = Agency.objects.get(name__startswith="Dinas Kesehatan Kabupaten Kotawaringin")
    signup(client, agency=agency.pk)
    recipients = set(Message.objects.filter(template="membership_pending").values_list("address", flat=True))
    assert recipients == {
        "frontdesk.6202@demo.bps.go.id",
        "coordinator.6202@demo.bps.go.id",
        "officeadmin.6202@demo.bps.go.id",
    }


def test_signup_auto_verifies_go_id_where_the_office_allows_it(client, demo):
    agency = Agency.objects.get(name__startswith="Dinas Komunikasi")  # Banjarmasin: auto_verify_go_id
    signup(client, email="ahmad@diskominfo.banjarmasinkota.go.id", agency=agency.pk)
    membership = AgencyMembership.objects.get(user__email="ahmad@diskominfo.banjarmasinkota.go.id")
    assert membership.status == MembershipStatus.VERIFIED
    assert not Message.objects.filter(template="membership_pending").exists()


def test_signup_does_not_auto_verify_other_domains(client, demo):
    agency = Agency.objects.get(name__startswith="Dinas Komunikasi")
    signup(client, email="ahmad@gmail.com", agency=agency.pk)
    assert AgencyMembership.objects.get(user__email="ahmad@gmail.com").status == MembershipStatus.PENDING


def test_signup_proposes_a_new_agency(client, demo):
    region = Region.objects.get(code="6302")
    response = signup(
        client,
        new_agency_name="Dinas Perikanan Kabupaten Kotabaru",
        new_agency_level="kabkota",
        new_agency_region=region.pk,
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Dinas Perikanan Kabupaten Kotabaru")
    assert agency.verified is False
    assert agency.region == region
    recipients = set(Message.objects.filter(template="membership_pending").values_list("address", flat=True))
    assert "frontdesk.6302@demo.bps.go.id" in recipients


@pytest.mark.parametrize(
    "fields, error_field",
    [
        ({}, "agency"),
        ({"new_agency_name": "Dinas X", "new_agency_level": ""}, "new_agency_level"),
        ({"new_agency_name": "Dinas X", "new_agency_level": "kabkota"}, "new_agency_region"),
        (
            {"new_agency_name": "Dinas X", "new_agency_level": "provinsi", "new_agency_region": "REGENCY"},
            "new_agency_region",
        ),
    ],
)
def test_signup_form_errors_sit_next_to_the_field_and_keep_input(client, demo, fields, error_field):
    if fields.get("new_agency_region") == "REGENCY":
        fields["new_agency_region"] = Region.objects.get(code="6302").pk
    response = signup(client, **fields)
    assert response.status_code == 200
    form = response.context["form"]
    assert error_field in form.errors
    html = response.content.decode()
    assert 'value="Rina Handayani"' in html  # nothing typed is lost
    assert 'value="rina@dinkes.kotimkab.go.id"' in html


def test_officer_verifies_membership_and_user_is_told(client, demo):
    applicant = AgencyMembership.objects.get(user__email="staf@bappeda-bna.demo.go.id")
    client.login(request=RequestFactory().get("/"), email="frontdesk.3304@demo.bps.go.id", password="romantik-demo")
    queue = client.get(reverse("membership_queue", kwargs={"code": "3304"}))
    assert "staf@bappeda-bna.demo.go.id" in queue.content.decode()

    url = reverse("membership_decision", kwargs={"code": "3304", "pk": applicant.pk})
    response = client.post(url, {"approve": "1", "note": ""})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == MembershipStatus.VERIFIED
    assert applicant.decided_by.email == "frontdesk.3304@demo.bps.go.id"
    told = Message.objects.get(template="membership_verified")
    assert told.address == "staf@bappeda-bna.demo.go.id"

    # A second click changes nothing and sends nothing.
    client.post(url, {"approve": "0", "note": "ulang"})
    applicant.refresh_from_db()
    assert applicant.status == MembershipStatus.VERIFIED
    assert Message.objects.filter(subject_ref=f"romantik.agencymembership:{applicant.pk}").count() == 1


def pending_applicant_and_url(client, officer_email, code):
    """The demo user waiting for verification, with `officer_email` logged in at office `code`."""
    applicant = AgencyMembership.objects.get(user__email="staf@bappeda-bna.demo.go.id")
    client.login(request=RequestFactory().get("/"), email=officer_email, password="romantik-demo")
    return applicant, reverse("membership_decision", kwargs={"code": code, "pk": applicant.pk})


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (MembershipStatus.PENDING, (True, False)),
        (MembershipStatus.VERIFIED, (False, True)),
        (MembershipStatus.REJECTED, (False, False)),
    ],
)
def test_membership_pending_and_verified_read_the_status(status, expected):
    membership = AgencyMembership(status=status)
    assert (membership_pending(membership), membership_verified(membership)) == expected


def test_rejection_needs_a_note(client, demo):
    applicant, url = pending_applicant_and_url(client, "coordinator.3304@demo.bps.go.id", "3304")
    response = client.post(url, {"approve": "0", "note": ""})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    applicant.refresh_from_db()
    assert applicant.status == MembershipStatus.PENDING


def test_officer_of_another_office_cannot_verify(client, demo):
    applicant, url = pending_applicant_and_url(client, "frontdesk.6202@demo.bps.go.id", "6202")
    assert client.post(url, {"approve": "1"}).status_code == 403
    assert client.get(reverse("membership_queue", kwargs={"code": "3304"})).status_code == 403
    applicant.refresh_from_db()
    assert applicant.status == MembershipStatus.PENDING


def test_reviewer_cannot_verify_memberships(client, demo):
    _applicant, url = pending_applicant_and_url(client, "reviewer.3304@demo.bps.go.id", "3304")
    assert client.post(url, {"approve": "1"}).status_code == 403


def test_password_reset_mail_goes_through_the_outbox(client, demo):
    response = client.post(reverse("account_reset_password"), {"email": "pengguna@dinkes-kotim.demo.go.id"})
    assert response.status_code == 302
    message = Message.objects.get(address="pengguna@dinkes-kotim.demo.go.id", subject_ref="account:password_reset_key")
    deliver_outbox()
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert "/akun/password/reset/key/" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("language", "hello", "thanks"),
    [
        ("id", "Halo dari Romantik BPS!", "Terima kasih telah menggunakan Romantik BPS!"),
        ("en", "Hello from Romantik BPS!", "Thank you for using Romantik BPS!"),
    ],
)
def test_account_emails_name_the_portal(client, db, language, hello, thanks):
    """allauth writes "Hello from {{ current_site.name }}!": the portal's name (SITE_NAME), not an empty one."""
    user = agency_user(AgencyFactory(), email="rina@dinkes.example.go.id")
    response = client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    deliver_outbox()
    body = mail.outbox[-1].body
    assert body.startswith(f"{hello}\n")
    assert f"{thanks}\n127.0.0.1:8000" in body


def test_account_emails_sent_without_a_request_name_the_portal_too(db):
    """A confirmation sent outside a request (a task, the shell) names the portal and its address as well."""
    from allauth.account.adapter import get_adapter

    user = agency_user(AgencyFactory(), email="rina@dinkes.example.go.id")
    context = {"user": user, "activate_url": "http://127.0.0.1:8000/akun/confirm-email/k/", "key": "k"}
    with translation.override("en"):
        get_adapter().send_mail("account/email/email_confirmation", user.email, context)
    deliver_outbox()
    sent = mail.outbox[-1]
    assert sent.subject == "[Romantik] Please Confirm Your Email Address"
    assert sent.body.startswith("Hello from Romantik BPS!\n")
    assert "to register an account on 127.0.0.1:8000." in sent.body
