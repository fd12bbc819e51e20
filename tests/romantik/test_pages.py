"""Public service-standard pages, role start pages and office access."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from romantik.models import Office
from romantik.seed_data import OFFICES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_module(module_db):
    """`manage.py seed_demo`, run once for the module (a few seconds); each test runs in a savepoint."""
    call_command("seed_demo", quiet=True, stdout=StringIO())


@pytest.fixture
def demo(db, demo_module):
    return demo_module


SEED_OFFICES = {
    # code: (service time shown, a requirement, a complaint channel)
    "6202": ("15 hari", "mengisi buku tamu", "0816666202"),
    "6371": ("30 hari kerja", "buku tamu elektronik", "0812-5050-6371"),
    "6302": ("30 hari kerja", "memiliki akun pada aplikasi pelayanan", "https://s.bps.go.id/laporbpskotabaru"),
    "6111": ("14 hari kerja", "terhubung dengan WhatsApp", "081119500500"),
    "3304": ("30 hari kerja", "(FRKSS)", "bps3304@bps.go.id"),
}


@pytest.mark.parametrize("code", sorted(SEED_OFFICES))
def test_service_standard_page_shows_the_offices_own_standard(client, demo, code):
    service_time, requirement, channel = SEED_OFFICES[code]
    html = client.get(reverse("office_service", kwargs={"code": code})).content.decode()
    office = Office.objects.get(code=code)
    assert office.name in html
    assert f'data-testid="service-time">{service_time}</p>' in html
    assert requirement in html
    assert channel in html
    assert "https://www.lapor.go.id" in html  # SP4N-LAPOR!
    assert "Tidak dipungut biaya" in html


def test_service_standard_page_names_the_signer_at_another_office(client, demo):
    html = client.get(reverse("office_service", kwargs={"code": "6111"})).content.decode()
    assert "Direktur Diseminasi Statistik" in html
    assert 'data-testid="sk-number">65 Tahun 2024<' in html


def test_unknown_office_is_404(client, demo):
    assert client.get(reverse("office_service", kwargs={"code": "9999"})).status_code == 404


def test_seed_offices_have_their_service_time_and_signer(demo):
    assert [(o["code"], o["service_time_amount"], o["service_time_unit"]) for o in OFFICES[5:]] == [
        ("6202", 15, "hari"),
        ("6371", 30, "hari_kerja"),
        ("6302", 30, "hari_kerja"),
        ("6111", 14, "hari_kerja"),
        ("3304", 30, "hari_kerja"),
    ]
    kayong = Office.objects.get(code="6111")
    assert kayong.signing_office.code == "0000"
    assert kayong.whatsapp_enabled
    assert Office.objects.get(code="6202").signing_office.code == "6202"
    assert Office.objects.get(code="6202").parent.code == "6200"


@pytest.mark.parametrize(
    "email, start_url",
    [
        ("pengguna@dinkes-kotim.demo.go.id", "/instansi/"),
        ("frontdesk.6202@demo.bps.go.id", "/kantor/6202/"),
        ("reviewer.6371@demo.bps.go.id", "/kantor/6371/"),
        ("coordinator.6302@demo.bps.go.id", "/kantor/6302/"),
        ("officeadmin.3304@demo.bps.go.id", "/kantor/3304/"),
        ("head.6111@demo.bps.go.id", "/kantor/6111/tanda-tangan/"),
        ("admin@demo.bps.go.id", "/admin/"),
    ],
)
def test_each_role_lands_on_its_start_page(client, demo, email, start_url):
    assert client.login(request=RequestFactory().get("/"), email=email, password="romantik-demo")
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"] == start_url
    assert client.get(start_url).status_code == 200


def test_staff_cannot_open_another_offices_workspace(client, demo):
    client.login(request=RequestFactory().get("/"), email="reviewer.6371@demo.bps.go.id", password="romantik-demo")
    assert client.get(reverse("office_workspace", kwargs={"code": "6202"})).status_code == 403
    assert client.get(reverse("office_signing", kwargs={"code": "6371"})).status_code == 403  # not a head


def test_agency_user_cannot_open_an_office_workspace(client, demo):
    client.login(request=RequestFactory().get("/"), email="pengguna@dinkes-kotim.demo.go.id", password="romantik-demo")
    assert client.get(reverse("office_workspace", kwargs={"code": "6202"})).status_code == 403


def test_anonymous_is_sent_to_log_in(client, demo):
    for url in ("/mulai/", "/instansi/", "/kantor/6202/", "/kantor/6202/verifikasi-instansi/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/login/")


def test_home_lists_offices_with_their_service_time(client, demo):
    html = client.get("/").content.decode()
    assert "BPS Kabupaten Kayong Utara" in html
    assert 'href="/layanan/6111/"' in html


def test_office_admin_adds_a_closed_day_and_the_clock_skips_it(client, demo):
    client.login(request=RequestFactory().get("/"), email="officeadmin.6111@demo.bps.go.id", password="romantik-demo")
    url = reverse("office_closures", kwargs={"code": "6111"})
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-04-07", "reason": "Kantor tutup: pemadaman listrik"})
    assert response.status_code == 302
    out = StringIO()
    call_command("sla_due", office="6111", start="2026-03-16", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "2026-04-14"
    closure = Office.objects.get(code="6111").closures.get()
    client.post(reverse("office_closure_delete", kwargs={"code": "6111", "pk": closure.pk}))
    assert not Office.objects.get(code="6111").closures.exists()


@pytest.mark.parametrize("day", ["2026-04-04", "2026-03-19"])  # a Saturday; Nyepi
def test_closed_day_on_a_weekend_or_holiday_is_refused_next_to_the_field(client, demo, day):
    client.login(request=RequestFactory().get("/"), email="officeadmin.6111@demo.bps.go.id", password="romantik-demo")
    response = client.post(reverse("office_closures", kwargs={"code": "6111"}), {"date": day, "reason": "Tutup"})
    assert response.status_code == 400
    assert "date" in response.context["form"].errors
    assert 'value="Tutup"' in response.content.decode()


def test_only_the_office_admin_manages_closed_days(client, demo):
    client.login(request=RequestFactory().get("/"), email="reviewer.6111@demo.bps.go.id", password="romantik-demo")
    url = reverse("office_closures", kwargs={"code": "6111"})
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2026-04-07", "reason": "x"}).status_code == 403
    client.login(request=RequestFactory().get("/"), email="officeadmin.6202@demo.bps.go.id", password="romantik-demo")
    assert client.get(url).status_code == 403
    assert not Office.objects.get(code="6111").closures.exists()


def test_office_menu_shows_only_what_the_role_may_open(client, demo):
    client.login(request=RequestFactory().get("/"), email="coordinator.3304@demo.bps.go.id", password="romantik-demo")
    html = client.get(reverse("office_workspace", kwargs={"code": "3304"})).content.decode()
    assert reverse("office_signing", kwargs={"code": "3304"}) not in html
    assert reverse("office_closures", kwargs={"code": "3304"}) not in html
    client.login(request=RequestFactory().get("/"), email="head.3304@demo.bps.go.id", password="romantik-demo")
    html = client.get(reverse("office_workspace", kwargs={"code": "3304"})).content.decode()
    assert reverse("office_signing", kwargs={"code": "3304"}) in html
