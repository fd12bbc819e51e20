"""Signing is a Celery task: the head's request checks the passphrase and queues one job, renders nothing and takes
no number; the task numbers the letter in a short transaction and renders and signs holding no lock; a double
click, a second tab, a task run twice or the periodic flush sign once, with one number; the head's opened key is
sealed, expiring and wiped, never the passphrase."""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from letters import rendering
from letters.enums import LetterState, SigningState
from letters.issuing import (
    letter_send_back,
    letter_sign,
    letter_sign_request,
    signing_job_run,
    signing_jobs_flush,
)
from letters.models import Letter, SigningJob
from letters.sealing import seal, unseal
from letters.services import letter_render, letter_send_to_head
from romantik.models import Counter
from submissions.states import State
from tests.letters import test_sign
from tests.letters.test_sign import PASSPHRASE, letter_awaiting
from tests.letters.test_sign import decided as decided_submission

pytestmark = pytest.mark.django_db

world = test_sign.world  # the fixture: a letter awaiting the signature of a head with a demo certificate


class RenderedInTheRequest(AssertionError):
    pass


@pytest.fixture
def no_render(monkeypatch):
    """Any PDF render (WeasyPrint or the combining of the parts) fails the test."""

    def refuse(*args, **kwargs):
        raise RenderedInTheRequest("a PDF was rendered in the request")

    import weasyprint

    monkeypatch.setattr(rendering, "_pdf", refuse)
    monkeypatch.setattr(rendering, "letter_combine", refuse)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", refuse)
    yield
    monkeypatch.undo()


@pytest.fixture
def render_spy(monkeypatch):
    """Records, for each render, combine and PAdES signature, how many transactions (atomic blocks) were open beyond
    the test's own: a row lock (the letter's, the office's number counter, the submission's) lives only inside
    one, so 0 means the step ran holding no lock."""
    from letters.signers import LocalPkcs12Signer

    baseline = len(connection.atomic_blocks)
    seen = []

    def spy(name, real):
        def wrapper(*args, **kwargs):
            seen.append((name, len(connection.atomic_blocks) - baseline))
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(rendering, "_pdf", spy("render", rendering._pdf))
    monkeypatch.setattr(rendering, "letter_combine", spy("combine", rendering.letter_combine))
    monkeypatch.setattr(LocalPkcs12Signer, "sign_unlocked", spy("sign", LocalPkcs12Signer.sign_unlocked))
    return seen


def _post_sign(client, letter, passphrase=PASSPHRASE):
    return client.post(reverse("letters:sign", args=[letter.pk]), {"passphrase": passphrase})


def _open_job(letter) -> SigningJob:
    return SigningJob.objects.get(letter=letter, state__in=[SigningState.QUEUED, SigningState.RUNNING])


# --- the request --------------------------------------------------------------------------------------------------


def test_the_sign_request_renders_nothing_takes_no_number_and_queues_one_job(
    world, client, no_render, django_capture_on_commit_callbacks
):
    letter = world["letter"]
    client.force_login(world["head"])
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post_sign(client, letter)
    elapsed = time.perf_counter() - started

    assert (response.status_code, response["Location"]) == (302, reverse("letters:sign", args=[letter.pk]))
    assert elapsed < 2, elapsed
    job = _open_job(letter)
    assert (job.state, job.signer, job.attempts) == (SigningState.QUEUED, world["head"], 0)
    letter.refresh_from_db()
    assert (letter.state, letter.number, letter.seq) == (LetterState.AWAITING_SIGNATURE, None, None)
    assert not Counter.objects.filter(key__startswith="letter:").exists()
    assert [getattr(c, "__qualname__", "") for c in callbacks] == ["letter_sign_request.<locals>.<lambda>"]

    # The head sees the progress: the page reloads itself, and offers neither form meanwhile.
    page = client.get(reverse("letters:sign", args=[letter.pk])).content.decode()
    assert 'data-testid="signing-in-progress"' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'data-testid="sign-form"' not in page and 'data-testid="send-back-form"' not in page


