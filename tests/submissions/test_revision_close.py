"""Closing what waits too long (issue 19, review/closing.py): a submission returned for revision and left untouched
past its office's limit is warned at 30 and 7 days and then closed through the one door; the agency may start again
from a copy.

The dates are on the real calendar: returned on Thu 10 Dec 2026, 90 calendar days later is Wed 10 Mar 2027, which is
Idulfitri; Lebaran's days off are 8-12 and 15 Mar 2027 (Nyepi, cuti bersama, Idulfitri), so the closure waits for
Tue 16 Mar, the office's next working day. The warnings come 30 and 7 days before it: Sun 14 Feb and Tue 9 Mar.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from notifications.enums import Channel
from notifications.models import Message
from review.closing import revision_close_sweep
from review.models import SectionNote
from romantik.calendar import national_holidays
from romantik.enums import MembershipStatus
from romantik.forms import OfficeChannelSettingsForm
from romantik.models import AgencyMembership, Office
from submissions.models import Attachment, Indicator, Submission, Transition, Variable
from submissions.services import submission_copy
from submissions.states import State
from submissions.workflow import TransitionNotAllowed, submission_transition
from tests.factories import SubmissionFactory

RETURNED = date(2026, 12, 10)
CLOSES = date(2027, 3, 16)
WIB = ZoneInfo("Asia/Jakarta")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=WIB)


def _returned(w, on: date = RETURNED, **factory) -> Submission:
    s = SubmissionFactory(owner=w["agency"], needs_revision=True, **factory)
    Submission.objects.filter(pk=s.pk).update(clock_paused_on=on, updated_at=_at(on))
    return Submission.objects.get(pk=s.pk)


def _keys(template: str) -> list[str]:
    return sorted(
        Message.objects.filter(template=template, channel=Channel.EMAIL).values_list("idempotency_key", flat=True)
    )


def _warnings() -> list[str]:
    return [key.split(":")[4] for key in _keys("revision_close_warning")]


def _sweep(day: date, times: int = 2):
    """Each sweep twice, as a duplicated beat entry or a restarted worker would run it."""
    results = [revision_close_sweep(today=day) for _ in range(times)]
    return results[0]


def test_the_dates_are_the_2027_lebaran_days_off():
    days_off = national_holidays(2027)
    assert RETURNED + timedelta(days=90) == date(2027, 3, 10)
    for day in (8, 9, 10, 11, 12, 15):
        assert date(2027, 3, day) in days_off
    assert CLOSES not in days_off and CLOSES.weekday() == 1


def test_warned_at_30_and_7_days_then_closed_on_the_next_working_day_across_lebaran(shared_world):
    w = shared_world
    s = _returned(w)
    assert w["office"].revision_close_days == 90  # the default: BPS's own three months

    _sweep(CLOSES - timedelta(days=31))
    assert _warnings() == []
    _sweep(CLOSES - timedelta(days=30))  # Sun 14 Feb: exactly 30 days before
    assert _warnings() == ["warn-30"]
    for day in (date(2027, 2, 15), date(2027, 3, 1), date(2027, 3, 8)):
        _sweep(day)
    assert _warnings() == ["warn-30"]
    _sweep(CLOSES - timedelta(days=7))  # Tue 9 Mar: exactly 7 days before
    assert _warnings() == ["warn-30", "warn-7"]
    warning = Message.objects.get(
        template="revision_close_warning", idempotency_key__endswith="warn-7:" + str(s.created_by_id)
    )
    assert warning.recipient_id == w["agency"].pk
    assert warning.context["close_on"] == "16 Maret 2027" and warning.context["days"] == 7

    # 10 Mar is the 90th day, but Idulfitri: the office is closed through the 15th, nothing is closed.
    for day in (10, 11, 12, 13, 14, 15):
        assert _sweep(date(2027, 3, day)) == (1, 0)
        assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION

    _sweep(CLOSES)
    s.refresh_from_db()
    assert s.state == State.CLOSED
    # Each warning and the notice once, though every sweep ran twice.
    assert _warnings() == ["warn-30", "warn-7"]
    assert _keys("submission_closed") == [f"submission_closed:{s.pk}:round-1:{w['agency'].pk}"]
    notice = Message.objects.get(template="submission_closed", channel=Channel.EMAIL)
    assert notice.recipient_id == w["agency"].pk and (notice.context["days"], notice.context["limit"]) == (96, 90)
    # Logged by the door as the portal's own step, with its reason.
    log = Transition.objects.filter(submission=s).last()
    assert (log.from_state, log.to_state, log.actor_id) == (State.NEEDS_REVISION, State.CLOSED, None)
    assert "96" in log.note and "90" in log.note
    # Later sweeps change nothing.
    assert _sweep(CLOSES + timedelta(days=1)) == (0, 0)
    assert Transition.objects.filter(submission=s, to_state=State.CLOSED).count() == 1


def test_closed_exactly_at_the_limit_on_a_working_day_and_not_a_day_before(shared_world):
    w = shared_world
    s = _returned(w, on=date(2027, 6, 1))  # + 90 days: Mon 30 Aug 2027, a working day
    limit_day = date(2027, 8, 30)
    _sweep(limit_day - timedelta(days=30))
    _sweep(limit_day - timedelta(days=7))
    assert _sweep(limit_day - timedelta(days=1)) == (1, 0)
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    assert _sweep(limit_day) == (0, 1)
    assert Submission.objects.get(pk=s.pk).state == State.CLOSED


def test_an_edit_by_the_agency_starts_the_count_again(shared_world):
    w = shared_world
    s = _returned(w)
    _sweep(CLOSES - timedelta(days=30))
    assert _warnings() == ["warn-30"]
    # The agency saves a section on 1 Mar 2027 (every save bumps updated_at): + 90 days is Sun 30 May, so 31 May.
    Submission.objects.filter(pk=s.pk).update(updated_at=_at(date(2027, 3, 1)))
    for day in (date(2027, 3, 9), CLOSES, date(2027, 4, 20)):
        _sweep(day)
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    assert _warnings() == ["warn-30"]
    new_close = date(2027, 5, 31)
    assert date(2027, 3, 1) + timedelta(days=90) == date(2027, 5, 30) and date(2027, 5, 30).weekday() == 6
    _sweep(new_close - timedelta(days=30))
    _sweep(new_close - timedelta(days=7))
    touched_keys = [k for k in _keys("revision_close_warning") if ":2027-03-01:" in k]
    assert sorted(k.split(":")[4] for k in touched_keys) == ["warn-30", "warn-7"]
    _sweep(new_close - timedelta(days=1))
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    _sweep(new_close)
    assert Submission.objects.get(pk=s.pk).state == State.CLOSED


def test_answering_a_reviewer_note_counts_as_touching_the_revision(shared_world):
    w = shared_world
    s = _returned(w)
    note = SectionNote.objects.filter(submission=s, round=s.round).first()
    assert note is not None
    # The agency answers the note on 1 Mar 2027 (the answer is saved on the note, not on the form).
    SectionNote.objects.filter(pk=note.pk).update(response="Sudah dirinci.", addressed_at=_at(date(2027, 3, 1)))
    for day in (CLOSES - timedelta(days=7), CLOSES, date(2027, 4, 20)):
        _sweep(day)
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    assert _keys("revision_close_warning") == []
    _sweep(date(2027, 5, 24))  # 1 Mar + 90 days is Sun 30 May: closed Mon 31 May, warned 7 days before
    assert [key.split(":")[3:5] for key in _keys("revision_close_warning")] == [["2027-03-01", "warn-7"]]
    _sweep(date(2027, 5, 30))
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    _sweep(date(2027, 5, 31))
    assert Submission.objects.get(pk=s.pk).state == State.CLOSED


def test_a_resubmitted_revision_is_neither_warned_nor_closed(shared_world):
    w = shared_world
    s = _returned(w)
    Submission.objects.filter(pk=s.pk).update(state=State.IN_REVIEW, clock_paused_on=None)
    for day in (CLOSES - timedelta(days=30), CLOSES - timedelta(days=7), CLOSES):
        assert _sweep(day) == (0, 0)
    assert Submission.objects.get(pk=s.pk).state == State.IN_REVIEW


def test_limit_0_never_closes(shared_world):
    w = shared_world
    w["office"].revision_close_days = 0
    w["office"].save()
    s = _returned(w)
    for day in (CLOSES - timedelta(days=30), CLOSES - timedelta(days=7), CLOSES, date(2028, 1, 3)):
        assert _sweep(day) == (0, 0)
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    assert Message.objects.filter(template__in=("revision_close_warning", "submission_closed")).count() == 0


def test_a_lowered_limit_warns_first_and_closes_on_the_day_announced(shared_world):
    w = shared_world
    s = _returned(w)
    w["office"].revision_close_days = 60  # the 60th day, 8 Feb 2027, passed before anyone was warned
    w["office"].save()
    today = date(2027, 3, 1)
    assert _sweep(today) == (1, 0)
    assert _warnings() == ["warn-7"]
    # 1 Mar + 7 days is 8 Mar, Nyepi, and the office is closed through Lebaran: the warning said 16 Mar.
    warning = Message.objects.get(template="revision_close_warning", channel=Channel.EMAIL)
    assert (warning.context["close_date"], warning.context["days"]) == ("2027-03-16", 15)
    assert _sweep(date(2027, 3, 15)) == (0, 0)  # waiting for the day announced
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION
    assert _sweep(date(2027, 3, 16)) == (0, 1)
    assert Submission.objects.get(pk=s.pk).state == State.CLOSED


def test_only_the_portal_closes_and_the_portal_takes_no_other_step(shared_world):
    w = shared_world
    s = _returned(w)
    for person in (w["agency"], w["coordinator"], w["reviewer"]):
        with pytest.raises(PermissionDenied):
            submission_transition(submission=s, to=State.CLOSED, actor=person)
    with pytest.raises(TransitionNotAllowed):
        submission_transition(submission=s, to=State.IN_REVIEW, actor=None)
    in_review = SubmissionFactory(owner=w["agency"], in_review=True)
    with pytest.raises(TransitionNotAllowed):
        submission_transition(submission=in_review, to=State.CLOSED, actor=None)
    assert Submission.objects.get(pk=s.pk).state == State.NEEDS_REVISION


def test_the_limit_is_an_office_setting_with_its_bounds(shared_world):
    office = shared_world["office"]
    data = {
        "reminder_days": "3, 1",
        "revision_reminder_days": 14,
        "idle_draft_days": 30,
        "whatsapp_enabled": "",
        "auto_verify_go_id": "",
        "reviewers_take_work": "",
    }
    assert OfficeChannelSettingsForm(data={**data, "revision_close_days": 120}, instance=office).is_valid()
    assert OfficeChannelSettingsForm(data={**data, "revision_close_days": 0}, instance=office).is_valid()
    # Left empty: a clear message next to the field, not a silent default.
    form = OfficeChannelSettingsForm(data=data, instance=Office.objects.get(pk=office.pk))
    assert not form.is_valid() and "revision_close_days" in form.errors
    for bad in (5, 14, 731, -1):
        form = OfficeChannelSettingsForm(data={**data, "revision_close_days": bad}, instance=office)
        assert not form.is_valid() and "revision_close_days" in form.errors, bad


def test_the_office_admin_sets_the_limit_on_the_channels_page(client, shared_world):
    w = shared_world
    client.force_login(w["office_admin"])
    url = reverse("office_channels", kwargs={"code": w["office"].code})
    page = client.get(url)
    assert page.status_code == 200 and 'name="revision_close_days"' in page.content.decode()


# --- start again from a copy -------------------------------------------------------------------------------------


def _closed(w) -> Submission:
    s = _returned(w)
    Indicator.objects.create(submission=s, name="IPM", definition="Indeks.", position=1)
    revision_close_sweep(today=CLOSES - timedelta(days=7))
    revision_close_sweep(today=CLOSES)
    s.refresh_from_db()
    assert s.state == State.CLOSED
    return s


def test_the_agency_starts_again_from_a_copy_of_a_closed_submission(client, shared_world):
    w = shared_world
    s = _closed(w)
    client.force_login(w["agency"])
    overview = client.get(reverse("submissions:overview", kwargs={"pk": s.pk})).content.decode()
    assert 'data-testid="closed-banner"' in overview and 'data-testid="restart-link"' in overview
    url = reverse("submissions:restart", kwargs={"pk": s.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    copy = Submission.objects.exclude(pk=s.pk).get(agency=s.agency, title=s.title, state=State.DRAFT)
    assert response.status_code == 302 and response["Location"] == reverse(
        "submissions:overview", kwargs={"pk": copy.pk}
    )
    assert (copy.number, copy.round, copy.created_by_id, copy.clock_paused_on) == (None, 1, w["agency"].pk, None)
    for field in (
        "kind",
        "title",
        "year",
        "background",
        "objective",
        "collection_means",
        "coverage",
        "collection_start",
    ):
        assert getattr(copy, field) == getattr(s, field), field
    assert list(copy.coverage_regions.all()) == list(s.coverage_regions.all())
    columns = ("position", *Variable.FORM_FIELDS)
    assert list(copy.variables.order_by("pk").values_list(*columns)) == list(
        s.variables.order_by("pk").values_list(*columns)
    )
    assert list(copy.indicators.values_list("name", "definition")) == [("IPM", "Indeks.")]
    originals = list(s.attachments.order_by("pk"))
    copies = list(copy.attachments.order_by("pk"))
    assert originals and len(copies) == len(originals)
    for old, new in zip(originals, copies, strict=True):
        assert (new.kind, new.original_name, new.size) == (old.kind, old.original_name, old.size)
        assert new.file.name != old.file.name
        with old.file.open("rb") as a, new.file.open("rb") as b:
            assert a.read() == b.read()
    # The original stays closed, its attachments its own.
    s.refresh_from_db()
    assert s.state == State.CLOSED and s.attachments.count() == len(originals)
    assert Attachment.objects.filter(submission=copy).count() == len(originals)


def test_a_withdrawn_submission_can_be_copied_too(client, shared_world):
    w = shared_world
    s = SubmissionFactory(owner=w["agency"], withdrawn=True)
    client.force_login(w["agency"])
    assert client.post(reverse("submissions:restart", kwargs={"pk": s.pk})).status_code == 302
    assert Submission.objects.filter(agency=s.agency, state=State.DRAFT, title=s.title).exists()


def test_only_a_verified_member_copies_and_only_what_ended_without_a_decision(client, shared_world):
    w = shared_world
    s = _closed(w)
    url = reverse("submissions:restart", kwargs={"pk": s.pk})
    drafts = Submission.objects.filter(state=State.DRAFT).count()
    # Who does not see it gets 404; who sees it but may not copy it (the office, a member awaiting verification)
    # is sent back to it with the reason, as is a copy of a submission still open.
    for person, status in ((w["other_agency"], 404), (w["coordinator"], 302)):
        client.force_login(person)
        assert client.post(url).status_code == status, person
    AgencyMembership.objects.filter(user=w["agency"]).update(status=MembershipStatus.PENDING)
    client.force_login(w["agency"])
    assert client.post(url)["Location"] == reverse("submissions:overview", kwargs={"pk": s.pk})
    AgencyMembership.objects.filter(user=w["agency"]).update(status=MembershipStatus.VERIFIED)
    open_one = SubmissionFactory(owner=w["agency"], in_review=True)
    assert client.post(reverse("submissions:restart", kwargs={"pk": open_one.pk})).status_code == 302
    assert Submission.objects.filter(state=State.DRAFT).count() == drafts
    with pytest.raises(PermissionDenied):
        submission_copy(submission=open_one, actor=w["agency"])
    with pytest.raises(PermissionDenied):
        submission_copy(submission=s, actor=w["coordinator"])


def test_a_closed_submission_reads_as_closed_to_the_office_and_the_agency(client, shared_world):
    w = shared_world
    s = _closed(w)
    client.force_login(w["coordinator"])
    detail = client.get(reverse("review:detail", kwargs={"pk": s.pk}))
    assert detail.status_code == 200 and "state-ditutup" in detail.content.decode()
    queue = client.get(reverse("review:queue", kwargs={"code": w["office"].code}) + "?status=ditutup")
    assert queue.status_code == 200
    client.force_login(w["agency"])
    page = client.get(reverse("submissions:overview", kwargs={"pk": s.pk})).content.decode()
    assert "Ditutup (tanpa perbaikan)" in page or "Closed (no revision)" in page
    assert "Ditutup: perbaikan tidak dikirim tepat waktu" in page or "Closed: the revision was not sent in time" in page
