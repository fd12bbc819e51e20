"""The office's public page lists its complaint channels with SP4N-LAPOR; messages render (the demo seed:
test_demo_seed.py)."""


import pytest
from django.test import RequestFactory

from notifications.models import Message
from notifications.services import message_render
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_office_page_lists_its_own_channels_and_always_sp4n_lapor(client, world):
    office = world["office"]
    office.complaint_channels = [{"kind": "whatsapp", "label": "SISUKA", "value": "0816666202"}]
    office.save()
    html = client.get("/layanan/6202/").content.decode()
    assert "SISUKA" in html and "0816666202" in html
    assert 'href="https://www.lapor.go.id"' in html
    assert 'href="/pengaduan/?kantor=6202"' in html


def test_every_complaint_message_renders_with_its_link(world, file_complaint):
    complaint = file_complaint()
    from complaints.services import complaint_reply, complaint_set_status, complaint_tracking_link_send

    complaint_reply(complaint=complaint, actor=world["handler"], text="Kami periksa.")
    complaint_set_status(complaint=complaint, actor=world["handler"], to="selesai", note="Sudah terbit.")
    complaint_tracking_link_send(complaint=complaint, actor=world["handler"])
    new_key = Message.objects.get(template="complaint_link").context["tracking_key"]
    links = {
        # Only the receipt and a new link carry the key; the others send an anonymous complainant to the form.
        "complaint_filed": f"/pengaduan/lacak/{complaint.number}/?kode={complaint.tracking_key}",
        "complaint_link": f"/pengaduan/lacak/{complaint.number}/?kode={new_key}",
        "complaint_new": f"/kantor/6202/pengaduan/{complaint.pk}/",
        "complaint_replied": f"/pengaduan/lacak/?nomor={complaint.number}",
        "complaint_status": f"/pengaduan/lacak/?nomor={complaint.number}",
    }
    for template, link in links.items():
        message = Message.objects.get(template=template)
        assert message.subject_ref == f"complaints.complaint:{complaint.pk}"
        subject, body = message_render(message=message)
        assert complaint.number in subject, template
        assert link in body, template
        assert "{{" not in body and "{%" not in body


def test_the_form_page_renders_for_the_public_and_signed_in(client, world):
    assert client.get("/pengaduan/").status_code == 200
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    assert 'data-testid="signed-in-note"' in client.get("/pengaduan/").content.decode()
