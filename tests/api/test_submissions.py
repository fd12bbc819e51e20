"""The agency endpoints: the same services, forms and permissions as the web pages, answered in JSON."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from letters.enums import LetterState, RenderState
from letters.issuing import letter_sign
from letters.models import Letter
from letters.pki import demo_certificate_issue
from review.services import note_add, review_accept, review_assign, review_decide, review_return_for_revision
from submissions.enums import AttachmentKind
from submissions.models import Attachment, SectionDraft, Submission
from submissions.services import submission_submit
from submissions.states import State
from tests.factories import fill_complete, pdf_bytes, submission_for

from .conftest import token_client

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def url(pk, rest=""):
    return f"/api/v1/pengajuan/{pk}/{rest}"


def complete_draft(user, **fields):
    return fill_complete(submission_for(user, **fields))


def in_review(world, submission=None):
    submission = submission or complete_draft(world["user"])
    submission = submission_submit(submission=submission, actor=world["user"])
    submission = review_accept(submission=submission, actor=world["front_desk"])
    review_assign(submission=submission, reviewers=[world["reviewer"]], actor=world["coordinator"])
    return submission


# --- list and create ---------------------------------------------------------------------------------


def test_list_shows_the_agencys_submissions_as_the_web_does(world, api):
    own = submission_for(world["user"], title="Punya saya")
    colleagues = submission_for(world["colleague"], title="Punya rekan")
    submission_for(world["other_user"], title="Dinas lain")

    body = api.get("/api/v1/pengajuan/").json()

    assert body["count"] == 2
    assert {r["id"] for r in body["results"]} == {own.pk, colleagues.pk}
    row = next(r for r in body["results"] if r["id"] == own.pk)
    assert row["title"] == "Punya saya" and row["state"] == "draf" and row["kind"] == "fs3"
    assert row["office"] == {"code": "6202", "name": "BPS Kabupaten Kotawaringin Timur"}
    assert row["url"] == f"http://testserver/api/v1/pengajuan/{own.pk}/"


def test_list_of_a_pending_member_shows_only_what_they_started(world):
    submission_for(world["user"])
    mine = submission_for(world["pending"])
    body = token_client(world["pending"]).get("/api/v1/pengajuan/").json()
    assert [r["id"] for r in body["results"]] == [mine.pk]


def test_list_filters_by_state_and_hides_a_proposed_decision(world, api):
    draft = submission_for(world["user"])
    decided = in_review(world)
    review_decide(submission=decided, actor=world["reviewer"], decision=State.NOT_FEASIBLE, text="Alasan")

    under_review = api.get("/api/v1/pengajuan/?state=diperiksa", **EN).json()["results"]
    assert [r["id"] for r in under_review] == [decided.pk]
    # Not "tidak_layak": the agency learns the decision from the issued letter.
    assert under_review[0]["state"] == "diperiksa"
    assert under_review[0]["state_label"] == "Decision being approved"
    assert "tidak_layak" not in api.get("/api/v1/pengajuan/").content.decode()
    assert [r["id"] for r in api.get("/api/v1/pengajuan/?state=draf").json()["results"]] == [draft.pk]
    bad = api.get("/api/v1/pengajuan/?state=layak")
    assert bad.status_code == 400 and list(bad.json()["error"]["fields"]) == ["state"]


def test_create_starts_a_draft_like_the_web(world, api):
    response = api.post("/api/v1/pengajuan/", {"kind": "fpkpa", "title": "Kompilasi Data Puskesmas"}, format="json")

    assert response.status_code == 201
    submission = Submission.objects.get()
    assert response["Location"] == url(submission.pk)
    assert (submission.kind, submission.title, submission.agency) == (
        "fpkpa",
        "Kompilasi Data Puskesmas",
        world["agency"],
    )
    assert submission.created_by == world["user"] and submission.channel == "online"
    body = response.json()
    assert body["id"] == submission.pk and body["can_edit"] and not body["complete"]
    assert "5" not in body["answers"]  # no sample design for FP-KPA


def test_create_refuses_an_unknown_kind_with_a_field_message(world, api):
    response = api.post("/api/v1/pengajuan/", {"kind": "xyz"}, format="json", **EN)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["kind"]
    assert not Submission.objects.exists()


# --- reading and saving sections --------------------------------------------------------------------


def test_detail_has_answers_completeness_rows_and_links(world, api):
    submission = complete_draft(world["user"])
    body = api.get(url(submission.pk)).json()

    assert body["complete"] is True and body["can_submit"] is True
    assert body["answers"]["1"]["organizer_province"] == submission.organizer_province.code
    assert body["answers"]["5"]["sample_fraction"] == "0.05"
    assert body["answers"]["3"]["planning_start"] == "2027-01-04"
    assert body["answers"]["4"]["collection_means"] == [2]
    assert [s["key"] for s in body["sections"]][:2] == ["header", "1"]
    assert all(s["complete"] for s in body["sections"])
    assert [v["name"] for v in body["variables"]] == ["Variabel 1"]
    assert {a["kind"] for a in body["attachments"]} == {"surat_pengantar", "instrumen"}
    assert body["web_url"] == f"http://testserver/pengajuan/{submission.pk}/"


def test_patch_saves_a_section_through_the_web_form_keeping_other_answers(world, api):
    submission = complete_draft(world["user"])
    response = api.patch(
        url(submission.pk),
        {"section": "4", "data": {"coverage_regions": ["6202"], "collection_methods": [1, 4]}},
        format="json",
    )

    assert response.status_code == 200, response.json()
    submission.refresh_from_db()
    assert submission.collection_methods == [1, 4]
    assert list(submission.coverage_regions.values_list("code", flat=True)) == ["6202"]
    assert submission.repetition == 2 and submission.collection_means == [2]  # left out: kept
    assert response.json()["answers"]["4"]["coverage_regions"] == ["6202"]


def test_patch_null_clears_an_answer(world, api):
    submission = complete_draft(world["user"])
    response = api.patch(url(submission.pk), {"section": "2", "data": {"tech_fax": "021", "tech_phone": None}})
    assert response.status_code == 200
    submission.refresh_from_db()
    assert (submission.tech_fax, submission.tech_phone) == ("021", "")
    assert response.json()["complete"] is False


def test_patch_invalid_answers_give_the_forms_messages_per_field_and_keep_the_input(world, api):
    submission = complete_draft(world["user"])
    response = api.patch(
        url(submission.pk),
        {"section": "3", "data": {"planning_start": "2027-05-01", "planning_end": "2027-04-01", "objective": "Baru"}},
        format="json",
        **EN,
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "planning_end": ["The end date may not be before the start date (Activity planning)."],
        "design_start": ["Design may not start before Activity planning starts: the phases follow this order."],
    }
    submission.refresh_from_db()
    assert submission.objective == "Tujuan"  # nothing saved ...
    draft = SectionDraft.objects.get(submission=submission, section="3")
    assert draft.data["objective"] == ["Baru"]  # ... and nothing lost
    assert api.get(url(submission.pk)).json()["unsaved_sections"] == ["3"]


def test_patch_of_only_the_corrected_field_keeps_the_rest_of_a_rejected_section(world, api):
    """Issue 17: a 400 keeps the input as the section's draft; the next PATCH builds on that draft, as the web form
    shows the rejected input again, so correcting one field does not discard the other values sent."""
    submission = complete_draft(world["user"])
    rejected = api.patch(
        url(submission.pk),
        {"section": "2", "data": {"tech_fax": "0536-11", "tech_email": "not an e-mail"}},
        format="json",
        **EN,
    )
    assert rejected.status_code == 400
    assert list(rejected.json()["error"]["fields"]) == ["tech_email"]

    corrected = api.patch(url(submission.pk), {"section": "2", "data": {"tech_email": "olah@kalteng.go.id"}})

    assert corrected.status_code == 200, corrected.json()
    submission.refresh_from_db()
    assert (submission.tech_email, submission.tech_fax) == ("olah@kalteng.go.id", "0536-11")
    assert corrected.json()["answers"]["2"]["tech_fax"] == "0536-11"
    assert corrected.json()["unsaved_sections"] == []


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"section": "9", "data": {}}, "section", '"9" is not a valid choice.'),
        ({"section": "variables", "data": {}}, "section", '"variables" is not a valid choice.'),
        ({"section": "header", "data": {"tech_name": "x"}}, "tech_name", "This question is not part of this section"),
        ({"section": "header", "data": {"title": {"a": 1}}}, "title", "Give a text, a number, true/false or null"),
        ({"section": "header", "data": {"title": ["a", "b"]}}, "title", "Give one value here, not a list."),
        ({"section": "4", "data": {"collection_methods": [True]}}, "collection_methods", "Give a list of codes"),
        ({"section": "1", "data": {"organizer_province": "99"}}, "organizer_province", "BPS code 99"),
        ({"section": "header", "data": {"title": "a\x00b"}}, "title", "NUL character"),
        ({"section": "header", "data": "title"}, "data", 'Expected a dictionary of items but got type "str".'),
        ({"data": {}}, "section", "This field is required."),
    ],
)
def test_patch_bad_input_is_a_json_400_naming_the_field(world, api, payload, field, message):
    submission = submission_for(world["user"])
    response = api.patch(url(submission.pk), payload, format="json", **EN)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert field in fields and message in fields[field][0], fields
    assert not SectionDraft.objects.exists()


def test_patch_a_section_that_does_not_apply_to_the_form(world, api):
    submission = submission_for(world["user"], kind="fpkpa")
    response = api.patch(url(submission.pk), {"section": "5", "data": {}}, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"section": ["This section does not apply to this form."]}


def test_patch_after_submitting_is_403_not_editable(world, api):
    submission = submission_submit(submission=complete_draft(world["user"]), actor=world["user"])
    response = api.patch(url(submission.pk), {"section": "header", "data": {"title": "x"}}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_editable"


# --- attachments, variables, indicators ----------------------------------------------------------------


def test_upload_a_pdf_through_the_attachments_service(world, api):
    submission = submission_for(world["user"])
    response = api.post(
        url(submission.pk, "lampiran/"),
        {"kind": "surat_pengantar", "file": SimpleUploadedFile("Surat.pdf", pdf_bytes()), "description": "Surat"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    attachment = Attachment.objects.get(submission=submission)
    assert response.json()["id"] == attachment.pk
    assert (attachment.kind, attachment.original_name, attachment.uploaded_by) == (
        "surat_pengantar",
        "Surat.pdf",
        world["user"],
    )


def test_upload_refuses_a_file_that_is_not_a_pdf_whatever_its_name(world, api):
    submission = submission_for(world["user"])
    fake = SimpleUploadedFile("surat.pdf", b"PK\x03\x04 a zip file", content_type="application/pdf")
    response = api.post(url(submission.pk, "lampiran/"), {"kind": "instrumen", "file": fake}, format="multipart", **EN)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "file": ["This file is not a PDF. Save or export the document as PDF and upload that."]
    }
    assert not Attachment.objects.exists()


def test_upload_over_the_limit_is_413(world, api, settings):
    settings.ATTACHMENT_MAX_MB = 1
    submission = submission_for(world["user"])
    big = SimpleUploadedFile("besar.pdf", pdf_bytes() + b"%" * (1024 * 1024 + 10))
    response = api.post(url(submission.pk, "lampiran/"), {"kind": "instrumen", "file": big}, format="multipart")
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large" and list(error["fields"]) == ["file"]


def test_upload_needs_multipart(world, api):
    submission = submission_for(world["user"])
    response = api.post(url(submission.pk, "lampiran/"), {"kind": "instrumen"}, format="json")
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"


def test_add_variable_and_indicator_through_the_table_services(world, api):
    submission = submission_for(world["user"])
    variable = api.post(
        url(submission.pk, "variabel/"),
        {"name": "Umur", "definition": "Umur dalam tahun", "data_type": "numerik", "public": False},
        format="json",
    )
    assert variable.status_code == 201, variable.json()
    assert variable.json()["position"] == 0 and variable.json()["public"] is False
    indicator = api.post(url(submission.pk, "indikator/"), {"name": "TPT", "definition": "Tingkat"}, format="json")
    assert indicator.status_code == 201
    assert submission.variables.get().name == "Umur" and submission.indicators.get().public is True

    missing = api.post(url(submission.pk, "variabel/"), {"name": "Tanpa definisi"}, format="json", **EN)
    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) == {"definition", "data_type"}
    composite = api.post(url(submission.pk, "indikator/"), {"name": "I", "definition": "d", "composite": True}, **EN)
    assert composite.json()["error"]["fields"] == {
        "building_indicators": ["A composite indicator lists the indicators it combines."]
    }


# --- submit ------------------------------------------------------------------------------------------


def test_submit_a_complete_draft_then_a_repeat_is_a_no_op(world, api):
    submission = complete_draft(world["user"])
    first = api.post(url(submission.pk, "ajukan/"))
    assert first.status_code == 200, first.json()
    submission.refresh_from_db()
    assert submission.state == State.SUBMITTED and submission.number
    assert first.json()["changed"] is True and first.json()["submission"]["number"] == submission.number

    again = api.post(url(submission.pk, "ajukan/"), **EN)
    assert again.status_code == 200
    assert again.json()["changed"] is False
    assert again.json()["message"] == "This submission was already submitted; nothing changed."
    assert submission.transitions.count() == 1


def test_submit_repeated_while_the_first_is_under_way_answers_changed_false(world, api, monkeypatch):
    """Two requests both find the draft; the other one takes the row lock and submits first. This one then
    changes nothing (submission_transition's repeat) and must say so, as the web does: changed=false."""
    from submissions import services

    submission = complete_draft(world["user"])
    real_route = services.submission_route
    raced = []

    def the_other_request_submits_first(*, submission):
        if not raced:
            raced.append(True)
            services.submission_submit(submission=Submission.objects.get(pk=submission.pk), actor=world["user"])
        return real_route(submission=submission)

    monkeypatch.setattr(services, "submission_route", the_other_request_submits_first)
    response = api.post(url(submission.pk, "ajukan/"), **EN)

    assert raced and response.status_code == 200, response.json()
    assert response.json()["changed"] is False
    assert response.json()["message"] == "This submission was already submitted; nothing changed."
    assert response.json()["submission"]["state"] == "diajukan"
    assert submission.transitions.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_answer_changed_once(world, uses_postgres):
    """The same on PostgreSQL with real simultaneous requests: one changed=true, the other changed=false."""
    from tests.review.test_concurrency import race

    submission = complete_draft(world["user"])
    clients = [token_client(world["user"], name=f"script {i}") for i in range(2)]
    responses = race(*(lambda c=c: c.post(url(submission.pk, "ajukan/"), **EN) for c in clients))

    assert [r.status_code for r in responses] == [200, 200], responses
    assert sorted(r.json()["changed"] for r in responses) == [False, True]
    assert submission.transitions.count() == 1


def test_withdraw_repeated_while_the_first_is_under_way_answers_changed_false(world, api, monkeypatch):
    from api.views import submissions as views
    from submissions.services import submission_withdraw

    submission = in_review(world)
    real_refusal = views.withdraw_refusal

    def the_other_request_withdraws_first(*, submission, user):
        refusal = real_refusal(submission=submission, user=user)
        submission_withdraw(submission=Submission.objects.get(pk=submission.pk), actor=user, reason="Batal.")
        return refusal

    monkeypatch.setattr(views, "withdraw_refusal", the_other_request_withdraws_first)
    response = api.post(url(submission.pk, "tarik/"), {"reason": "Kegiatan dibatalkan."}, format="json", **EN)

    assert response.status_code == 200, response.json()
    assert response.json()["changed"] is False
    assert response.json()["message"] == "This submission was already withdrawn; nothing changed."
    assert submission.transitions.filter(to_state=State.WITHDRAWN).count() == 1


def test_submit_an_incomplete_draft_lists_what_is_missing_per_section(world, api):
    submission = submission_for(world["user"])
    response = api.post(url(submission.pk, "ajukan/"), **EN)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "incomplete"
    assert "variables" in error["fields"] and "attachments" in error["fields"]
    assert Submission.objects.get(pk=submission.pk).state == State.DRAFT


def test_an_unverified_member_cannot_submit_as_on_the_web(world):
    submission = complete_draft(world["pending"])
    response = token_client(world["pending"]).post(url(submission.pk, "ajukan/"), **EN)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_verified"
    assert "verify that you act for your agency" in response.json()["error"]["message"]
    assert Submission.objects.get(pk=submission.pk).state == State.DRAFT


def test_resubmitting_a_revision_starts_the_next_round(world, api):
    submission = in_review(world)
    note_add(submission=submission, section="3", field="objective", text="Rinci.", actor=world["reviewer"])
    review_return_for_revision(submission=submission, actor=world["reviewer"])
    detail = api.get(url(submission.pk)).json()
    assert detail["state"] == "perlu_perbaikan" and detail["can_edit"]
    assert [(n["section"], n["text"], n["addressed"]) for n in detail["notes"]] == [("3", "Rinci.", False)]

    assert api.post(url(submission.pk, "ajukan/")).json()["changed"] is True
    submission.refresh_from_db()
    # Straight back in review (no second "terekam lengkap"), as on the web.
    assert (submission.state, submission.round) == (State.IN_REVIEW, 2)


# --- history and letter ------------------------------------------------------------------------------


def test_history_uses_the_agencys_words_and_hides_the_proposed_decision(world, api):
    submission = in_review(world)
    review_decide(submission=submission, actor=world["reviewer"], decision=State.NOT_FEASIBLE, text="Alasan rahasia")

    response = api.get(url(submission.pk, "riwayat/"), **EN)

    assert response.status_code == 200
    events = response.json()["results"]
    assert [e["label"] for e in events] == [
        "Draft started",
        "Submitted",
        "Received complete, under review",
        "Decision being approved",
    ]
    assert [e["state"] for e in events] == [None, "diajukan", "diperiksa", "diperiksa"]
    text = response.content.decode()
    assert "Alasan rahasia" not in text and "tidak_layak" not in text
    assert "assigned as reviewer" not in text  # internal staff steps are not listed


def test_letter_before_issue_says_not_issued(world, api):
    submission = in_review(world)
    review_decide(submission=submission, actor=world["reviewer"], decision=State.FEASIBLE, text="Saran")
    body = api.get(url(submission.pk, "surat/")).json()
    assert body == {
        "issued": False,
        "number": None,
        "date": None,
        "decision": None,
        "decision_label": None,
        "download_url": None,
        "verify_url": None,
    }
    assert api.get(url(submission.pk, "surat/unduh/")).status_code == 404


def test_letter_endpoint_after_real_signature(world, api):
    """Signed by the head (WeasyPrint + pyHanko) as in letters: number, date, decision, the PDF with the token."""
    office = world["office"]
    office.letter_code = "62020"
    office.save(update_fields=["letter_code"])
    demo_certificate_issue(user=world["head"], office=office, passphrase="kunci-Rahasia-uji-4711")
    submission = in_review(world)
    review_decide(submission=submission, actor=world["reviewer"], decision=State.FEASIBLE, text="Saran")
    letter = Letter.objects.get(submission=submission)
    letter.state, letter.render_state = LetterState.AWAITING_SIGNATURE, RenderState.READY
    letter.draft_pdf.save("draft.pdf", ContentFile(pdf_bytes()), save=False)
    letter.save()
    letter = letter_sign(letter=letter, signer=world["head"], passphrase="kunci-Rahasia-uji-4711")

    body = api.get(url(submission.pk, "surat/"), **EN).json()

    assert body["issued"] is True
    assert body["number"] == letter.number and body["date"] == letter.letter_date.isoformat()
    assert (body["decision"], body["decision_label"]) == ("layak", "Feasible")
    assert body["download_url"] == f"http://testserver/api/v1/pengajuan/{submission.pk}/surat/unduh/"
    assert body["verify_url"] == f"http://testserver/verifikasi/{letter.verify_token}/"
    pdf = api.get(url(submission.pk, "surat/unduh/"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content == letter.signed_pdf.open("rb").read()
    assert api.get(url(submission.pk)).json()["state"] == "surat_terbit"
    # A changed file is refused, not served.
    name = letter.signed_pdf.name
    with letter.signed_pdf.storage.open(name, "wb") as fh:
        fh.write(io.BytesIO(b"%PDF-1.7 changed").getvalue())
    tampered = api.get(url(submission.pk, "surat/unduh/"))
    assert tampered.status_code == 409 and tampered.json()["error"]["code"] == "tampered"


# --- another agency ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "rest", "data"),
    [
        ("get", "", None),
        ("patch", "", {"section": "header", "data": {"title": "x"}}),
        ("post", "ajukan/", None),
        ("get", "riwayat/", None),
        ("get", "surat/", None),
        ("get", "surat/unduh/", None),
        ("post", "variabel/", {"name": "x", "definition": "d", "data_type": "numerik"}),
        ("post", "indikator/", {"name": "x", "definition": "d"}),
    ],
)
def test_another_agencys_submission_is_404_for_every_endpoint(world, method, rest, data):
    submission = complete_draft(world["user"])
    client = token_client(world["other_user"])
    response = getattr(client, method)(url(submission.pk, rest), data, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "Submission" not in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).title == "Survei Uji"
    assert not submission.variables.exclude(name="Variabel 1").exists() and not submission.indicators.exists()


def test_another_agencys_upload_is_404(world):
    submission = submission_for(world["user"])
    response = token_client(world["other_user"]).post(
        url(submission.pk, "lampiran/"),
        {"kind": AttachmentKind.OTHER, "file": SimpleUploadedFile("x.pdf", pdf_bytes())},
        format="multipart",
    )
    assert response.status_code == 404 and not Attachment.objects.exists()


def test_a_colleagues_submission_is_shared_within_the_agency(world):
    submission = submission_for(world["colleague"])
    assert token_client(world["user"]).get(url(submission.pk)).status_code == 200
    assert token_client(world["pending"]).get(url(submission.pk)).status_code == 404


def test_anonymous_agency_endpoints_are_401(world):
    submission = submission_for(world["user"])
    assert APIClient().get(url(submission.pk)).status_code == 401


def test_withdraw_needs_a_reason_then_withdraws_once(world, api):
    submission = in_review(world)
    empty = api.post(url(submission.pk, "tarik/"), {}, format="json", **EN)
    assert empty.status_code == 400 and "reason" in empty.json()["error"]["fields"]
    assert Submission.objects.get(pk=submission.pk).state == State.IN_REVIEW

    first = api.post(url(submission.pk, "tarik/"), {"reason": "Kegiatan dibatalkan."}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["changed"] is True and first.json()["submission"]["state"] == "ditarik"
    again = api.post(url(submission.pk, "tarik/"), {"reason": "Kegiatan dibatalkan."}, format="json", **EN)
    assert again.status_code == 200 and again.json()["changed"] is False
    assert submission.transitions.filter(to_state=State.WITHDRAWN).count() == 1


def test_withdraw_after_a_decision_is_a_conflict(world, api):
    submission = in_review(world)
    Submission.objects.filter(pk=submission.pk).update(state=State.FEASIBLE)
    response = api.post(url(submission.pk, "tarik/"), {"reason": "Terlambat."}, format="json", **EN)
    assert response.status_code == 409
    assert "already decided" in response.json()["error"]["message"]
    assert Submission.objects.get(pk=submission.pk).state == State.FEASIBLE
