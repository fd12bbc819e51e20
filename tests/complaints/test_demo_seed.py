"""The demo seed (`manage.py seed_demo`): a complaint handler and two complaints, the tracking link it prints, the
handler's queue, and the office page over the demo data. The seed runs once for the module (`module_db`); each
test runs in a savepoint of it."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from complaints.models import Complaint
from romantik.enums import Role
from romantik.models import OfficeRole


@pytest.fixture(scope="module")
def seeded_module(module_db) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, seeded_module) -> str:
    """What seed_demo printed."""
    return seeded_module


def test_office_page_does_not_list_sp4n_lapor_twice(client, seeded):
    html = client.get("/layanan/6371/").content.decode()
    assert html.count('href="https://www.lapor.go.id"') == 1


def test_demo_seed_gives_every_office_a_complaint_handler_and_two_complaints(seeded):
    call_command("seed_demo", quiet=True, stdout=StringIO())  # a second time: idempotent
    assert OfficeRole.objects.filter(role=Role.COMPLAINT_HANDLER, user__email="complainthandler.6202@demo.bps.go.id")
    assert Complaint.objects.count() == 2
    overdue, handled = Complaint.objects.order_by("office__code")
    assert (overdue.office.code, overdue.status, overdue.first_response_at) == ("6202", "diterima", None)
    assert (handled.office.code, handled.status, handled.complainant.email) == (
        "6371",
        "diproses",
        "pengguna@diskominfo-bjm.demo.go.id",
    )


def test_demo_seed_prints_the_tracking_link_of_the_anonymous_demo_complaint(client, seeded):
    link = re.search(r"tracking link: http://127\.0\.0\.1:8000(/pengaduan/lacak/\S+)", seeded).group(1)
    overdue = Complaint.objects.get(office__code="6202")
    assert link.startswith(f"/pengaduan/lacak/{overdue.number}/?kode=")
    assert client.get(link).status_code == 302
    assert client.get(f"/pengaduan/lacak/{overdue.number}/").context["complaint"] == overdue


def test_demo_complaint_handler_sees_the_demo_queue(client, seeded):
    handler = "complainthandler.6202@demo.bps.go.id"
    client.login(request=RequestFactory().get("/"), email=handler, password="romantik-demo")
    assert client.get("/mulai/")["Location"] == "/kantor/6202/"
    rows = client.get("/kantor/6202/pengaduan/").context["rows"]
    assert len(rows) == 1 and rows[0].overdue
