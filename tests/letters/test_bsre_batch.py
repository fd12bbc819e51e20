"""BSrE's unknown outcomes as the head sees them (issue 21): in a batch signed with one passphrase, on the list of
letters to sign and on the single letter's page. A letter whose BSrE call got no answer is "sedang dikonfirmasi" —
never "gagal" —, the page says what happens next, and once BSrE answers the letter settles to signed (its file
confirmed and issued without another click) or to not signed (signed again, same number). Numbers stay gap-free
through it all. Against the local BSrE of tests/letters/bsre_service.py, over HTTP; the jobs run eagerly."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from letters.bsre import bsre_attempts_settle
from letters.enums import BsreAttemptState, LetterState
from letters.issuing import letter_sign
from letters.models import BsreSignAttempt, Letter
from letters.verification import verify_pdf
from submissions.models import Submission
from submissions.states import State
from tests.letters import test_batch_sign, test_bsre
from tests.letters.test_bsre import PASSPHRASE, _counter
from tests.letters.test_sign import decided, letter_awaiting
from tests.review import conftest as review_conftest

office_world = review_conftest.office_world  # the fixtures
bsre = test_bsre.bsre
world = test_bsre.world
eager = test_batch_sign.eager

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _page(client, world, ids=()) -> str:
    url = reverse("office_signing", kwargs={"code": world["office"].code})
    if ids:
        url += "?surat=" + ",".join(str(pk) for pk in ids)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()


def _batch_row(page: str, letter) -> str:
    start = page.index(f'data-testid="batch-letter" data-letter="{letter.pk}"')
    return page[start : page.index("</li>", start)]


def _list_row(page: str, letter) -> str:
    start = page.index(f'data-testid="letter-to-sign" data-letter="{letter.pk}"')
    return page[start : page.index("</tr>", start)]


def _flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_batch_letter_without_an_answer_is_being_confirmed_then_settles(
    world, bsre, settings, client, eager, django_capture_on_commit_callbacks
):
    settings.BSRE_TIMEOUT_SECONDS = 4  # a normal call signs well within it, even on a loaded machine
    bsre.delay = 6.0
    a = world["letter"]
    b, c, d = (letter_awaiting(decided(world, title=f"Survei BSrE {i}")) for i in (2, 3, 4))
    client.force_login(world["head"])
    url = reverse("office_signing", kwargs={"code": world["office"].code})

    # One passphrase for three letters; BSrE answers the second call after the portal stopped waiting.
    bsre.sign_plan = ["normal", "slow", "normal"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"letters": [a.pk, b.pk, c.pk], "passphrase": PASSPHRASE})
    assert response.status_code == 302
    a, b, c = (Letter.objects.get(pk=x.pk) for x in (a, b, c))
    assert (a.state, b.state, c.state) == (LetterState.SIGNED, LetterState.AWAITING_SIGNATURE, LetterState.SIGNED)
    assert (a.seq, b.seq, c.seq) == (1, 2, 3) and _counter() == 3  # b keeps its number while it is confirmed
    assert BsreSignAttempt.objects.get(letter=b).state == BsreAttemptState.UNKNOWN

    page = _page(client, world, [a.pk, b.pk, c.pk])
    row = _batch_row(page, b)
    assert 'data-progress="confirming"' in row and "sedang dikonfirmasi" in row
    assert "tidak ditandatangani" not in row.casefold() and "gagal" not in row.casefold()
    assert 'data-testid="confirming-next"' in page and "setiap menit" in page  # what happens next
    assert '<meta http-equiv="refresh" content="10; url=' in page  # until BSrE answers
    assert page.count('data-progress="signed"') == 2
    # On the list of letters to sign too: being confirmed, not "Tidak ditandatangani", and not tickable.
    listing = _list_row(_page(client, world), b)
    assert 'data-progress="confirming"' in listing and "sedang dikonfirmasi" in listing
    assert 'name="letters"' not in listing and "Tidak ditandatangani" not in listing

    # Ticked again with another letter while BSrE still cannot confirm: that letter alone is refused (the batch is
    # not), nothing is sent for it; the other is signed, but BSrE's verify call is down, so it is being confirmed too.
    bsre.behaviour = "verify_down"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"letters": [b.pk, d.pk], "passphrase": PASSPHRASE})
    assert response.status_code == 302 and response["Location"].endswith(f"?surat={d.pk}#kumpulan")
    assert any("sedang dikonfirmasi" in text for text in _flashed(response))
    assert len(bsre.sign_calls) == 4  # a, b, c, d: b was not called again
    d = Letter.objects.get(pk=d.pk)
    assert d.state == LetterState.AWAITING_SIGNATURE and d.seq == 4
    assert BsreSignAttempt.objects.get(letter=d).state == BsreAttemptState.RECEIVED
    page = _page(client, world, [b.pk, d.pk])
    assert page.count('data-progress="confirming"') == 4  # the two batch rows and the two list rows

    # BSrE answers again (the beat task): d's file is confirmed and becomes the letter; b got no file: not signed.
    bsre.behaviour = "normal"
    assert bsre_attempts_settle() == 2
    d = Letter.objects.get(pk=d.pk)
    assert d.state == LetterState.SIGNED and d.seq == 4 and d.signed_by == world["head"]
    assert Submission.objects.get(letter=d).state == State.ISSUED
    assert verify_pdf(d.signed_pdf.read()).valid
    page = _page(client, world, [b.pk, d.pk])
    assert 'data-progress="signed"' in _batch_row(page, d) and d.number in page
    row = _batch_row(page, b)
    assert 'data-progress="failed"' in row and "BSrE sudah menjawab kembali" in row and "tetap memakai nomornya" in row
    assert reverse("letters:sign", args=[b.pk]) in row  # the way on: sign it again
    assert 'http-equiv="refresh"' not in page

    b = letter_sign(letter=b, signer=world["head"], passphrase=PASSPHRASE)
    assert b.state == LetterState.SIGNED and b.seq == 2 and _counter() == 4
    letters = Letter.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk])
    assert sorted(letters.values_list("seq", flat=True)) == [1, 2, 3, 4]  # gap-free, one number each
    assert all(verify_pdf(letter.signed_pdf.read()).valid for letter in letters)
    assert len(bsre.sign_calls) == 5 and bsre.signatures == 5  # b's lost answer was signed at BSrE, never issued


def test_the_signing_page_after_no_answer_says_what_happens_and_asks_bsre_now(world, bsre, settings, client):
    settings.BSRE_TIMEOUT_SECONDS = 1
    bsre.behaviour, bsre.delay = "slow", 2.5
    letter = world["letter"]
    with pytest.raises(Exception):  # noqa: B017, PT011 - the outcome is unknown (ValidationError)
        letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE)
    url = reverse("letters:sign", args=[letter.pk])

    # Only the head whose signature is awaited may ask BSrE.
    client.force_login(world["reviewer"])
    assert client.post(url, {"bsre_settle": "1"}).status_code in (403, 404)

    client.force_login(world["head"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-testid="signing-confirming"' in page and 'data-testid="confirming-next"' in page
    assert "Tanyakan ke BSrE sekarang" in page and 'data-testid="bsre-settle-form"' in page
    assert reverse("office_signing", args=[letter.signer_office.code]) in page
    assert 'data-testid="signing-failed"' not in page and 'data-testid="sign-form"' not in page

    bsre.behaviour = "verify_down"  # BSrE still cannot say
    response = client.post(url, {"bsre_settle": "1"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 302 and "setiap menit" in _flashed(response)[0]
    assert BsreSignAttempt.objects.get(letter=letter).state == BsreAttemptState.UNKNOWN

    bsre.behaviour = "normal"
    response = client.post(url, {"bsre_settle": "1"}, HTTP_ACCEPT_LANGUAGE="id")
    assert "belum ditandatangani" in _flashed(response)[-1]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'data-testid="bsre-settled"' in page and 'data-testid="sign-form"' in page
    assert len(bsre.sign_calls) == 1


def test_a_confirmed_file_becomes_the_letter_when_the_head_asks_bsre_now(world, bsre, client):
    bsre.behaviour = "verify_down"
    letter = world["letter"]
    with pytest.raises(Exception):  # noqa: B017, PT011 - received, not confirmed (ValidationError)
        letter_sign(letter=letter, signer=world["head"], passphrase=PASSPHRASE)
    client.force_login(world["head"])
    url = reverse("letters:sign", args=[letter.pk])
    assert 'data-testid="signing-confirming"' in client.get(url).content.decode()

    bsre.behaviour = "normal"
    response = client.post(url, {"bsre_settle": "1"}, HTTP_ACCEPT_LANGUAGE="id")
    assert "ditandatangani dan diterbitkan" in _flashed(response)[0]
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.state == LetterState.SIGNED and _counter() == 1 and bsre.signatures == 1
    assert 'data-testid="already-signed"' in client.get(url).content.decode()
