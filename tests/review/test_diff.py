"""What changed between two rounds: the side-by-side page for office staff, and the values it shows."""

import copy

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from review import services
from submissions import enums
from submissions.models import Attachment, Variable
from submissions.services import submission_submit
from submissions.snapshots import snapshot_diff, snapshot_of
from submissions.states import State
from tests.factories import fill_complete, pdf_bytes, submission_for


def _client(client, user, language="en"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _return_for_revision(w, s, notes):
    """Accept if needed, write the notes (section, field, text) and return the form to the agency."""
    if s.state == State.SUBMITTED:
        s = services.review_accept(submission=s, actor=w["reviewer"])
    written = [
        services.note_add(submission=s, section=section, field=field, text=text, actor=w["coordinator"])
        for section, field, text in notes
    ]
    return services.review_return_for_revision(submission=s, actor=w["coordinator"]), written


def _first_revision(w):
    """Round 2: three answers (text, choice, multi-select), a variable and the instrument changed."""
    s, (on_background, on_collection) = _return_for_revision(
        w,
        w["submission"],
        [
            ("3", "background", "Latar belakang terlalu singkat."),
            ("6", "", "Jelaskan pemeriksaan kualitas."),
        ],
    )
    services.note_respond(note=on_background, actor=w["agency"], response="Sudah dilengkapi.")
    s.background = "Latar belakang yang diperbarui"
    s.frequency = enums.Frequency.MONTHLY  # was 7 Yearly
    s.collection_methods = [1, 4]  # was [1] Interview
    s.save()
    Variable.objects.filter(submission=s).update(definition="Definisi baru")
    s.attachments.filter(kind=enums.AttachmentKind.INSTRUMENT).delete()
    Attachment.objects.create(
        submission=s,
        kind=enums.AttachmentKind.INSTRUMENT,
        file=ContentFile(pdf_bytes(), name="x.pdf"),
        original_name="kuesioner-v2.pdf",
        size=2048,
    )
    return submission_submit(submission=s, actor=w["agency"])


def _rows(changes):
    return [(c.section, c.field, c.label, c.before, c.after) for c in changes]


def test_diff_shows_exactly_the_changed_answers_tables_and_files(office_world, client):
    w = office_world
    s = _first_revision(w)
    assert s.round == 2

    response = _client(client, w["reviewer"]).get(reverse("review:diff", kwargs={"pk": s.pk}))

    assert response.status_code == 200
    assert (response.context["previous_round"], response.context["round"]) == (1, 2)
    assert _rows(response.context["changes"]) == [
        ("3", "background", "3.1 Background", "Latar belakang", "Latar belakang yang diperbarui"),
        ("4", "frequency", "4.2 Frequency", "7 Yearly", "3 Monthly"),
        ("4", "collection_methods", "4.6 Data collection methods", "Interview", "Interview, Observation"),
        ("variables", "variables", "Variable: Variabel 1", "Definition: Definisi", "Definition: Definisi baru"),
        (
            "attachments",
            "attachments",
            "Questionnaire/instrument",
            "instrumen.pdf (1000\xa0bytes)",
            "kuesioner-v2.pdf (2.0\xa0KB)",
        ),
    ]
    background, _frequency, methods, _variable, instrument = response.context["changes"]
    # Within a cell, what was added or removed is marked.
    assert background.after_parts == (("Latar belakang", False), (" yang diperbarui", True))
    assert methods.before_parts == (("Interview", False),)
    assert methods.after_parts == (("Interview, ", False), ("Observation", True))
    assert instrument.before_parts == (("instrumen.pdf (1000\xa0bytes)", True),)
    assert [g["title"] for g in response.context["groups"]] == [
        "III. Planning and preparation",
        "IV. Activity design",
        "Variables (MS-Var)",
        "Attachments",
    ]

    html = response.content.decode()
    assert html.count('data-testid="diff-row"') == 5
    for field in ("background", "frequency", "collection_methods", "variables", "attachments"):
        assert f'data-field="{field}"' in html
    for unchanged in ("title", "objective", "repetition", "collection_means", "pilot", "indicators"):
        assert f'data-field="{unchanged}"' not in html
    assert "<ins" in html and "Observation" in html and "kuesioner-v2.pdf" in html


def test_diff_lists_the_notes_of_the_previous_round_with_response_and_whether_their_section_changed(
    office_world, client
):
    w = office_world
    s = _first_revision(w)

    response = _client(client, w["coordinator"]).get(reverse("review:diff", kwargs={"pk": s.pk}))

    notes = [
        (n["note"].section, n["question"], n["addressed"], n["section_changed"], n["question_changed"])
        for n in response.context["notes"]
    ]
    assert notes == [
        ("3", "3.1 Background", True, True, True),
        ("6", "", False, False, None),
    ]
    html = response.content.decode()
    assert "Sudah dilengkapi." in html and "Not addressed" in html and "Section unchanged" in html


def test_diff_round_selection(office_world, client):
    w = office_world
    s = _first_revision(w)
    s, _notes = _return_for_revision(w, s, [("3", "objective", "Tujuan belum jelas.")])
    s.objective = "Tujuan yang lebih jelas"
    s.save()
    s = submission_submit(submission=s, actor=w["agency"])
    assert s.round == 3
    c = _client(client, w["reviewer"])
    url = reverse("review:diff", kwargs={"pk": s.pk})

    latest = c.get(url)
    assert (latest.context["previous_round"], latest.context["round"]) == (2, 3)
    assert [ch.field for ch in latest.context["changes"]] == ["objective"]
    assert latest.context["rounds"] == [1, 2, 3]
    assert [n["note"].text for n in latest.context["notes"]] == ["Tujuan belum jelas."]

    second = c.get(url, {"putaran": 2})
    assert [ch.field for ch in second.context["changes"]] == [
        "background",
        "frequency",
        "collection_methods",
        "variables",
        "attachments",
    ]

    first = c.get(url, {"putaran": 1})
    assert first.status_code == 200
    assert first.context["previous_round"] is None
    assert 'data-testid="no-previous-round"' in first.content.decode()

    assert c.get(url, {"putaran": 4}).status_code == 404
    assert c.get(url, {"putaran": "dua"}).status_code == 404


def test_diff_of_a_first_round_says_there_is_no_previous_round(office_world, client):
    w = office_world
    response = _client(client, w["front_desk"]).get(reverse("review:diff", kwargs={"pk": w["submission"].pk}))
    assert response.status_code == 200
    assert response.context["round"] == 1 and response.context["previous_round"] is None
    assert "there is no previous round" in response.content.decode()


@pytest.mark.parametrize("role", ["front_desk", "reviewer2", "coordinator", "head", "office_admin"])
def test_diff_is_open_to_every_staff_role_of_the_office(office_world, client, role):
    w = office_world
    s = _first_revision(w)
    assert _client(client, w[role]).get(reverse("review:diff", kwargs={"pk": s.pk})).status_code == 200


@pytest.mark.parametrize("role", ["agency", "other_agency", "other_reviewer", "other_coordinator", "central_head"])
def test_diff_is_404_for_the_agency_and_other_offices(office_world, client, role):
    w = office_world
    s = _first_revision(w)
    assert _client(client, w[role]).get(reverse("review:diff", kwargs={"pk": s.pk})).status_code == 404


@pytest.mark.parametrize("role", ["front_desk", "reviewer2", "coordinator", "head", "office_admin"])
def test_diff_of_a_draft_never_submitted_is_404_as_the_review_page(office_world, client, role):
    """One rule (submissions.rules.reached_office) for every page: the office does not see a draft before it is
    submitted (tests/test_permission_matrix.py walks every URL of a submission)."""
    w = office_world
    draft = fill_complete(submission_for(w["agency"], title="Belum diajukan"))
    c = _client(client, w[role])
    for name in ("review:diff", "review:detail", "submissions:overview"):
        assert c.get(reverse(name, kwargs={"pk": draft.pk})).status_code == 404, name
    c = _client(client, w["agency"])
    assert c.get(reverse("submissions:overview", kwargs={"pk": draft.pk})).status_code == 200


def test_a_form_returned_as_incomplete_stays_visible_to_the_office_on_every_page(office_world, client):
    """It reached the office once: the review page, the diff and the form's own pages agree that staff see it."""
    w = office_world
    s = services.review_return_incomplete(submission=w["submission"], actor=w["front_desk"], note="Lampiran kurang.")
    assert s.state == State.DRAFT and s.submitted_at is not None
    c = _client(client, w["reviewer"])
    for name in ("review:diff", "review:detail", "submissions:overview", "submissions:variables"):
        assert c.get(reverse(name, kwargs={"pk": s.pk})).status_code == 200, name


def test_diff_asks_an_anonymous_visitor_to_log_in(office_world, client):
    response = client.get(reverse("review:diff", kwargs={"pk": office_world["submission"].pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_diff_of_an_unknown_submission_is_404(office_world, client):
    assert (
        _client(client, office_world["reviewer"]).get(reverse("review:diff", kwargs={"pk": 999999})).status_code == 404
    )


# --- the values as shown -------------------------------------------------------------------------------


def test_snapshot_diff_names_regions_with_one_query(office_world, django_assert_num_queries):
    s = office_world["submission"]
    before = snapshot_of(s)
    after = copy.deepcopy(before)
    assert before["fields"]["organizer_regency"] == "6202"
    after["fields"]["organizer_regency"] = "6203"
    after["fields"]["coverage_regions"] = sorted([*before["fields"]["coverage_regions"], "6203"])
    province = before["fields"]["coverage_regions"][0]

    with translation.override("en"), django_assert_num_queries(1):
        changes = snapshot_diff(before, after)

    assert [(c.label, c.before, c.after) for c in changes] == [
        ("1.2 Regency/city", "6202 Kabupaten Kotawaringin Timur", "6203 Kabupaten Kapuas"),
        (
            "4.5 Provinces and regencies/cities covered",
            f"{province} Kalimantan Tengah",
            f"{province} Kalimantan Tengah, 6203 Kabupaten Kapuas",
        ),
    ]
    assert changes[1].after_parts[-1] == ("6203 Kabupaten Kapuas", True)


def test_snapshot_diff_shows_yes_no_dates_and_choices_in_the_readers_language(office_world):
    s = office_world["submission"]
    before = snapshot_of(s)
    after = copy.deepcopy(before)
    after["fields"].update(pilot=False, publish_digital_date="2028-01-15", sector=enums.Sector.EDUCATION.value)

    with translation.override("id"):
        shown = [(c.field, c.before, c.after) for c in snapshot_diff(before, after)]
    assert shown == [
        ("sector", "9 Kesehatan", "5 Pendidikan dan Pelatihan"),
        ("pilot", "Ya", "Tidak"),
        ("publish_digital_date", "1 Desember 2027", "15 Januari 2028"),
    ]
    with translation.override("en"):
        assert [(c.before, c.after) for c in snapshot_diff(before, after)][1] == ("Yes", "No")


def test_snapshot_diff_of_identical_rounds_is_empty(office_world):
    snapshot = snapshot_of(office_world["submission"])
    assert snapshot_diff(snapshot, copy.deepcopy(snapshot)) == []


def test_snapshot_diff_shows_added_and_removed_variables(office_world):
    s = office_world["submission"]
    before = snapshot_of(s)
    Variable.objects.create(submission=s, position=1, name="Umur", definition="Umur dalam tahun", data_type="numerik")
    Variable.objects.filter(name="Variabel 1").delete()
    with translation.override("en"):
        changes = snapshot_diff(before, snapshot_of(s))
    assert [(c.label, c.before == "—", c.after == "—") for c in changes] == [
        ("Variable: Umur", True, False),
        ("Variable: Variabel 1", False, True),
    ]
    assert "Data type: Number" in changes[0].after and "Publicly accessible: Yes" in changes[0].after


def test_diff_page_makes_the_same_number_of_queries_for_few_or_many_changes(office_world, client):
    w = office_world
    s = _first_revision(w)  # round 2: five changes, two notes
    s, _notes = _return_for_revision(w, s, [("3", "objective", "Tujuan belum jelas.")])
    s.objective = "Tujuan yang lebih jelas"
    s.save()
    s = submission_submit(submission=s, actor=w["agency"])  # round 3: one change, one note
    c = _client(client, w["reviewer"])
    url = reverse("review:diff", kwargs={"pk": s.pk})
    c.get(url)  # warm up the session and the caches
    counts = []
    for round_number in (2, 3):
        with CaptureQueriesContext(connection) as queries:
            response = c.get(url, {"putaran": round_number})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
