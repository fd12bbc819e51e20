"""6.8 respondent burden (issue 22): who is asked, the bounds with their Indonesian messages (nothing typed lost),
and the answers on every page that shows the form as answered (review, lampiran, catalogue, API, round diff)."""

import pytest
from django.urls import reverse

from submissions.answers import section_answers
from submissions.models import SectionDraft
from submissions.sections import SECTIONS_BY_KEY
from submissions.snapshots import snapshot_diff, snapshot_of
from tests.factories import submission_for

FIELDS = {"respondents_count", "questionnaire_minutes"}
RESPONDENTS_MESSAGE = "Isikan jumlah responden: paling sedikit 1, paling banyak 1.000.000.000."
MINUTES_MESSAGE = "Isikan lama pengisian satu kuesioner dalam menit: antara 1 dan 600 (sepuluh jam)."


@pytest.fixture
def client_in(client, shared_world):
    client.force_login(shared_world["user"])
    return client


def section_url(submission, key="6"):
    return reverse("submissions:section", kwargs={"pk": submission.pk, "key": key})


def questions_of(submission):
    return {q.field for q in SECTIONS_BY_KEY["6"].questions_for(submission)}


@pytest.mark.parametrize(
    ("kind", "way", "asked"),
    [("fs3", None, True), ("fpkpa", None, False), ("mskeg", 1, True), ("mskeg", 2, True), ("mskeg", 3, False),
     ("mskeg", 4, False), ("mskeg", None, False)],
)  # fmt: skip
def test_a_survey_or_a_census_is_asked_a_compilation_not(shared_world, kind, way, asked):
    submission = submission_for(shared_world["user"], kind=kind)
    if kind == "mskeg":
        submission.collection_way = way
    assert (FIELDS <= questions_of(submission)) is asked
    assert (FIELDS & questions_of(submission) == set()) is (not asked)


def test_the_census_has_them_in_block_vi_without_block_v(shared_world, client_in):
    submission = submission_for(shared_world["user"], kind="mskeg")
    submission.collection_way = 1
    submission.save()
    page = client_in.get(section_url(submission))
    assert FIELDS <= set(page.context["form"].fields)
    assert client_in.get(section_url(submission, "5")).status_code == 404
    html = page.content.decode()
    assert "6.8 Jumlah responden" in html and "6.8 Menit per kuesioner" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"respondents_count": "0"}, "respondents_count", RESPONDENTS_MESSAGE),
        ({"respondents_count": "-5"}, "respondents_count", RESPONDENTS_MESSAGE),
        ({"respondents_count": "1000000001"}, "respondents_count", RESPONDENTS_MESSAGE),
        ({"respondents_count": "seribu"}, "respondents_count", "Isikan bilangan bulat, misalnya 1200."),
        ({"questionnaire_minutes": "0"}, "questionnaire_minutes", MINUTES_MESSAGE),
        ({"questionnaire_minutes": "601"}, "questionnaire_minutes", MINUTES_MESSAGE),
        ({"questionnaire_minutes": "40000"}, "questionnaire_minutes", MINUTES_MESSAGE),
    ],
)
def test_bad_numbers_get_a_message_by_the_field_and_the_rest_is_kept(shared_world, client_in, data, field, message):
    submission = submission_for(shared_world["user"])
    other = "questionnaire_minutes" if field == "respondents_count" else "respondents_count"
    response = client_in.post(section_url(submission), {**data, other: "25"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    html = response.content.decode()
    assert message in html and f'value="{data[field]}"' in html and 'value="25"' in html
    assert SectionDraft.objects.get(submission=submission, section="6").data[other] == ["25"]
    submission.refresh_from_db()
    assert submission.respondents_count is None and submission.questionnaire_minutes is None


@pytest.mark.parametrize(("respondents", "minutes"), [("1", "1"), ("1000000000", "600"), ("2500", "")])
def test_good_numbers_are_saved(shared_world, client_in, respondents, minutes):
    submission = submission_for(shared_world["user"])
    response = client_in.post(
        section_url(submission), {"respondents_count": respondents, "questionnaire_minutes": minutes}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.respondents_count == int(respondents)
    assert submission.questionnaire_minutes == (int(minutes) if minutes else None)


def test_the_form_as_answered_shows_them_and_the_round_diff_names_them(shared_world):
    from django.utils import translation

    submission = submission_for(shared_world["user"])
    before = snapshot_of(submission)
    submission.respondents_count, submission.questionnaire_minutes = 1200, 25
    submission.save()
    with translation.override("id"):
        answers = {a.field: a for s in section_answers(submission, []) for a in s.answers}
        assert answers["respondents_count"].label == "6.8 Jumlah responden"
        assert (answers["respondents_count"].value, answers["questionnaire_minutes"].value) == ("1200", "25")
        changed = {c.field: c for c in snapshot_diff(before, snapshot_of(submission))}
    assert (changed["respondents_count"].before, changed["respondents_count"].after) == ("—", "1200")
    assert changed["questionnaire_minutes"].after == "25"


def test_the_api_reads_and_writes_them_with_the_same_messages(shared_world):
    from django.utils import translation

    from api.answers import answers_of, section_input

    submission = submission_for(shared_world["user"])
    submission.respondents_count = 300
    assert answers_of(submission)["6"]["respondents_count"] == 300
    assert answers_of(submission)["6"]["questionnaire_minutes"] is None
    with translation.override("id"):
        data, problems = section_input(
            section=SECTIONS_BY_KEY["6"], submission=submission, data={"questionnaire_minutes": 601}
        )
    assert not problems
    form = _section_form(submission, data)
    with translation.override("id"):
        assert form.errors["questionnaire_minutes"] == [MINUTES_MESSAGE]


def _section_form(submission, data):
    from submissions.forms import section_form

    return section_form(SECTIONS_BY_KEY["6"], submission)(data, instance=submission)
