"""The agency rates the service once its letter is issued: asked by message, on /penilaian/<pk>/,
once per submission; only members of the submission's agency."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Message
from notifications.services import message_render
from satisfaction.enums import Source
from satisfaction.models import SurveyResponse
from satisfaction.services import AlreadyAnswered, Answers, rating_request, response_submit
from submissions.models import Submission

from .conftest import EN


@pytest.fixture
def issued(db, issued_module):
    """The module's world with its signed letter (built once); each test runs in a savepoint of its own."""
    return {**issued_module, "issued": Submission.objects.get(pk=issued_module["issued"].pk)}


@pytest.fixture
def office_world(db, issued_module):
    return {**issued_module, "submission": Submission.objects.get(pk=issued_module["submission"].pk)}


GOOD = {"u1": "4", "u2": "3", "u3": "3", "u4": "4", "u5": "3", "u6": "4", "u7": "4", "u8": "2", "u9": "3"}


def rate_url(submission) -> str:
    return reverse("satisfaction:rate", kwargs={"pk": submission.pk})


# --- the request to rate -------------------------------------------------------------------------------


def test_issuing_the_letter_asks_the_agency_to_rate_with_a_link(issued, settings):
    submission = issued["issued"]
    message = Message.objects.get(template="skm_request")

    assert message.recipient == issued["agency"]
    assert message.idempotency_key == f"skm_request:{submission.pk}"
    assert message.subject_ref == f"submissions.submission:{submission.pk}"
    assert message.context["url"] == rate_url(submission)
    message.language = "en"
    subject, body = message_render(message=message)
    assert subject == f"Please rate our service for your submission {submission.number}"
    assert f"{settings.SITE_URL}{rate_url(submission)}" in body


def test_the_rating_request_is_queued_once(issued):
    rating_request(submission=issued["issued"])
    assert Message.objects.filter(template="skm_request", channel="email").count() == 1


def test_no_rating_request_before_the_letter_is_issued(office_world):
    # The world's own submission is submitted, not issued: only the issued one was asked for a rating.
    asked = set(Message.objects.filter(template="skm_request").values_list("subject_ref", flat=True))
    assert asked == {f"submissions.submission:{office_world['issued'].pk}"}


# --- the page ----------------------------------------------------------------------------------------


def test_the_agency_sees_nine_questions_with_their_own_four_answers(issued, client):
    client.force_login(issued["agency"])
    html = client.get(rate_url(issued["issued"]), **EN).content.decode()

    assert 'data-testid="rating-form"' in html
    assert html.count('type="radio"') == 36
    for wording in ("Not suitable", "Very fast", "Free of charge", "Very polite and friendly", "Well managed", "Poor"):
        assert wording in html
    assert 'name="comment"' in html


def test_rating_records_one_response_and_shows_thanks_with_the_answers(issued, client):
    client.force_login(issued["agency"])
    submission = issued["issued"]

    response = client.post(rate_url(submission), {**GOOD, "comment": "Cepat dan jelas"}, **EN)

    assert response.status_code == 302 and response.url == rate_url(submission)
    saved = SurveyResponse.objects.get()
    assert saved.submission == submission and saved.office == submission.office
    assert saved.respondent == issued["agency"] and saved.source == Source.ONLINE
    assert saved.scores == (4, 3, 3, 4, 3, 4, 4, 2, 3) and saved.comment == "Cepat dan jelas"
    assert saved.answered_on == timezone.localdate()
    html = client.get(rate_url(submission), **EN).content.decode()
    assert 'data-testid="rating-done"' in html
    assert 'data-testid="rating-form"' not in html
    assert 'data-element="U8" data-score="2"' in html


def test_a_second_rating_is_refused(issued, client):
    client.force_login(issued["agency"])
    submission = issued["issued"]
    client.post(rate_url(submission), GOOD)

    response = client.post(rate_url(submission), {**GOOD, "u1": "1"}, **EN)

    assert response.status_code == 302
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().u1 == 4
    with pytest.raises(AlreadyAnswered):
        response_submit(submission=submission, actor=issued["agency"], answers=Answers(scores=[1] * 9))