def test_the_task_takes_the_number_in_a_short_transaction_and_renders_and_signs_holding_no_lock(
    decided, render_spy, django_capture_on_commit_callbacks
):
    """The draft task renders the lampiran; the signing renders only the letter's pages (one WeasyPrint call), with
    the number, and combines them with the stored lampiran — every step outside any transaction."""
    from letters.pki import demo_certificate_issue

    w = decided
    demo_certificate_issue(user=w["head"], office=w["office"], passphrase=PASSPHRASE)
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_render(letter_id=w["letter"].pk, version=1)
    assert letter.lampiran_pdf and letter.draft_pdf
    assert [depth for _name, depth in render_spy] == [0, 0, 0]  # lampiran, letter pages, combine
    letter_send_to_head(letter=letter, actor=w["reviewer"])
    render_spy.clear()

    job = letter_sign_request(letter=letter, signer=w["head"], passphrase=PASSPHRASE, dispatch=False)
    assert render_spy == []
    with CaptureQueriesContext(connection) as queries:
        signing_job_run(job_id=job.pk)

    assert render_spy == [("render", 0), ("combine", 0), ("sign", 0)]
    letter.refresh_from_db()
    assert (letter.state, letter.seq) == (LetterState.SIGNED, 1)
    # The counter row is locked (SELECT … FOR UPDATE) in a transaction that renders nothing.
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and "romantik_counter" in q["sql"]]
    assert len(locking) == (1 if connection.features.has_select_for_update else 0)
    text = " ".join(" ".join(p.extract_text().split()) for p in _pages(letter.signed_pdf.read()))
    assert f"LAMPIRAN Surat Nomor: {letter.number}, tanggal" in text
    assert "Variabel 1" in text  # the lampiran rendered with the draft


def _pages(pdf: bytes):
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages


# --- once: double click, second tab, retries ----------------------------------------------------------------------


