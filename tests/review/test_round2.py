"""Round 2: a resubmission (after perlu perbaikan) goes straight back to its reviewers: in review at once, no
second "terekam lengkap", the clock resumed where it paused (the due date moved by the days the agency took),
the same reviewers assigned and told, and the agency told its revision was received."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from notifications.models import Message
from notifications.services import message_render
from review import services
from romantik.calendar import office_today
from submissions.clock import clock_resumed_due_date
from submissions.models import Submission
from submissions.services import submission_submit, submission_submit_once
from submissions.states import State

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def returned(w, *, reviewers=True) -> Submission:
    """The world's submission accepted, (assigned,) returned for revision on a note."""
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    if reviewers:
        services.review_assign(submission=s, reviewers=[w["reviewer"], w["reviewer2"]], actor=w["coordinator"])
    services.note_add(submission=s, section="3", text="Jadwal terlalu singkat.", actor=w["coordinator"])
    return services.review_return_for_revision(submission=s, actor=w["coordinator"])


def rendered(message: Message, language: str = "en") -> str:
    message.language = language
    subject, body = message_render(message=message)
    return " ".join(f"{subject}\n{body}".split())


def test_a_resubmission_goes_straight_back_into_review_with_the_clock_resumed(office_world):
    w = office_world
    s = returned(w)
    started, due = s.recorded_complete_on, s.due_date
    # The agency took a while: the form waited since a week ago.
    paused_on = office_today(s.office) - datetime.timedelta(days=7)
    Submission.objects.filter(pk=s.pk).update(clock_paused_on=paused_on)
    expected_due = clock_resumed_due_date(
        office=s.office, due_date=due, paused_on=paused_on, resumed_on=office_today(s.office)
    )
    assert expected_due > due  # days were lost, so the due date moves

    s = submission_submit(submission=Submission.objects.get(pk=s.pk), actor=w["agency"])

    assert (s.state, s.round, s.clock_paused_on) == (State.IN_REVIEW, 2, None)
    assert (s.recorded_complete_on, s.due_date) == (started, expected_due)  # resumed, not restarted
    assert set(s.assignments.values_list("reviewer__email", flat=True)) == {w["reviewer"].email, w["reviewer2"].email}
    last = s.transitions.last()
    assert (last.from_state, last.to_state, last.actor, last.round) == (
        State.NEEDS_REVISION,
        State.IN_REVIEW,
        w["agency"],
        2,
    )
    # Nothing asks the office to record it complete again: no "new submission, check it is complete" message.
    assert (
        Message.objects.filter(template="submission_incoming").count()
        == Message.objects.filter(template="submission_incoming", created_at__lt=last.at).count()
    )


def test_the_reviewers_and_the_agency_are_told(office_world):
    w = office_world
    s = submission_submit(submission=returned(w), actor=w["agency"])
    due_en = date_format(s.due_date, "j F Y")

    to_reviewers = Message.objects.filter(template="submission_resubmitted").order_by("address")
    assert list(to_reviewers.values_list("address", flat=True)) == sorted([w["reviewer"].email, w["reviewer2"].email])
    text = rendered(to_reviewers[0])
    assert f'{w["agency"].full_name} of Dinas Kesehatan has submitted a revised "Survei Uji"' in text
    assert f"the service clock runs again from where it paused (due {due_en})" in text
    assert 'it needs no second "recorded complete"' in text

    [receipt] = Message.objects.filter(template="submission_resubmission_received")
    assert (receipt.address, receipt.recipient, receipt.office) == (w["agency"].email, w["agency"], s.office)
    assert receipt.context["url"] == reverse("submissions:overview", args=[s.pk])
    text = rendered(receipt)
    assert f"Revision of {s.number} received (round 2): back under review" in text
    assert f'BPS Kabupaten Kotawaringin Timur has received your revised form "Survei Uji" ({s.number}).' in text
    assert f"the result is due by {due_en}" in text
    # When it arrived, in the office's zone (6202: WIB), in the recipient's language.
    with override(w["agency"].language or "id"):
        at = date_format(
            timezone.localtime(s.transitions.last().at, datetime.timezone(datetime.timedelta(hours=7))), "j F Y H:i"
        )
    assert receipt.context["received_at"] == f"{at} WIB"
    indonesian = rendered(receipt, "id")
    assert f"Perbaikan {s.number} diterima (putaran 2): kembali diperiksa" in indonesian
    assert "Waktu layanan berjalan lagi dari saat dihentikan" in indonesian


def test_without_reviewers_the_intake_staff_are_told(office_world):
    w = office_world
    submission_submit(submission=returned(w, reviewers=False), actor=w["agency"])
    told = set(Message.objects.filter(template="submission_resubmitted").values_list("address", flat=True))
    assert told == {w["front_desk"].email, w["coordinator"].email}
    assert Message.objects.filter(template="submission_resubmission_received").count() == 1


def test_a_repeated_resubmission_is_a_no_op(office_world):
    w = office_world
    stale = returned(w)  # the page the agency loaded, clicked twice
    first, changed = submission_submit_once(submission=stale, actor=w["agency"])
    again, changed_again = submission_submit_once(submission=stale, actor=w["agency"])
    assert (changed, changed_again) == (True, False)
    assert (again.state, again.round) == (State.IN_REVIEW, 2)
    assert Message.objects.filter(template="submission_resubmission_received").count() == 1


def test_the_review_page_of_round_2_has_no_terekam_lengkap_button(office_world, client):
    w = office_world
    s = submission_submit(submission=returned(w), actor=w["agency"])
    client.force_login(w["front_desk"])
    page = client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode()
    assert 'data-testid="accept"' not in page
    assert "Resubmitted (round 2): under review" in page  # the staff's history
    client.force_login(w["agency"])
    page = client.get(reverse("submissions:overview", args=[s.pk]), **EN).content.decode()
    assert "Resubmitted (round 2)" in page


def test_terekam_lengkap_says_the_clock_resumes_when_it_does(office_world, client):
    """A resubmission logged before issue 17 waits in diajukan with its clock started: recording it complete
    resumes the clock, and the button's help says so; a first submission's help says it starts today."""
    w = office_world
    client.force_login(w["front_desk"])
    first = client.get(reverse("review:detail", args=[w["submission"].pk]), **EN).content.decode()
    assert "the service clock starts today." in first

    s = submission_submit(submission=returned(w), actor=w["agency"])
    Submission.objects.filter(pk=s.pk).update(state=State.SUBMITTED)  # setup only: the old way's state
    page = client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode()
    assert 'data-testid="accept"' in page
    due = date_format(s.due_date, "j F Y")
    assert f"the service clock resumes where it paused (due {due}); it does not start again." in page
    assert "starts today" not in page
    accepted = services.review_accept(submission=Submission.objects.get(pk=s.pk), actor=w["front_desk"])
    assert (accepted.state, accepted.due_date, accepted.recorded_complete_on) == (
        State.IN_REVIEW,
        s.due_date,
        s.recorded_complete_on,
    )