def test_the_database_allows_one_response_per_submission(issued):
    submission = issued["issued"]
    fields = {"office": submission.office, "submission": submission, "source": Source.ONLINE}
    SurveyResponse.objects.create(answered_on=timezone.localdate(), **fields, **{f"u{i}": 3 for i in range(1, 10)})
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(answered_on=timezone.localdate(), **fields, **{f"u{i}": 4 for i in range(1, 10)})


def test_a_missing_answer_is_shown_next_to_its_question_and_nothing_typed_is_lost(issued, client):
    client.force_login(issued["agency"])
    data = {**GOOD, "comment": "Komentar saya"}
    del data["u3"]

    response = client.post(rate_url(issued["issued"]), data, **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="u3-error"' in html and "Choose one of the four answers." in html
    assert html.count('class="invalid-feedback d-block fs-6"') == 1  # only the unanswered question
    assert 'name="u1" value="4" class="btn-check" id="id_u1_3" required checked' in html  # the answers stay
    assert "Komentar saya" in html
    assert not SurveyResponse.objects.exists()


def test_a_score_outside_1_to_4_is_refused(issued, client):
    client.force_login(issued["agency"])
    response = client.post(rate_url(issued["issued"]), {**GOOD, "u5": "5"}, **EN)
    assert response.status_code == 200 and 'id="u5-error"' in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_before_the_letter_is_issued_the_page_says_so_and_refuses_answers(office_world, client):
    client.force_login(office_world["agency"])
    submission = office_world["submission"]

    html = client.get(rate_url(submission), **EN).content.decode()
    assert 'data-testid="rating-not-yet"' in html
    assert client.post(rate_url(submission), GOOD).status_code == 409
    assert not SurveyResponse.objects.exists()
    with pytest.raises(PermissionDenied):
        response_submit(submission=submission, actor=office_world["agency"], answers=Answers(scores=[3] * 9))


@pytest.mark.parametrize("who", ["other_agency", "head", "reviewer", "other_reviewer"])
def test_only_members_of_the_agency_may_rate(issued, client, who):
    client.force_login(issued[who])
    url = rate_url(issued["issued"])
    assert client.get(url).status_code == 404
    assert client.post(url, GOOD).status_code == 404
    assert not SurveyResponse.objects.exists()
    with pytest.raises(PermissionDenied):
        response_submit(submission=issued["issued"], actor=issued[who], answers=Answers(scores=[3] * 9))


def test_anonymous_is_sent_to_log_in(issued, client):
    response = client.get(rate_url(issued["issued"]))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_unknown_submission_is_404(issued, client):
    client.force_login(issued["agency"])
    assert client.get(reverse("satisfaction:rate", kwargs={"pk": 999999})).status_code == 404


# --- links to the page -------------------------------------------------------------------------------


def test_the_submission_overview_and_dashboard_link_to_the_rating_until_it_is_done(issued, client):
    client.force_login(issued["agency"])
    submission = issued["issued"]
    overview = reverse("submissions:overview", kwargs={"pk": submission.pk})

    assert f'href="{rate_url(submission)}" data-testid="skm-rate-link"' in client.get(overview, **EN).content.decode()
    dashboard = client.get(reverse("agency_dashboard"), **EN).content.decode()
    assert 'data-testid="skm-pending"' in dashboard and rate_url(submission) in dashboard

    client.post(rate_url(submission), GOOD)

    assert 'data-testid="skm-rate-link"' not in client.get(overview, **EN).content.decode()
    assert 'data-testid="skm-rating-block"' in client.get(overview, **EN).content.decode()
    assert 'data-testid="skm-pending"' not in client.get(reverse("agency_dashboard"), **EN).content.decode()


def test_staff_see_no_rating_link_on_the_overview(issued, client):
    client.force_login(issued["reviewer"])
    html = client.get(reverse("submissions:overview", kwargs={"pk": issued["issued"].pk}), **EN).content.decode()
    assert 'data-testid="skm-rating-block"' not in html
