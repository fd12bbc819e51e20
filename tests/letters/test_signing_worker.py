"""A letter of the largest legal size — a form with 2,000 variables, the most an import brings — is signed end to end
with a real Celery worker process on real Redis, as in production: the worker renders the draft with its lampiran
after the decision; the head's signing request answers at once and renders nothing; the page shows "sedang
ditandatangani…" until the worker has numbered, rendered and signed the letter, then the signed letter.

Before the signing became a task, the request rendered the whole letter holding the office's numbering lock: over
a minute for this letter, killed by gunicorn's 30-second timeout, so such a letter could never be signed."""

import io
import threading
import time

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from letters import rendering
from letters.enums import LetterState, RenderState, SigningState
from letters.issuing import letter_sign_request, signing_job_run
from letters.models import Letter, SigningJob
from letters.pki import demo_certificate_issue
from letters.services import letter_send_to_head
from letters.verification import verify_pdf
from review import services as review
from romantik.celery import app as celery_app
from romantik.models import Counter
from submissions.models import Submission, Variable
from submissions.states import State
from submissions.tables import MAX_IMPORT_ROWS
from tests.conftest import close_other_db_sessions, skip_or_fail
from tests.letters.test_sign import PASSPHRASE, decided, letter_awaiting
from tests.notifications.delivery import CeleryProcesses, SmtpServer, wait_until
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixture

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def add_variables(submission, count: int = MAX_IMPORT_ROWS) -> None:
    """`count` variables with every column answered, as a spreadsheet import of that many rows brings them."""
    Variable.objects.filter(submission=submission).delete()
    Variable.objects.bulk_create(
        Variable(
            submission=submission,
            position=i,
            name=f"Variabel ke-{i + 1} tentang keadaan rumah tangga",
            alias=f"VAR_{i + 1}",
            concept="Konsep variabel yang diukur dalam kegiatan statistik ini secara rinci",
            definition="Definisi operasional variabel sebagaimana diterapkan oleh pencacah di lapangan pada saat "
            "pencacahan berlangsung",
            selection_reference="Anggota rumah tangga berumur 15 tahun ke atas",
            time_reference="Seminggu yang lalu",
            data_type="numerik",
            classification="KBLI 2020",
            validation_rule="0-120",
            question_text="Berapa umur kepala rumah tangga pada ulang tahun terakhir?",
        )
        for i in range(count)
    )


