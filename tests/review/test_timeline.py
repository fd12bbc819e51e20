"""The timeline of a submission: agency words versus staff state names, what each side never sees, and a fixed
number of queries."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from review import services
from review.timeline import timeline_for
from submissions.models import Transition
from submissions.services import submission_submit
from submissions.states import State

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def decided(office_world):
    """Accepted, assigned, consulted, returned for revision, resubmitted (straight back in review) and proposed
    layak."""
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    consultation = services.consultation_request(
        submission=s, actor=w["reviewer"], question="Metode lazim?", to_office=w["other_office"]
    )
    services.consultation_answer(consultation=consultation, actor=w["other_coordinator"], answer="Lazim.")
    services.comment_add(submission=s, text="Komentar internal tim.", actor=w["head"])
    services.note_add(submission=s, section="3", text="Perjelas jadwal.", actor=w["reviewer"])
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"], note="Lihat catatan per bagian.")
    s = submission_submit(submission=s, actor=w["agency"])
    return services.review_decide(
        submission=s, actor=w["reviewer"], decision=State.FEASIBLE, text="Saran: publikasikan metadata."
    )


def labels(events):
    return [e.label for e in events]


def test_timeline_for_the_agency_uses_agency_words(decided):
    with translation.override("en"):
        events = timeline_for(decided, staff=False)
    assert labels(events) == [
        "Draft started",
        "Submitted",
        "Received complete, under review",
        "Needs revision",
        "Resubmitted (round 2)",
        "Decision being approved",
    ]
    assert events[3].note == "Lihat catatan per bagian."
    assert events[-1].note == ""  # the advice reaches the agency in the letter


def test_timeline_for_staff_uses_state_names_with_assignments_and_consultations(decided, office_world):
    w = office_world
    with translation.override("en"):
        events = timeline_for(decided, staff=True)
    assert labels(events) == [
        "Draft started",
        "Submitted",
        "Under review",
        f"{w['reviewer']} assigned as reviewer",
        "Consultation requested from BPS Kabupaten Kapuas",
        "Consultation answered",
        "Needs revision",
        "Resubmitted (round 2): under review",
        "Feasible",
    ]
    assert [e.actor for e in events if e.kind == "assignment"] == [str(w["coordinator"])]
    assert [e.note for e in events if e.kind in ("consultation", "answer")] == ["Metode lazim?", "Lazim."]
    assert events[-1].note == "Saran: publikasikan metadata."
    assert "Komentar internal tim." not in [e.note for e in events]


def test_timeline_taken_and_returned_incomplete(office_world):
    w = office_world
    s = w["submission"]
    services.review_take(submission=s, actor=w["reviewer"])
    services.review_return_incomplete(submission=s, actor=w["front_desk"], note="Kuesioner belum dilampirkan.")
    with translation.override("en"):
        agency, staff = timeline_for(s, staff=False), timeline_for(s, staff=True)
    assert labels(agency) == ["Draft started", "Submitted", "Returned: incomplete"]
    assert agency[-1].note == "Kuesioner belum dilampirkan."
    assert labels(staff) == ["Draft started", "Submitted", f"{w['reviewer']} took the submission", "Draft"]


def test_timeline_letter_issued_labels_show_the_decision(decided, office_world):
    # No service issues letters yet: the log row the signing step will write, written directly.
    Transition.objects.create(
        submission=decided, from_state=State.FEASIBLE, to_state=State.ISSUED, actor=office_world["head"], round=2
    )
    with translation.override("en"):
        assert labels(timeline_for(decided, staff=False))[-1] == "Letter issued: feasible"
        assert labels(timeline_for(decided, staff=True))[-1] == "Letter issued"


def test_timeline_in_indonesian(decided):
    with translation.override("id"):
        events = timeline_for(decided, staff=True)
    assert events[2].label == "Diperiksa"


@pytest.mark.parametrize(("staff", "queries"), [(False, 1), (True, 3)])
def test_timeline_queries_are_fixed(decided, django_assert_num_queries, staff, queries):
    with django_assert_num_queries(queries):
        timeline_for(decided, staff=staff)


def test_overview_shows_the_agency_timeline_without_internal_steps(decided, office_world, client):
    w = office_world
    client.force_login(w["agency"])
    response = client.get(reverse("submissions:overview", args=[decided.pk]), **EN)
    page = response.content.decode()
    assert labels(response.context["timeline"])[-2:] == ["Resubmitted (round 2)", "Decision being approved"]
    assert "Resubmitted (round 2)" in page
    for hidden in ("Consultation", "Metode lazim?", "Komentar internal tim.", "Saran: publikasikan metadata."):
        assert hidden not in page


def test_detail_page_shows_the_staff_timeline(decided, office_world, client):
    client.force_login(office_world["head"])
    page = client.get(reverse("review:detail", args=[decided.pk]), **EN).content.decode()
    assert _page_labels(page)[-1] == "Feasible"
    assert "Consultation requested from BPS Kabupaten Kapuas" in page
    again = client.get(reverse("review:detail", args=[decided.pk]), **EN).content.decode()
    assert _page_labels(again) == _page_labels(page)  # kept (review_kept.staff_timeline): the same


def test_the_kept_staff_timeline_follows_steps_assignments_and_consultations(office_world, client):
    """Kept per version of the submission (which the workflow's door saves with every step) and the assignments
    and consultations the page reads: each of them shows on the next view."""
    w = office_world
    s = services.review_accept(submission=w["submission"], actor=w["front_desk"])
    client.force_login(w["coordinator"])

    def shown() -> list[str]:
        return _page_labels(client.get(reverse("review:detail", args=[s.pk]), **EN).content.decode())

    assert shown()[-1] == "Under review"
    services.review_assign(submission=s, reviewers=[w["reviewer"]], actor=w["coordinator"])
    assert shown()[-1] == f"{w['reviewer']} assigned as reviewer"
    consultation = services.consultation_request(
        submission=s, actor=w["reviewer"], question="Metode lazim?", to_office=w["other_office"]
    )
    assert shown()[-1] == "Consultation requested from BPS Kabupaten Kapuas"
    services.consultation_answer(consultation=consultation, actor=w["other_coordinator"], answer="Lazim.")
    assert shown()[-1] == "Consultation answered"
    services.note_add(submission=s, section="3", text="Perjelas jadwal.", actor=w["reviewer"])
    s = services.review_return_for_revision(submission=s, actor=w["reviewer"])
    assert shown()[-1] == "Needs revision"


def _page_labels(page: str) -> list[str]:
    return re.findall(r'data-testid="timeline-label">([^<]*)<', page)
