"""The head signs a batch (issue 16): ticks several letters on the list of letters to sign and signs them with one
passphrase. Each letter goes through the one letter's request (letters.issuing.letter_sign_request) and gets its own
job, carried out by the Celery task (run eagerly here); the server checks every letter — one this head may not sign
is refused with its own message and the others are signed —, a wrong passphrase signs none, a batch is bounded, and
the page then shows how each letter stands, reloading itself while any is being signed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from letters.enums import LetterState, SigningState
from letters.issuing import LETTER_SIGN_BATCH_MAX
from letters.models import Letter, SigningJob
from romantik.celery import app as celery_app
from submissions.models import Submission
from submissions.states import State
from tests.letters import test_sign
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting

pytestmark = pytest.mark.django_db

world = test_sign.world  # the fixture: a letter awaiting the signature of a head with a demo certificate


@pytest.fixture
def letters(world):
    """Three letters awaiting the head's signature: the world's and two more."""
    more = [letter_awaiting(decided(world, title=f"Survei Batch {i}")) for i in (2, 3)]
    return [world["letter"], *more]


@pytest.fixture
def eager():
    """The Celery task runs in the request's process as soon as it is queued (after the commit)."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def page_url(world) -> str:
    return reverse("office_signing", kwargs={"code": world["office"].code})


def sign_batch(client, world, letter_ids, passphrase=PASSPHRASE):
    return client.post(page_url(world), {"letters": [str(pk) for pk in letter_ids], "passphrase": passphrase})


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_batch_of_three_is_signed_with_one_passphrase(
    world, letters, client, eager, django_capture_on_commit_callbacks
):
    client.force_login(world["head"])
    page = client.get(page_url(world)).content.decode()
    for letter in letters:
        assert f'name="letters" value="{letter.pk}"' in page
    assert 'data-testid="batch-sign-button"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_batch(client, world, [letter.pk for letter in letters])

    ids = ",".join(str(letter.pk) for letter in letters)
    assert (response.status_code, response["Location"]) == (302, f"{page_url(world)}?surat={ids}#kumpulan")
    assert flashed(response) == ["3 surat sedang ditandatangani."]
    signed = [Letter.objects.get(pk=letter.pk) for letter in letters]
    assert [(letter.state, letter.signed_by) for letter in signed] == [(LetterState.SIGNED, world["head"])] * 3
    assert sorted(letter.seq for letter in signed) == [1, 2, 3]  # one number each, none lost
    assert all(letter.signed_pdf for letter in signed)
    assert [job.state for job in SigningJob.objects.order_by("pk")] == [SigningState.DONE] * 3
    assert {s.state for s in Submission.objects.filter(letter__in=signed)} == {State.ISSUED}

    page = client.get(response["Location"]).content.decode()
    assert page.count('data-progress="signed"') == 3
    for letter in signed:
        assert letter.number in page
    assert 'http-equiv="refresh"' not in page  # nothing is being signed any more


def test_the_page_shows_each_letters_progress_and_reloads_while_they_are_signed(
    world, letters, client, django_capture_on_commit_callbacks
):
    client.force_login(world["head"])
    with django_capture_on_commit_callbacks(execute=False):  # queued; no worker took them yet
        response = sign_batch(client, world, [letter.pk for letter in letters])

    page = client.get(response["Location"]).content.decode()

    assert 'data-testid="batch-progress"' in page and 'data-testid="signing-in-progress"' in page
    assert page.count('data-testid="batch-letter"') == 3 and page.count('data-progress="signing"') == 6  # + the rows
    # The refresh names the address without "#kumpulan": a bare refresh of it is no reload in Chromium.
    assert f'<meta http-equiv="refresh" content="2; url={response["Location"].split("#")[0]}">' in page
    assert 'name="letters"' not in page  # a letter being signed cannot be ticked again
    assert [j.state for j in SigningJob.objects.all()] == [SigningState.QUEUED] * 3