@pytest.fixture
def redis_broker():
    """The broker of this test process (CELERY_BROKER_URL, a Redis database of its own), emptied around the test:
    the worker started here takes what this process publishes."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        skip_or_fail("needs Redis: set CELERY_BROKER_URL=redis://127.0.0.1:6379/N")
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    celery_app.conf.broker_url = url
    celery_app._after_fork()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def renders_nothing(monkeypatch):
    """In this process (the web request's): any PDF render or combine fails the test."""
    import weasyprint

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered in the web request")

    monkeypatch.setattr(rendering, "_pdf", refuse)
    monkeypatch.setattr(rendering, "letter_combine", refuse)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", refuse)


def test_a_letter_with_2000_variables_is_signed_through_the_page_by_a_real_worker(
    office_world, uses_postgres, redis_broker, smtp, tmp_path, client, renders_nothing
):
    w = office_world
    office, head = w["office"], w["head"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    head.full_name, head.nip = "Budi Santoso", "197001011990031001"
    head.save(update_fields=["full_name", "nip"])
    demo_certificate_issue(user=head, office=office, passphrase=PASSPHRASE)
    add_variables(w["submission"])
    timings = {}

    with CeleryProcesses(broker_url=redis_broker, smtp_url=smtp.url, log_dir=tmp_path) as celery:
        s = review.review_accept(submission=w["submission"], actor=w["front_desk"])
        review.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
        started = time.monotonic()
        s = review.review_decide(submission=s, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran.")
        letter = s.letter

        def rendered():
            letter.refresh_from_db()
            return letter.render_state != RenderState.PENDING

        wait_until(rendered, timeout=900, interval=1, what="the worker to render the draft of 2,000 variables")
        timings["draft render (worker)"] = time.monotonic() - started
        assert (letter.render_state, letter.render_error) == (RenderState.READY, ""), celery.log()[-3000:]
        assert letter.lampiran_pdf
        letter_send_to_head(letter=letter, actor=w["reviewer"])

        client.force_login(head)
        url = reverse("letters:sign", args=[letter.pk])
        started = time.monotonic()
        response = client.post(url, {"passphrase": PASSPHRASE})
        timings["sign request"] = time.monotonic() - started
        assert (response.status_code, response["Location"]) == (302, url)
        assert timings["sign request"] < 2, timings

        page = client.get(url).content.decode()
        if 'data-testid="already-signed"' not in page:  # the worker may not have finished: the head sees progress
            assert 'data-testid="signing-in-progress"' in page and 'http-equiv="refresh"' in page

        def signed_page():
            return 'data-testid="already-signed"' in client.get(url).content.decode()  # what the refresh shows

        wait_until(signed_page, timeout=600, interval=1, what="the worker to sign the letter")
        timings["request to signed letter (worker)"] = time.monotonic() - started
        assert "Traceback" not in celery.log(), celery.log()[-4000:]

    print("\n" + "\n".join(f"{name}: {seconds:.2f} s" for name, seconds in timings.items()))
    letter.refresh_from_db()
    assert (letter.state, letter.seq, letter.signed_by) == (LetterState.SIGNED, 1, head)
    assert SigningJob.objects.get().state == SigningState.DONE
    assert Submission.objects.get(pk=s.pk).state == State.ISSUED
    data = letter.signed_pdf.read()
    result = verify_pdf(data)
    assert (result.valid, result.letter) == (True, letter), result.reason
    pages = PdfReader(io.BytesIO(data)).pages
    assert f"Surat Nomor: {letter.number}" in pages[rendering.signature_page_index(data) + 1].extract_text()
    assert "Variabel ke-2000 tentang keadaan rumah tangga" in " ".join(pages[-1].extract_text().split())


def test_parallel_clicks_and_parallel_runs_sign_once_with_one_number(office_world, uses_postgres):
    """Heads' clicks in parallel (a double click, two tabs) make one job; that job run by two workers at once (a
    redelivery while the first still works) signs once; the next letter gets the next number."""
    office, head = office_world["office"], office_world["head"]
    demo_certificate_issue(user=head, office=office, passphrase=PASSPHRASE)
    letter = letter_awaiting(decided(office_world, title="Survei Paralel"))

    def in_parallel(call, count):
        barrier, results = threading.Barrier(count), []

        def run():
            try:
                barrier.wait(timeout=30)
                results.append(call())
            except Exception as exc:  # noqa: BLE001 - surfaced by the assertions
                results.append(exc)
            finally:
                from django.db import connection

                connection.close()

        threads = [threading.Thread(target=run) for _ in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        return results

    jobs = in_parallel(
        lambda: letter_sign_request(letter=letter, signer=head, passphrase=PASSPHRASE, dispatch=False), 4
    )
    assert all(isinstance(job, SigningJob) for job in jobs), jobs
    assert len({job.pk for job in jobs}) == 1 and SigningJob.objects.count() == 1

    runs = in_parallel(lambda: signing_job_run(job_id=jobs[0].pk), 2)
    close_other_db_sessions()
    assert all(isinstance(run, SigningJob) for run in runs), runs
    letter.refresh_from_db()
    assert (letter.state, letter.seq) == (LetterState.SIGNED, 1)
    assert SigningJob.objects.get().state == SigningState.DONE
    assert Counter.objects.get(key__startswith="letter:").value == 1
    _folders, files = letter.signed_pdf.storage.listdir(f"letters/signed/{letter.submission_id}")
    assert files == [letter.signed_pdf.name.rsplit("/", 1)[1]]  # the late run threw its file away

    second = letter_awaiting(decided(office_world, title="Survei Berikutnya"))
    job = letter_sign_request(letter=second, signer=head, passphrase=PASSPHRASE, dispatch=False)
    signing_job_run(job_id=job.pk)
    assert Letter.objects.get(pk=second.pk).seq == 2
