"""Agency B cannot read, change or submit anything of agency A by guessing URLs; 'My submissions'
shows the agency's submissions to its members only, with a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from romantik.enums import MembershipStatus, Role
from submissions.models import Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import (
    UserFactory,
    agency_user,
    fill_complete,
    staff,
    submission_for,
)


@pytest.fixture
def world(shared_world):
    """Agency A (two verified users) and agency B, both served by office 6202; office 6203 beside it."""
    w = shared_world
    return {
        **w,
        "a": w["agency"],
        "a2": agency_user(w["agency_org"]),
        "b": w["other_agency"],
        "agency_a": w["agency_org"],
    }


def _urls(submission):
    pk = submission.pk
    return {
        "overview": ("get", reverse("submissions:overview", kwargs={"pk": pk})),
        "section": ("get", reverse("submissions:section", kwargs={"pk": pk, "key": "header"})),
        "section_post": ("post", reverse("submissions:section", kwargs={"pk": pk, "key": "header"})),
        "autosave": ("post", reverse("submissions:autosave", kwargs={"pk": pk, "key": "header"})),
        "submit": ("post", reverse("submissions:submit", kwargs={"pk": pk})),
    }


def test_other_agency_gets_404_everywhere_and_changes_nothing(world, client):
    submission = fill_complete(submission_for(world["a"], title="Rahasia A"))
    client.force_login(world["b"])
    for name, (method, url) in _urls(submission).items():
        response = getattr(client, method)(url, {"title": "Diubah B"})
        assert response.status_code == 404, name
    submission.refresh_from_db()
    assert (submission.title, submission.state) == ("Rahasia A", State.DRAFT)
    assert "Rahasia A" not in client.get(reverse("submissions:list")).content.decode()


def test_staff_of_another_office_cannot_read_submitted(world, client):
    submission = submission_submit(submission=fill_complete(submission_for(world["a"])), actor=world["a"])
    client.force_login(staff(world["other_office"], Role.REVIEWER))
    assert client.get(reverse("submissions:overview", kwargs={"pk": submission.pk})).status_code == 404


def test_staff_of_responsible_office_read_submitted_but_not_drafts(world, client):
    draft = submission_for(world["a"])
    submitted = submission_submit(submission=fill_complete(submission_for(world["a"])), actor=world["a"])
    client.force_login(staff(world["office"], Role.REVIEWER))
    assert client.get(reverse("submissions:overview", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("submissions:overview", kwargs={"pk": submitted.pk})).status_code == 200
    # Reading is not editing: the section posts are refused.
    url = reverse("submissions:section", kwargs={"pk": submitted.pk, "key": "header"})
    assert client.post(url, {"title": "x"}).status_code == 403


def test_same_agency_colleague_sees_and_continues(world, client):
    submission = submission_for(world["a"], title="Bersama")
    client.force_login(world["a2"])
    assert "Bersama" in client.get(reverse("submissions:list")).content.decode()
    url = reverse("submissions:section", kwargs={"pk": submission.pk, "key": "header"})
    assert client.post(url, {"title": "Bersama, diubah rekan"}).status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Bersama, diubah rekan"


def test_unverified_member_sees_only_own_and_cannot_submit(world, client):
    colleague_draft = submission_for(world["a"], title="Milik rekan")
    pending = UserFactory()
    from romantik.models import AgencyMembership

    AgencyMembership.objects.create(user=pending, agency=world["agency_a"], status=MembershipStatus.PENDING)
    own = fill_complete(submission_for(pending, title="Milik sendiri"))
    client.force_login(pending)
    listing = client.get(reverse("submissions:list")).content.decode()
    assert "Milik sendiri" in listing and "Milik rekan" not in listing
    assert client.get(reverse("submissions:overview", kwargs={"pk": colleague_draft.pk})).status_code == 404
    response = client.post(reverse("submissions:submit", kwargs={"pk": own.pk}), follow=True)
    assert "petugas BPS harus terlebih dahulu memverifikasi" in response.content.decode()
    own.refresh_from_db()
    assert own.state == State.DRAFT


def test_submitted_form_cannot_be_changed_by_agency(world, client):
    submission = submission_submit(submission=fill_complete(submission_for(world["a"])), actor=world["a"])
    client.force_login(world["a"])
    url = reverse("submissions:section", kwargs={"pk": submission.pk, "key": "header"})
    assert client.post(url, {"title": "Setelah diajukan"}).status_code == 403
    assert client.get(url).context["form"].fields["title"].disabled is True


def test_incomplete_form_cannot_be_submitted(world, client):
    submission = submission_for(world["a"])
    client.force_login(world["a"])
    response = client.post(reverse("submissions:submit", kwargs={"pk": submission.pk}), follow=True)
    assert "Formulir belum lengkap: lihat apa yang masih kurang di setiap bagian." in response.content.decode()
    submission.refresh_from_db()
    assert (submission.state, submission.number) == (State.DRAFT, None)


def test_repeated_submit_is_a_friendly_no_op(world, client):
    submission = fill_complete(submission_for(world["a"]))
    client.force_login(world["a"])
    url = reverse("submissions:submit", kwargs={"pk": submission.pk})
    client.post(url)
    client.post(url)
    submission.refresh_from_db()
    assert submission.state == State.SUBMITTED
    assert submission.transitions.count() == 1


def test_submission_numbers_follow_per_office_and_year(world):
    numbers = [
        submission_submit(submission=fill_complete(submission_for(world["a"])), actor=world["a"]).number
        for _ in range(3)
    ]
    year = numbers[0].split("-")[1]
    assert numbers == [f"6202-{year}-00001", f"6202-{year}-00002", f"6202-{year}-00003"]


def test_transition_is_logged(world):
    submission = submission_submit(submission=fill_complete(submission_for(world["a"])), actor=world["a"])
    log = submission.transitions.get()
    assert (log.from_state, log.to_state, log.actor, log.round) == (State.DRAFT, State.SUBMITTED, world["a"], 1)


def _list_queries(client, user):
    client.force_login(user)
    client.get(reverse("submissions:list"))  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("submissions:list"))
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page"].object_list)


def test_my_submissions_queries_do_not_grow_with_rows(world, client):
    for _ in range(2):
        submission_for(world["a"])
    small, rows_small = _list_queries(client, world["a"])
    for _ in range(23):
        s = submission_for(world["a2"])
        Submission.objects.filter(pk=s.pk).update(recorded_by=world["b"])
    large, rows_large = _list_queries(client, world["a"])
    assert (rows_small, rows_large) == (2, 25)
    assert small == large


@pytest.mark.parametrize("moved_on", [State.IN_REVIEW, State.WITHDRAWN])
def test_submit_from_a_stale_page_says_what_happened_on_the_web_and_in_the_api(world, client, moved_on):
    """The overview was open while the submission moved on (accepted by the office, or withdrawn in another tab):
    the Submit button and the API answer what happened to it, never that an officer must verify the user."""
    from review.services import review_accept
    from submissions.services import submission_withdraw

    submission = submission_submit(submission=fill_complete(submission_for(world["a"])), actor=world["a"])
    if moved_on == State.IN_REVIEW:
        review_accept(submission=submission, actor=staff(world["office"], Role.FRONT_DESK))
        expected = "Pengajuan ini sudah diajukan; tidak ada yang diubah."
    else:
        submission_withdraw(submission=submission, actor=world["a"], reason="Kegiatan dibatalkan.")
        expected = "Pengajuan ini sudah ditarik kembali dan tidak dapat diajukan lagi."
    logged = submission.transitions.count()
    client.force_login(world["a"])

    page = client.post(reverse("submissions:submit", kwargs={"pk": submission.pk}), follow=True).content.decode()
    assert expected in page and "memverifikasi" not in page

    from tests.api.conftest import token_client

    api = token_client(world["a"]).post(reverse("api:submission_submit", kwargs={"pk": submission.pk}))
    if moved_on == State.IN_REVIEW:
        assert (api.status_code, api.json()["changed"], api.json()["message"]) == (200, False, expected)
    else:
        assert (api.status_code, api.json()["error"]["code"], api.json()["error"]["message"]) == (
            409,
            "conflict",
            expected,
        )
    submission.refresh_from_db()
    assert (submission.state, submission.transitions.count()) == (moved_on, logged)
