"""The agency's list endpoints make a fixed number of queries, whatever the page holds."""

import pytest

from review.services import review_accept, review_return_incomplete
from submissions.services import submission_submit
from tests.factories import fill_complete, submission_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [2, 9])
def test_submission_list_queries_do_not_grow_with_the_page(world, api, django_assert_num_queries, size):
    for i in range(size):
        submission_for(world["user" if i % 2 else "colleague"], title=f"S{i}")
    api.get("/api/v1/pengajuan/")  # the token's last use is noted once, not per request
    # token with user and membership; count; page with agency, office and people joined
    with django_assert_num_queries(3):
        response = api.get("/api/v1/pengajuan/")
    assert len(response.json()["results"]) == size


@pytest.mark.parametrize("rounds", [1, 4])
def test_history_queries_do_not_grow_with_the_events(world, api, django_assert_num_queries, rounds):
    submission = fill_complete(submission_for(world["user"]))
    for i in range(rounds):
        submission = submission_submit(submission=submission, actor=world["user"])
        if i < rounds - 1:  # returned as incomplete, then submitted again
            submission = review_return_incomplete(submission=submission, actor=world["front_desk"], note="Lengkapi")
    review_accept(submission=submission, actor=world["front_desk"])
    url = f"/api/v1/pengajuan/{submission.pk}/riwayat/"
    api.get(url)
    # token; the submission (with the permission check on what is loaded); the transitions with their actors
    with django_assert_num_queries(3):
        response = api.get(url)
    assert response.json()["count"] == 1 + 2 * rounds
