"""Every free-text field is shown as text: script payloads typed by an agency, a reviewer or the head come
out escaped in every page that shows them, and literally (never interpreted) in the PDF letter."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from letters.rendering import letter_pdf
from review import services as review
from submissions.states import State
from tests.review.conftest import office_world  # noqa: F401 - the world the payloads live in

PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

pytestmark = pytest.mark.django_db


@pytest.fixture
def poisoned(office_world):  # noqa: F811
    w = office_world
    s = w["submission"]
    for field in ("title", "background", "objective"):
        setattr(s, field, f"{field} {PAYLOAD}")
    s.save()
    agency = s.agency
    agency.name = f"Dinas {PAYLOAD}"
    agency.save()
    w["agency"].full_name = f"Rina {PAYLOAD}"
    w["agency"].save()
    s = review.review_accept(submission=s, actor=w["front_desk"])
    review.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    review.note_add(submission=s, section="3", field="objective", text=f"catatan {PAYLOAD}", actor=w["reviewer"])
    review.comment_add(submission=s, text=f"komentar {PAYLOAD}", actor=w["reviewer"])
    s = review.review_decide(submission=s, actor=w["reviewer"], decision=State.FEASIBLE, text=f"saran {PAYLOAD}")
    return {**w, "submission": s}


def _pages(w):
    s = w["submission"]
    return [
        (w["agency"], reverse("submissions:list")),
        (w["agency"], reverse("submissions:overview", kwargs={"pk": s.pk})),
        (w["agency"], reverse("submissions:section", kwargs={"pk": s.pk, "key": "3"})),
        (w["reviewer"], reverse("review:detail", kwargs={"pk": s.pk})),
        (w["reviewer"], reverse("letters:draft", kwargs={"pk": s.pk})),
    ]


def _pages_that_may_not_list_it(w):
    code = w["office"].code
    return [(w["coordinator"], reverse("office_workspace", kwargs={"code": code}))]


def test_payloads_are_escaped_in_every_page(client, poisoned):
    for user, url in _pages(poisoned):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PAYLOAD not in html, url
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert ESCAPED in html or "&lt;script&gt;" in html, url
    for user, url in _pages_that_may_not_list_it(poisoned):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url


def test_payloads_are_literal_text_in_the_pdf_letter(poisoned):
    letter = poisoned["submission"].letter
    pdf = letter_pdf(letter)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert '<script>alert("xss")</script>' in flat  # shown as typed, not interpreted
    assert "onerror=alert(1)>" in flat
    # The <img> was not turned into an image: the letter's only images are its own (logo), none fetched.
    assert b"/Subtype /Image" not in pdf or pdf.count(b"/Subtype /Image") == letter_pdf_images_without_payload(letter)


def letter_pdf_images_without_payload(letter) -> int:
    letter.body_text = "saran"
    letter.addressee = "Kepala Dinas"
    letter.subject = "Rekomendasi"
    return letter_pdf(letter).count(b"/Subtype /Image")