def test_a_letter_of_another_office_is_refused_and_the_others_are_signed(
    world, letters, client, eager, django_capture_on_commit_callbacks
):
    foreign = letter_awaiting(decided(world, title="Survei Kantor Lain"))
    Letter.objects.filter(pk=foreign.pk).update(signer_office=world["other_office"])  # signed by 6203's head
    returned = letters[2]
    Letter.objects.filter(pk=returned.pk).update(state=LetterState.RETURNED)  # back with the reviewers
    client.force_login(world["head"])

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_batch(client, world, [letters[0].pk, foreign.pk, letters[1].pk, returned.pk])

    assert response.status_code == 302
    assert response["Location"].endswith(f"?surat={letters[0].pk},{letters[1].pk}#kumpulan")
    assert flashed(response) == [
        f"Surat no. {foreign.pk} tidak ada dalam daftar surat yang Anda tandatangani; surat itu tidak ditandatangani.",
        f"Surat untuk {returned.submission.number} tidak sedang menunggu tanda tangan Anda; "
        "surat itu tidak ditandatangani.",
        "2 surat sedang ditandatangani.",
    ]
    states = dict(Letter.objects.values_list("pk", "state"))
    assert states[letters[0].pk] == states[letters[1].pk] == LetterState.SIGNED
    assert (states[foreign.pk], states[returned.pk]) == (LetterState.AWAITING_SIGNATURE, LetterState.RETURNED)
    assert not SigningJob.objects.filter(letter__in=[foreign, returned]).exists()
    assert Letter.objects.get(pk=foreign.pk).number is None


def test_a_wrong_passphrase_signs_none_and_keeps_the_ticks(world, letters, client, eager):
    client.force_login(world["head"])

    response = sign_batch(client, world, [letters[0].pk, letters[2].pk], passphrase="salah-123")

    assert response.status_code == 400
    assert response.context["form"].errors["passphrase"] == ["Frasa sandi salah."]
    assert not SigningJob.objects.exists()
    assert set(Letter.objects.values_list("state", flat=True)) == {LetterState.AWAITING_SIGNATURE}
    assert not Letter.objects.exclude(number=None).exists()
    page = response.content.decode()
    assert f'value="{letters[0].pk}" id="tick-{letters[0].pk}" checked' in page
    assert f'value="{letters[1].pk}" id="tick-{letters[1].pk}">' in page  # not ticked: not ticked again
    assert "salah-123" not in page


def test_a_batch_is_bounded_and_nothing_ticked_is_refused(world, letters, client, eager):
    client.force_login(world["head"])
    too_many = [letter.pk for letter in letters] + list(range(10_000, 10_000 + LETTER_SIGN_BATCH_MAX))

    response = sign_batch(client, world, too_many)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        f"Tandatangani paling banyak 50 surat sekaligus; Anda mencentang {len(too_many)}. "
        "Tidak ada yang ditandatangani."
    ]
    assert 'data-testid="batch-errors"' in response.content.decode()
    assert not SigningJob.objects.exists()

    response = sign_batch(client, world, [])
    assert response.status_code == 400
    assert response.context["form"].errors["letters"] == ["Centang surat yang akan Anda tandatangani."]
    assert not SigningJob.objects.exists()


def test_the_passphrase_is_stored_nowhere(world, letters, client, django_capture_on_commit_callbacks):
    client.force_login(world["head"])
    with django_capture_on_commit_callbacks(execute=False):
        sign_batch(client, world, [letter.pk for letter in letters])
    jobs = list(SigningJob.objects.all())
    assert len(jobs) == 3
    for job in jobs:
        assert PASSPHRASE.encode() not in bytes(job.sealed_key) and PASSPHRASE not in job.error


def test_only_the_head_signs_a_batch(world, letters, client):
    client.force_login(world["reviewer"])
    response = sign_batch(client, world, [letter.pk for letter in letters])
    assert response.status_code == 403
    assert not SigningJob.objects.exists()
