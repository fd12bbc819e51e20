"""The front-desk kiosk: the officer opens the questionnaire for a served visitor; the visitor answers
without logging in through a signed, expiring link, once per visit."""

import time

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from satisfaction.enums import Source
from satisfaction.kiosk import KIOSK_LINK_MAX_AGE, KioskLinkUsed, kiosk_path, kiosk_token
from satisfaction.models import SurveyResponse
from satisfaction.services import Answers, kiosk_response_submit
from submissions.enums import GuestPurpose
from submissions.frontdesk import guest_register, guest_serve

from .conftest import EN
from .test_rating import GOOD


@pytest.fixture
def visit(office_world):
    entry = guest_register(
        office=office_world["office"],
        actor=office_world["front_desk"],
        name="Siti",
        email="siti@example.go.id",
        phone="0812-1111-2222",
        purpose=GuestPurpose.RECOMMENDATION,
        agency_name="Dinas Pendidikan",
    )
    return {**office_world, "entry": entry}


@pytest.fixture
def served(visit):
    return {**visit, "entry": guest_serve(entry=visit["entry"], actor=visit["front_desk"])}


def open_url(entry) -> str:
    return reverse("satisfaction:kiosk_open", kwargs={"code": entry.office.code, "pk": entry.pk})


def guest_url(entry) -> str:
    return reverse("submissions:guest_detail", kwargs={"code": entry.office.code, "pk": entry.pk})


# --- the officer -------------------------------------------------------------------------------------


def test_the_guest_page_offers_the_questionnaire_once_the_visit_ended(visit, client):
    client.force_login(visit["front_desk"])
    entry = visit["entry"]
    assert 'data-testid="skm-kiosk"' not in client.get(guest_url(entry), **EN).content.decode()

    guest_serve(entry=entry, actor=visit["front_desk"])

    html = client.get(guest_url(entry), **EN).content.decode()
    assert f'href="{open_url(entry)}" data-testid="skm-kiosk-link"' in html


def test_the_officer_gets_the_kiosk_link_and_its_qr_code(served, client):
    client.force_login(served["front_desk"])
    response = client.get(open_url(served["entry"]), **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="kiosk-start"' in html and "<svg" in html
    assert response.context["kiosk_url"].startswith("http://testserver/skm/kios/")


def test_before_the_visit_ended_there_is_no_link(visit, client):
    client.force_login(visit["front_desk"])
    html = client.get(open_url(visit["entry"]), **EN).content.decode()
    assert 'data-testid="kiosk-not-served"' in html and 'data-testid="kiosk-start"' not in html
    with pytest.raises(PermissionDenied):
        kiosk_token(entry=visit["entry"], actor=visit["front_desk"])


@pytest.mark.parametrize("who", ["reviewer", "coordinator", "head", "agency"])
def test_only_the_front_desk_of_the_office_opens_the_kiosk(served, client, who):
    client.force_login(served[who])
    assert client.get(open_url(served["entry"])).status_code == 403
    with pytest.raises(PermissionDenied):
        kiosk_token(entry=served["entry"], actor=served[who])


def test_an_entry_of_another_office_is_404(served, client):
    from romantik.enums import Role
    from tests.factories import staff

    client.force_login(staff(served["other_office"], Role.FRONT_DESK))
    url = reverse("satisfaction:kiosk_open", kwargs={"code": served["other_office"].code, "pk": served["entry"].pk})
    assert client.get(url).status_code == 404


def test_the_officer_page_needs_a_log_in(served, client):
    response = client.get(open_url(served["entry"]))
    assert response.status_code == 302 and reverse("account_login") in response.url


# --- the visitor ----------------------------------------------------------------------------------


def test_the_visitor_answers_without_logging_in_and_sees_thanks_then_the_waiting_screen(served, client):
    url = kiosk_path(kiosk_token(entry=served["entry"], actor=served["front_desk"]))

    page = client.get(url, **EN)
    assert page.status_code == 200 and 'data-testid="kiosk-form"' in page.content.decode()
    assert page.content.decode().count('type="radio"') == 36

    response = client.post(url, {**GOOD, "comment": "Terima kasih"}, **EN)

    assert response.status_code == 302 and response.url == reverse("satisfaction:kiosk_thanks")
    saved = SurveyResponse.objects.get()
    assert (saved.guest, saved.office, saved.source, saved.submission) == (
        served["entry"],
        served["office"],
        Source.KIOSK,
        None,
    )
    assert saved.scores == (4, 3, 3, 4, 3, 4, 4, 2, 3) and saved.comment == "Terima kasih"
    thanks = client.get(response.url, **EN).content.decode()
    assert 'data-testid="kiosk-thanks"' in thanks
    assert f'content="8;url={reverse("satisfaction:kiosk_idle")}"' in thanks
    idle = client.get(reverse("satisfaction:kiosk_idle"), **EN).content.decode()
    assert 'data-testid="kiosk-idle"' in idle and "Siti" not in idle


def test_a_missing_answer_keeps_the_others(served, client):
    url = kiosk_path(kiosk_token(entry=served["entry"], actor=served["front_desk"]))
    data = dict(GOOD)
    del data["u9"]
    html = client.post(url, data, **EN).content.decode()
    assert 'id="u9-error"' in html and 'id="id_u1_3" required checked' in html
    assert not SurveyResponse.objects.exists()


def test_a_used_link_says_so(served, client):
    url = kiosk_path(kiosk_token(entry=served["entry"], actor=served["front_desk"]))
    client.post(url, GOOD)

    response = client.get(url, **EN)
    assert response.status_code == 410 and 'data-testid="kiosk-link-used"' in response.content.decode()
    again = client.post(url, {**GOOD, "u1": "1"}, **EN)
    assert again.status_code == 410
    assert SurveyResponse.objects.count() == 1 and SurveyResponse.objects.get().u1 == 4
    # A second link for the same visit does not open a second questionnaire either.
    client.force_login(served["front_desk"])
    assert 'data-testid="kiosk-answered"' in client.get(open_url(served["entry"]), **EN).content.decode()
    with pytest.raises(KioskLinkUsed):
        kiosk_response_submit(
            token=signing.dumps({"e": served["entry"].pk}, salt="satisfaction.kiosk"), answers=Answers([3] * 9)
        )


def test_an_expired_link_says_so(served, client, monkeypatch):
    real = time.time
    # The link was made longer ago than it lives.
    monkeypatch.setattr(signing.time, "time", lambda: real() - KIOSK_LINK_MAX_AGE.total_seconds() - 60)
    url = kiosk_path(kiosk_token(entry=served["entry"], actor=served["front_desk"]))
    monkeypatch.setattr(signing.time, "time", real)

    response = client.get(url, **EN)
    assert response.status_code == 410 and 'data-testid="kiosk-link-expired"' in response.content.decode()
    assert client.post(url, GOOD).status_code == 410
    assert not SurveyResponse.objects.exists()


def test_a_tampered_link_is_not_valid(served, client):
    token = kiosk_token(entry=served["entry"], actor=served["front_desk"])
    forged = signing.dumps({"e": served["entry"].pk + 1}, salt="another salt")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.get(reverse("satisfaction:kiosk", kwargs={"token": bad}), **EN)
        assert response.status_code == 404 and 'data-testid="kiosk-link-invalid"' in response.content.decode()
