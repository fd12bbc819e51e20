"""Issue 17: a reviewer's start page (the office workspace) leads with what is assigned to them."""

import pytest
from django.urls import reverse

from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def world(shared_world):
    return shared_world


def test_a_reviewer_starts_with_the_submissions_assigned_to_them(world, client):
    mine = SubmissionFactory(owner=world["user"], title="Survei saya", in_review=True, reviewer=world["reviewer"])
    returned = SubmissionFactory(owner=world["user"], needs_revision=True, reviewer=world["reviewer"])
    SubmissionFactory(owner=world["user"], title="Survei rekan", in_review=True, reviewer=world["reviewer2"])
    SubmissionFactory(owner=world["user"], issued=True, reviewer=world["reviewer"])  # done: not on the list
    client.force_login(world["reviewer"])

    response = client.get(reverse("office_workspace", kwargs={"code": "6202"}), **EN)

    html = response.content.decode()
    assert [row.submission.pk for row in response.context["assigned"]["rows"]] == [mine.pk, returned.pk]
    assert html.index('data-testid="assigned-to-me"') < html.index('data-testid="full-queue-link"')
    section = html[html.index('data-testid="assigned-to-me"') : html.index("</section>", html.index("assigned-to-me"))]
    assert "Survei saya" in section and "Survei rekan" not in section
    assert "In the queue: 2 submissions assigned to me" in section
    link = response.context["assigned"]["queue_url"]
    queue = client.get(link, **EN)
    assert [row.submission.pk for row in queue.context["rows"]] == [mine.pk, returned.pk]


def test_staff_who_do_not_review_have_no_assigned_list(world, client):
    client.force_login(world["coordinator"])
    response = client.get(reverse("office_workspace", kwargs={"code": "6202"}), **EN)
    assert response.context["assigned"] is None
    assert 'data-testid="assigned-to-me"' not in response.content.decode()


def test_a_reviewer_with_nothing_assigned_is_told_so(world, client):
    client.force_login(world["reviewer2"])
    html = client.get(reverse("office_workspace", kwargs={"code": "6202"}), **EN).content.decode()
    assert 'data-testid="assigned-empty"' in html