def test_a_double_click_and_a_second_tab_sign_once_with_one_number(world, client, django_capture_on_commit_callbacks):
    letter = world["letter"]
    client.force_login(world["head"])
    other_tab = client.__class__()
    other_tab.force_login(world["head"])
    with django_capture_on_commit_callbacks(execute=False):
        responses = [_post_sign(client, letter), _post_sign(client, letter), _post_sign(other_tab, letter)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert SigningJob.objects.count() == 1
    job = SigningJob.objects.get()

    first = signing_job_run(job_id=job.pk)
    again = signing_job_run(job_id=job.pk)  # the task delivered twice
    assert signing_jobs_flush(now=timezone.now() + datetime.timedelta(hours=1)) == 0  # nothing left
    assert (first.state, again.state, again.attempts) == (SigningState.DONE, SigningState.DONE, 1)

    letter.refresh_from_db()
    assert (letter.state, letter.seq) == (LetterState.SIGNED, 1)
    assert Counter.objects.get(key__startswith="letter:").value == 1
    assert letter.submission.transitions.filter(to_state=State.ISSUED).count() == 1
    # A click after the signature changes nothing.
    assert _post_sign(client, letter).status_code == 302
    assert SigningJob.objects.count() == 1
    # The page shows the signed letter, and its frame serves the signed file.
    page = client.get(reverse("letters:sign", args=[letter.pk])).content.decode()
    assert 'data-testid="already-signed"' in page and letter.number in page and "http-equiv" not in page
    frame = client.get(reverse("letters:sign_draft_pdf", args=[letter.pk]))
    assert frame.status_code == 200 and frame["Content-Disposition"].startswith("inline")
    assert b"".join(frame.streaming_content) == letter.signed_pdf.read()


def test_a_run_that_comes_late_throws_its_signature_away(world):
    """Two runs of the same job overlap (the flush took a job whose worker was only slow): both sign the same
    numbered letter, the first stores it, the second finds it signed and deletes its file."""
    from letters import issuing as sign

    job = letter_sign_request(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE, dispatch=False)
    real_store = sign._signature_store
    files = []

    def store_after_a_late_twin(job_, letter, signed, stored_name):
        files.append(stored_name)
        if len(files) == 1:  # the twin run gets through while this one is between its signature and storing it
            SigningJob.objects.filter(pk=job_.pk).update(state=SigningState.RUNNING)
            signing_job_run(job_id=job_.pk)
        return real_store(job_, letter, signed, stored_name)

    sign._signature_store = store_after_a_late_twin
    try:
        signing_job_run(job_id=job.pk)
    finally:
        sign._signature_store = real_store
    letter = Letter.objects.get(pk=world["letter"].pk)
    assert (letter.state, letter.seq, SigningJob.objects.get().state) == (LetterState.SIGNED, 1, SigningState.DONE)
    storage = letter.signed_pdf.storage
    assert len(files) == 2 and letter.signed_pdf.name == files[1]
    assert not storage.exists(files[0]) and storage.exists(files[1])
    assert Counter.objects.get(key__startswith="letter:").value == 1


def test_a_failure_after_the_number_keeps_it_for_the_next_attempt(world, monkeypatch, client):
    """Nothing is issued; the letter keeps its number (no gap, no second number) and the head, told why, signs
    again with the same number."""
    from letters.signers import LocalPkcs12Signer

    letter = world["letter"]

    def broken(self, pdf, **kwargs):
        raise RuntimeError("signing service hiccup")

    monkeypatch.setattr(LocalPkcs12Signer, "sign_unlocked", broken)
    job = letter_sign_request(letter=letter, signer=world["head"], passphrase=PASSPHRASE, dispatch=False)
    job = signing_job_run(job_id=job.pk)
    assert (job.state, job.sealed_key) == (SigningState.FAILED, b"")
    assert "technical error" in job.error or "kesalahan teknis" in job.error
    letter.refresh_from_db()
    year = timezone.localdate().year
    assert (letter.state, letter.number, letter.signed_pdf.name) == (
        LetterState.AWAITING_SIGNATURE,
        f"B-001/62020/VS.300/{year}",
        "",
    )
    client.force_login(world["head"])
    page = client.get(reverse("letters:sign", args=[letter.pk])).content.decode()
    assert 'data-testid="signing-failed"' in page and 'data-testid="sign-form"' in page

    monkeypatch.undo()
    signed = letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE)
    assert (signed.state, signed.number, signed.seq) == (LetterState.SIGNED, f"B-001/62020/VS.300/{year}", 1)
    other = letter_sign(
        letter=letter_awaiting(decided_submission(world, title="Survei Berikutnya")),
        signer=world["head"],
        passphrase=PASSPHRASE,
    )
    assert other.seq == 2
    assert Counter.objects.get(key__startswith="letter:").value == 2


def test_the_letter_is_not_sent_back_while_it_is_being_signed(world, client):
    letter = world["letter"]
    letter_sign_request(letter=letter, signer=world["head"], passphrase=PASSPHRASE, dispatch=False)
    with pytest.raises(ValidationError):
        letter_send_back(letter=letter, head=world["head"], note="Ganti hal.")
    client.force_login(world["head"])  # a send-back form left open in another tab
    response = client.post(reverse("letters:send_back", args=[letter.pk]), {"note": "Ganti hal."}, follow=True)
    assert response.redirect_chain == [(reverse("letters:sign", args=[letter.pk]), 302)]
    assert 'data-testid="signing-in-progress"' in response.content.decode()
    assert [m.level_tag for m in response.context["messages"]] == ["danger"]
    assert Letter.objects.get(pk=letter.pk).state == LetterState.AWAITING_SIGNATURE


def test_a_letter_sent_back_before_its_job_ran_is_not_signed(world):
    letter = world["letter"]
    job = letter_sign_request(letter=letter, signer=world["head"], passphrase=PASSPHRASE, dispatch=False)
    Letter.objects.filter(pk=letter.pk).update(state=LetterState.RETURNED)  # as if it had been sent back
    job = signing_job_run(job_id=job.pk)
    assert job.state == SigningState.FAILED
    letter.refresh_from_db()
    assert (letter.state, letter.number) == (LetterState.RETURNED, None)
    assert not Counter.objects.filter(key__startswith="letter:", value__gt=0).exists()


