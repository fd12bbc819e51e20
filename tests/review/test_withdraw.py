"""Tarik kembali: the agency withdraws a submission it no longer needs, until BPS decides.

Through the one transition door (logged, idempotent), with the reason kept and the office told; the clock
stops, so the queue, the overdue filter and the reminder sweep leave it alone."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Message
from notifications.services import message_render
from review import reminders
from review.selectors import office_calendar, office_queue, overdue, queue_rows
from review.services import review_accept, review_assign, review_decide
from romantik.enums import MembershipStatus
from submissions.enums import Channel
from submissions.models import Submission, Transition
from submissions.services import submission_withdraw
from submissions.states import State
from submissions.workflow import TransitionNotAllowed
from tests.factories import agency_user

REASON = "Kegiatan dibatalkan karena anggaran dialihkan."


def _url(s):
    return reverse("submissions:withdraw", kwargs={"pk": s.pk})


def _in_review(w):
    s = w["submission"]
    review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    return review_accept(submission=s, actor=w["front_desk"])


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_agency_withdraws_with_a_reason_and_the_office_is_told(office_world, client):
    w = office_world
    s = _in_review(w)
    client.force_login(w["agency"])
    overview = client.get(reverse("submissions:overview", kwargs={"pk": s.pk}))
    assert 'data-testid="withdraw-link"' in overview.content.decode()
    page = client.get(_url(s))
    assert page.status_code == 200 and 'data-testid="withdraw-form"' in page.content.decode()

    response = client.post(_url(s), {"reason": REASON})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.state == State.WITHDRAWN
    log = Transition.objects.filter(submission=s).order_by("pk").last()
    assert (log.from_state, log.to_state, log.actor_id, log.note) == (
        State.IN_REVIEW,
        State.WITHDRAWN,
        w["agency"].pk,
        REASON,
    )
    staff = {w["reviewer"].pk, w["coordinator"].pk, w["front_desk"].pk}
    told = Message.objects.filter(template="submission_withdrawn", channel="email")
    assert set(told.values_list("recipient_id", flat=True)) == staff and told.count() == len(staff)
    for message in told:
        subject, body = message_render(message=message)
        assert s.number in subject and REASON in body and "ditarik" in subject
    receipt = Message.objects.get(template="submission_withdrawn_receipt", channel="email")
    assert receipt.recipient_id == w["agency"].pk

    after = client.get(reverse("submissions:overview", kwargs={"pk": s.pk})).content.decode()
    assert 'data-testid="withdrawn-banner"' in after and REASON in after
    assert 'data-testid="withdraw-link"' not in after
    listing = client.get(reverse("submissions:list")).content.decode()
    assert "state-ditarik" in listing and "Ditarik kembali" in listing
    # The office keeps the record: the review page shows the state, the reason and a stopped clock, no actions.
    client.force_login(w["reviewer"])
    review = client.get(reverse("review:detail", kwargs={"pk": s.pk}))
    text = review.content.decode()
    assert review.status_code == 200 and "Ditarik kembali" in text and REASON in text
    assert "instansi menarik kembali pengajuan" in text


def test_an_empty_reason_is_refused_next_to_the_field(office_world, client):
    w = office_world
    s = w["submission"]
    client.force_login(w["agency"])
    response = client.post(_url(s), {"reason": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_reason"' in page and "Sebutkan alasan" in page
    s.refresh_from_db()
    assert s.state == State.SUBMITTED and not Transition.objects.filter(submission=s, to_state=State.WITHDRAWN)


def test_a_second_click_changes_nothing(office_world, client):
    w = office_world
    s = w["submission"]
    client.force_login(w["agency"])
    client.post(_url(s), {"reason": REASON})
    again = client.post(_url(s), {"reason": REASON}, follow=True)
    assert "sudah ditarik" in again.content.decode()
    assert Transition.objects.filter(submission=s, to_state=State.WITHDRAWN).count() == 1
    assert Message.objects.filter(template="submission_withdrawn_receipt").count() == 1
    # The service itself is idempotent too.
    assert submission_withdraw(submission=s, actor=w["agency"], reason=REASON).state == State.WITHDRAWN
    assert Transition.objects.filter(submission=s, to_state=State.WITHDRAWN).count() == 1


def test_no_withdrawal_once_decided(office_world, client):
    w = office_world
    s = review_decide(submission=_in_review(w), actor=w["reviewer"], decision=State.FEASIBLE, text="Layak.")
    client.force_login(w["agency"])
    response = client.get(_url(s))
    assert response.status_code == 302
    assert any("sudah memutuskan" in m for m in _messages(response))
    with pytest.raises(TransitionNotAllowed):
        submission_withdraw(submission=s, actor=w["agency"], reason=REASON)
    s.refresh_from_db()
    assert s.state == State.FEASIBLE


def test_a_draft_cannot_be_withdrawn(office_world):
    w = office_world
    from submissions.services import submission_start

    draft = submission_start(kind="fs3", owner=w["agency"], actor=w["agency"])
    with pytest.raises((PermissionDenied, TransitionNotAllowed)):
        submission_withdraw(submission=draft, actor=w["agency"], reason=REASON)


def test_the_reason_is_required_by_the_service(office_world):
    w = office_world
    with pytest.raises(ValidationError) as error:
        submission_withdraw(submission=w["submission"], actor=w["agency"], reason="")
    assert "reason" in error.value.message_dict


@pytest.mark.parametrize("who", ["other_agency", "other_reviewer"])
def test_outsiders_get_404_and_nothing_changes(office_world, client, who):
    w = office_world
    s = w["submission"]
    client.force_login(w[who])
    assert client.get(_url(s)).status_code == 404
    assert client.post(_url(s), {"reason": REASON}).status_code == 404
    s.refresh_from_db()
    assert s.state == State.SUBMITTED


@pytest.mark.parametrize("who", ["reviewer", "coordinator", "head"])
def test_office_staff_cannot_withdraw_an_online_submission(office_world, client, who):
    w = office_world
    s = w["submission"]
    client.force_login(w[who])
    response = client.post(_url(s), {"reason": REASON})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.state == State.SUBMITTED


def test_an_unverified_colleague_is_told_who_may_withdraw(office_world, client):
    w = office_world
    s = w["submission"]
    colleague = agency_user(s.agency, status=MembershipStatus.PENDING)
    # A member awaiting verification sees only what they started: make them the author to reach the page.
    Submission.objects.filter(pk=s.pk).update(created_by=colleague)
    client.force_login(colleague)
    response = client.post(_url(s), {"reason": REASON})
    assert any("anggota instansi yang terverifikasi" in m for m in _messages(response))
    s.refresh_from_db()
    assert s.state == State.SUBMITTED


def test_the_clock_stops_and_reminders_leave_it_alone(office_world):
    w = office_world
    s = _in_review(w)
    today = timezone.localdate()
    Submission.objects.filter(pk=s.pk).update(due_date=today - timedelta(days=30))  # long overdue
    calendar = office_calendar(w["office"])
    assert office_queue(w["office"]).filter(overdue(calendar, today), pk=s.pk).exists()

    submission_withdraw(submission=s, actor=w["agency"], reason=REASON)
    assert not office_queue(w["office"]).filter(overdue(calendar, today), pk=s.pk).exists()
    [row] = [
        r for r in queue_rows(office_queue(w["office"]), office=w["office"], today=today) if r.submission.pk == s.pk
    ]
    assert not row.overdue and row.clock.withdrawn and row.clock_text == "ditarik"
    Message.objects.all().delete()
    reminders.reminders_sweep(today=today)
    assert not Message.objects.filter(template__startswith="reminder_").exists()


def test_a_revision_waiting_can_be_withdrawn_and_gets_no_more_reminders(office_world):
    w = office_world
    from review.services import note_add, review_return_for_revision

    s = _in_review(w)
    note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=w["reviewer"])
    s = review_return_for_revision(submission=s, actor=w["reviewer"])
    Submission.objects.filter(pk=s.pk).update(clock_paused_on=date.today() - timedelta(days=20))
    s = submission_withdraw(submission=s, actor=w["agency"], reason=REASON)
    assert s.state == State.WITHDRAWN
    Message.objects.all().delete()
    reminders.reminders_sweep(today=date.today())
    assert not Message.objects.filter(template="reminder_revision_waiting").exists()


def test_the_front_desk_withdraws_a_walk_in_it_recorded(office_world):
    w = office_world
    s = w["submission"]
    Submission.objects.filter(pk=s.pk).update(channel=Channel.OFFLINE, recorded_by=w["front_desk"])
    s.refresh_from_db()
    s = submission_withdraw(submission=s, actor=w["front_desk"], reason="Pemohon datang dan membatalkan.")
    assert s.state == State.WITHDRAWN
    assert Transition.objects.get(submission=s, to_state=State.WITHDRAWN).actor_id == w["front_desk"].pk
