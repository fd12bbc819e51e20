"""Following a complaint with its number and e-mail address, and "my complaints"."""

import pytest
from django.test import RequestFactory

from complaints.services import complaint_reply, complaint_set_status
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/pengaduan/lacak/"


def test_the_right_pair_opens_the_complaint_page(client, world, file_complaint):
    complaint = file_complaint()
    response = client.post(URL, {"number": complaint.number.lower(), "email": " YUSUF@example.com "})
    assert response.status_code == 302
    assert response["Location"] == f"/pengaduan/lacak/{complaint.number}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["complaint"] == complaint


def test_the_page_shows_replies_and_status_changes_but_never_internal_notes(client, world, file_complaint):
    complaint = file_complaint()
    complaint_reply(complaint=complaint, actor=world["handler"], text="Kami sedang memeriksa.")
    complaint_reply(complaint=complaint, actor=world["handler"], text="Petugas X ditegur.", public=False)
    complaint_set_status(complaint=complaint, actor=world["handler"], to="diproses", note="Sedang ditangani.")
    client.post(URL, {"number": complaint.number, "email": "yusuf@example.com"})
    page = client.get(f"/pengaduan/lacak/{complaint.number}/")
    html = page.content.decode()
    assert [e.kind for e in page.context["events"]] == ["status", "balasan", "status"]
    assert "Kami sedang memeriksa." in html and "Sedang ditangani." in html
    assert "Petugas X ditegur." not in html
    # Handlers are not named to the public; the office is.
    assert world["handler"].full_name not in html
    assert 'data-status="diproses"' in html


@pytest.mark.parametrize(
    ("number", "email"),
    [
        ("right", "salah@example.com"),  # right number, wrong e-mail
        ("ADU-6202-2020-99999", "yusuf@example.com"),  # no such number
        ("ADU-6202-2020-99999", "salah@example.com"),
    ],
)
def test_a_wrong_pair_gets_one_message_whatever_was_wrong(client, world, file_complaint, number, email):
    complaint = file_complaint()
    number = complaint.number if number == "right" else number
    response = client.post(URL, {"number": number, "email": email}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "No complaint matches this tracking number and e-mail address. Check both "
        "(the number is in the e-mail we sent when the complaint was filed)."
    ]
    assert response.context["form"]["number"].value() == number  # what was typed stays
    assert client.get(f"/pengaduan/lacak/{complaint.number}/").status_code == 404


def test_guesses_are_rate_limited_even_for_a_right_pair_afterwards(client, world, file_complaint, settings):
    settings.TRACKING_RATE_LIMIT = (3, 900)
    complaint = file_complaint()
    for n in range(3):
        assert client.post(URL, {"number": f"ADU-6202-2020-0000{n}", "email": "a@example.com"}).status_code == 400
    response = client.post(URL, {"number": complaint.number, "email": "yusuf@example.com"})
    assert response.status_code == 429
    # Another client address is not affected.
    assert (
        client.post(URL, {"number": complaint.number, "email": "yusuf@example.com"}, REMOTE_ADDR="10.1.1.1").status_code
        == 302
    )


def test_the_e_mail_link_fills_in_the_number(client, world, file_complaint):
    complaint = file_complaint()
    form = client.get(URL, {"nomor": complaint.number}).context["form"]
    assert form["number"].value() == complaint.number


def test_signed_in_complainant_sees_my_complaints_and_opens_them_without_the_pair(client, world, file_complaint):
    mine = file_complaint(complainant=world["member"], contact_email=world["member"].email)
    file_complaint()  # someone else's
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    assert list(client.get(URL).context["mine"]) == [mine]
    assert list(client.get("/pengaduan/saya/").context["complaints"]) == [mine]
    assert client.get(f"/pengaduan/lacak/{mine.number}/").status_code == 200


def test_my_complaints_needs_signing_in(client, world):
    response = client.get("/pengaduan/saya/")
    assert response.status_code == 302 and "/akun/login/" in response["Location"]


@pytest.mark.parametrize("count", [1, 8])
def test_my_complaints_queries_do_not_grow_with_rows(client, world, file_complaint, django_assert_num_queries, count):
    for n in range(count):
        office = world["office"] if n % 2 else world["other_office"]
        file_complaint(office=office, complainant=world["member"], contact_email=world["member"].email)
    client.login(request=RequestFactory().get("/"), email=world["member"].email, password=PASSWORD)
    # session, user, complaints with their office, and the navigation's office roles and agency membership
    with django_assert_num_queries(5):
        response = client.get("/pengaduan/saya/")
    assert len(response.context["complaints"]) == count


@pytest.mark.parametrize("replies", [1, 8])
def test_the_tracking_page_queries_do_not_grow_with_the_log(
    client, world, file_complaint, django_assert_num_queries, replies
):
    complaint = file_complaint()
    for n in range(replies):
        complaint_reply(complaint=complaint, actor=world["handler"], text=f"Balasan {n}")
    client.post(URL, {"number": complaint.number, "email": "yusuf@example.com"})
    # session, complaint with office and submission, events with their actors
    with django_assert_num_queries(3):
        response = client.get(f"/pengaduan/lacak/{complaint.number}/")
    assert len(response.context["events"]) == replies + 1