# --- the broker is slow or down -----------------------------------------------------------------------------------


def test_a_job_the_broker_never_took_is_signed_by_the_periodic_flush(
    world, client, broker_down, django_capture_on_commit_callbacks
):
    letter = world["letter"]
    client.force_login(world["head"])
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the dispatch fails: the broker is down
        response = _post_sign(client, letter)
    elapsed = time.perf_counter() - started
    assert callbacks and response.status_code == 302
    assert elapsed < 5, elapsed  # the dead broker does not hold the head up (CELERY_PUBLISH_TIMEOUT)
    job = _open_job(letter)
    assert signing_jobs_flush() == 0  # within the grace: its own task may still come
    later = job.updated_at + datetime.timedelta(seconds=31)
    assert signing_jobs_flush(now=later) == 1
    letter.refresh_from_db()
    assert (letter.state, letter.seq) == (LetterState.SIGNED, 1)
    assert signing_jobs_flush(now=later) == 0


def test_a_job_whose_worker_died_is_run_again_by_the_flush(world):
    job = letter_sign_request(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE, dispatch=False)
    SigningJob.objects.filter(pk=job.pk).update(state=SigningState.RUNNING, attempts=1)  # the worker was killed
    assert signing_jobs_flush(now=timezone.now() + datetime.timedelta(minutes=5)) == 0  # may still be working
    assert signing_jobs_flush(now=timezone.now() + datetime.timedelta(minutes=11)) == 1
    job.refresh_from_db()
    assert (job.state, job.attempts) == (SigningState.DONE, 2)
    assert Letter.objects.get(pk=world["letter"].pk).seq == 1


# --- the head's key -------------------------------------------------------------------------------------------------


def test_the_passphrase_is_stored_nowhere_and_the_sealed_key_is_wiped(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from letters.tasks import letter_sign_task

    published = []
    monkeypatch.setattr(letter_sign_task, "apply_async", lambda *args, **kwargs: published.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        job = letter_sign_request(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE)
    monkeypatch.undo()
    # The broker gets the job's id only.
    assert [kwargs["args"] for kwargs in published] == [[job.pk]]
    sealed = bytes(SigningJob.objects.get(pk=job.pk).sealed_key)
    assert sealed and PASSPHRASE.encode() not in sealed
    credential = unseal(sealed, letter_id=job.letter_id, signer_id=job.signer_id)
    assert PASSPHRASE.encode() not in credential  # the opened key, not the passphrase
    with pytest.raises(ValidationError):  # another letter's or another head's job does not open it
        unseal(sealed, letter_id=job.letter_id + 1, signer_id=job.signer_id)

    signing_job_run(job_id=job.pk)
    assert bytes(SigningJob.objects.get(pk=job.pk).sealed_key) == b""


def test_a_sealed_key_expires(world, settings):
    job = letter_sign_request(letter=world["letter"], signer=world["head"], passphrase=PASSPHRASE, dispatch=False)
    token = seal(b"key", letter_id=1, signer_id=2)
    settings.LETTER_SIGN_KEY_TTL_SECONDS = 0
    time.sleep(1.1)
    with pytest.raises(ValidationError):
        unseal(token, letter_id=1, signer_id=2)
    job = signing_job_run(job_id=job.pk)
    assert (job.state, job.sealed_key) == (SigningState.FAILED, b"")
    assert "expired" in job.error or "kedaluwarsa" in job.error
    letter = Letter.objects.get(pk=world["letter"].pk)
    assert (letter.state, letter.number) == (LetterState.AWAITING_SIGNATURE, None)  # expired before any number


def test_a_wrong_passphrase_queues_nothing(world, client):
    client.force_login(world["head"])
    response = _post_sign(client, world["letter"], passphrase="salah-123")
    assert response.status_code == 400
    assert not SigningJob.objects.exists()
