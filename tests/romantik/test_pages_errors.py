"""Errors in the portal's own language and frame (issue 17): 403, 404 and 500 pages, and the page of a form
whose CSRF token went stale (romantik.errors), which keeps what was typed and sends it again."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import include, path, reverse
from django.views.defaults import server_error

from romantik.enums import Role
from submissions.models import Submission
from tests.factories import OfficeFactory, staff

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NAVBAR = 'aria-label="Navigasi utama"'


def _boom(request):
    raise RuntimeError("boom")


# The project's URLs and one that fails (the 500 page is tried on it).
urlpatterns = [path("uji-galat/", _boom), path("", include("portal.urls"))]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


# --- 404 and 403 -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_is_in_the_sites_frame_and_indonesian_with_a_way_on(client):
    response = client.get("/tidak-ada-halaman-ini/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-404"' in html and NAVBAR in html
    assert "Halaman tidak ditemukan" in html
    assert "<code>/tidak-ada-halaman-ini/</code>" in html
    assert f'href="{reverse("home")}"' in html and f'href="{reverse("account_login")}?next=' in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_404_in_english_on_request(client):
    html = client.get("/tidak-ada-halaman-ini/", **EN).content.decode()
    assert "Page not found" in html and 'aria-label="Main navigation"' in html


@pytest.mark.django_db
def test_404_of_an_unknown_office_is_the_same_page(client):
    response = client.get(reverse("office_service", kwargs={"code": "9999"}))
    assert response.status_code == 404 and 'data-testid="error-404"' in response.content.decode()


@pytest.mark.django_db
def test_403_explains_and_leads_to_the_start_page(client):
    office = OfficeFactory()
    client.force_login(staff(office, Role.REVIEWER, email="pemeriksa@bps.go.id"))
    response = client.get(reverse("office_closures", kwargs={"code": office.code}))
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-403"' in html and NAVBAR in html
    assert "Anda tidak dapat membuka halaman ini" in html
    assert "Anda masuk sebagai pemeriksa@bps.go.id." in html
    assert f'href="{reverse("start")}"' in html
    html = client.get(reverse("office_closures", kwargs={"code": office.code}), **EN).content.decode()
    assert "You may not open this page" in html


# --- 500 -----------------------------------------------------------------------------------------------


def test_500_renders_without_a_request_context_processors_or_database():
    # No `db` fixture: any query would fail the test. Django renders 500.html with no context at all.
    html = server_error(RequestFactory().get("/")).content.decode()
    assert 'data-testid="error-500"' in html
    assert "Terjadi kesalahan di sisi kami" in html and 'href="/"' in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html  # the site's look
    assert render_to_string("500.html") == html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_500_of_a_failing_page_is_the_sites_page():
    client = Client(raise_request_exception=False)
    response = client.get("/uji-galat/")
    assert response.status_code == 500
    html = response.content.decode()
    assert 'data-testid="error-500"' in html and "Terjadi kesalahan di sisi kami" in html
    response = client.get("/uji-galat/", **EN)
    assert "Something went wrong on our side" in response.content.decode()


# --- CSRF ------------------------------------------------------------------------------------------------


@pytest.fixture
def agency_client(shared_world):
    user = shared_world["agency"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client, user


def _stale_post(client, url, data, **headers):
    """A form sent with the token of an earlier session: the tab left open while its person logged in again."""
    client.get(url)  # this session's cookie
    return client.post(url, {**data, "csrfmiddlewaretoken": "x" * 64}, **headers)


def _own_origin(**extra):
    return {"HTTP_ORIGIN": "http://testserver", **extra}


def test_a_stale_form_gets_the_sites_page_with_what_was_typed_and_sends_it_again(agency_client):
    client, user = agency_client
    url = reverse("submissions:new")
    response = _stale_post(client, url, {"kind": "fs3", "title": 'Survei "Gizi" <Balita> 2027'}, **_own_origin())
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="csrf-failure"' in html and NAVBAR in html
    assert "Formulir sudah kedaluwarsa" in html and "Verifikasi CSRF gagal" not in html
    assert f'<form method="post" action="{url}" data-testid="csrf-resend">' in html
    assert '<input type="hidden" name="kind" value="fs3">' in html
    assert '<input type="hidden" name="title" value="Survei &quot;Gizi&quot; &lt;Balita&gt; 2027">' in html
    assert not Submission.objects.exists()

    # "Kirim ulang": the same fields with the page's fresh token.
    token = response.context["csrf_token"]
    response = client.post(url, {"kind": "fs3", "title": 'Survei "Gizi" <Balita> 2027', "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Submission.objects.get().title == 'Survei "Gizi" <Balita> 2027'


def test_passwords_codes_and_files_are_never_offered_again(agency_client):
    client, _user = agency_client
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "note": "keep me",
        "password": "sandi-baru-41",
        "password2": "sandi-baru-41",
        "oldpassword": "sandi-lama-77",
        "passphrase": "frasa-kunci-93",
        "code": "918273",
        "access_token": "tok-9x1q",
        "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
    }
    response = _stale_post(client, reverse("submissions:new"), data, **_own_origin())
    html = response.content.decode()
    assert '<input type="hidden" name="note" value="keep me">' in html
    for secret in ("sandi-baru-41", "sandi-lama-77", "frasa-kunci-93", "918273", "tok-9x1q", 'name="file"'):
        assert secret not in html
    assert 'data-testid="csrf-not-kept"' in html
    assert "Kata sandi, frasa sandi, dan kode tidak pernah disimpan" in html
    assert "Berkas juga tidak disimpan" in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://penyerang.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "http://penyerang.example/formulir"},
        {},  # neither header: nothing says the form was ours
    ],
    ids=["other-origin", "null-origin", "other-referer", "no-header"],
)
def test_a_form_another_site_posted_is_not_offered_again(agency_client, headers):
    client, _user = agency_client
    response = _stale_post(client, reverse("submissions:new"), {"kind": "fs3", "title": "Dari situs lain"}, **headers)
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="csrf-failure"' in html
    assert 'data-testid="csrf-resend"' not in html and "Dari situs lain" not in html
    assert "Buka kembali halamannya dari portal" in html


def test_a_referer_of_this_site_is_enough_without_an_origin(agency_client):
    client, _user = agency_client
    url = reverse("submissions:new")
    response = _stale_post(client, url, {"title": "Dari tab lama"}, HTTP_REFERER=f"http://testserver{url}")
    html = response.content.decode()
    assert '<input type="hidden" name="title" value="Dari tab lama">' in html
    assert f'href="http://testserver{url}"' in html  # back to the form


def test_a_logged_out_person_is_told_to_log_in_first(db):
    client = Client(enforce_csrf_checks=True)
    response = _stale_post(client, reverse("complaints:file"), {"description": "Pelayanan lambat"}, **_own_origin())
    html = response.content.decode()
    assert "Anda sedang tidak masuk" in html
    assert '<input type="hidden" name="description" value="Pelayanan lambat">' in html


def test_the_csrf_page_in_english(agency_client):
    client, _user = agency_client
    html = _stale_post(client, reverse("submissions:new"), {"title": "x"}, **_own_origin(**EN)).content.decode()
    assert "The form has expired" in html and "Send again" in html
