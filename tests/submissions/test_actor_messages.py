"""Who did it: the messages about a submission name the person who really acted (the Transition's actor and the
submission's channel). A walk-in the PST desk recorded may be submitted by the visitor online, or by the officer
at the desk on the agency's behalf; the e-mails say which."""

import pytest

from notifications.models import Message
from notifications.services import message_render
from submissions.services import submission_start, submission_submit, submission_withdraw
from tests.factories import fill_complete, submission_for

pytestmark = pytest.mark.django_db


def walk_in(w):
    """A complete FS3 the desk of 6202 recorded at the desk into the agency user's account."""
    return fill_complete(submission_start(kind="fs3", owner=w["agency"], actor=w["front_desk"], title="Survei Pasar"))


def rendered(template: str, address: str, language: str = "en") -> str:
    message = Message.objects.get(template=template, address=address, channel="email")
    message.language = language
    subject, body = message_render(message=message)
    return " ".join(f"{subject}\n{body}".split())


def test_a_walk_in_the_visitor_submits_says_the_visitor_submitted_it(shared_world):
    w = shared_world
    submission_submit(submission=walk_in(w), actor=w["agency"])

    receipt = rendered("submission_submitted", w["agency"].email)
    assert 'You have submitted the form "Survei Pasar" (FS3 – survei)' in receipt
    assert "which the PST front desk recorded for you" in receipt
    assert "on your behalf" not in receipt and "officer" not in receipt

    incoming = rendered("submission_incoming", w["front_desk"].email)
    assert f'{w["agency"].full_name} of Dinas Kesehatan has submitted "Survei Pasar" (FS3 – survei)' in incoming
    assert f"The form was recorded at the front desk by {w['front_desk'].full_name}." in incoming
    indonesian = rendered("submission_incoming", w["front_desk"].email, "id")
    assert f"{w['agency'].full_name} dari Dinas Kesehatan telah mengajukan" in indonesian
    assert f"Formulir ini direkam di PST oleh {w['front_desk'].full_name}." in indonesian


def test_a_walk_in_the_officer_submits_says_the_officer_submitted_it_for_the_agency(shared_world):
    w = shared_world
    s = submission_submit(submission=walk_in(w), actor=w["front_desk"])
    assert s.transitions.get().actor == w["front_desk"]

    receipt = rendered("submission_submitted", w["agency"].email)
    assert (
        f"{w['front_desk'].full_name} at the PST front desk of BPS Kabupaten Kotawaringin Timur has submitted the "
        'form "Survei Pasar" (FS3 – survei) for Dinas Kesehatan on your behalf.'
    ) in receipt
    assert "You have submitted" not in receipt
    assert f"{w['front_desk'].full_name}, petugas PST BPS Kabupaten Kotawaringin Timur, telah mengajukan" in rendered(
        "submission_submitted", w["agency"].email, "id"
    )
    incoming = rendered("submission_incoming", w["coordinator"].email)
    assert (
        f'{w["front_desk"].full_name} at the front desk has submitted "Survei Pasar" (FS3 – survei) to BPS Kabupaten '
        "Kotawaringin Timur on behalf of Dinas Kesehatan."
    ) in incoming


def test_an_online_submission_says_your_form_was_submitted(shared_world):
    w = shared_world
    submission_submit(submission=fill_complete(submission_for(w["agency"], title="Survei Daring")), actor=w["agency"])
    assert 'Your form "Survei Daring" (FS3 – survei) for Dinas Kesehatan has been submitted.' in rendered(
        "submission_submitted", w["agency"].email
    )
    incoming = rendered("submission_incoming", w["front_desk"].email)
    assert f'{w["agency"].full_name} of Dinas Kesehatan has submitted "Survei Daring"' in incoming
    assert "front desk" not in incoming


def test_a_withdrawal_names_who_withdrew(shared_world):
    w = shared_world
    by_desk = submission_submit(submission=walk_in(w), actor=w["front_desk"])
    submission_withdraw(submission=by_desk, actor=w["front_desk"], reason="Kegiatan dibatalkan.")
    assert f"Withdrawn by: {w['front_desk'].full_name}, PST front desk, on behalf of Dinas Kesehatan" in rendered(
        "submission_withdrawn_receipt", w["agency"].email
    )
    online = submission_submit(submission=fill_complete(submission_for(w["agency"])), actor=w["agency"])
    submission_withdraw(submission=online, actor=w["agency"], reason="Tidak jadi.")
    message = Message.objects.get(
        template="submission_withdrawn", address=w["coordinator"].email, context__reason="Tidak jadi."
    )
    message.language = "en"
    assert f"Withdrawn by: {w['agency'].full_name}\n" in message_render(message=message)[1]
