"""An agency's submissions over the API, for its users with a personal token.

The same selectors, services and django-rules permissions as the web pages: the list is the web's
"My submissions"; another agency's submission answers 404 (never 403), so ids tell nothing.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from letters.issuing import letter_file_name
from letters.models import Letter
from letters.selectors import letter_decision_label, signed_letter_of
from letters.verification import LetterTampered, letter_file_checked
from review.timeline import timeline_for
from submissions.attachments import attachment_add, cover_letter_check, cover_letter_set
from submissions.completeness import missing_count, submission_completeness
from submissions.enums import AttachmentKind
from submissions.models import Submission
from submissions.rules import withdrawn_already
from submissions.sections import SECTIONS_BY_KEY
from submissions.selectors import in_agency_state, submissions_of_agency_user
from submissions.services import (
    section_save,
    submission_start,
    submission_submit_once,
    submission_withdraw_once,
    submit_refusal,
    withdraw_refusal,
)
from submissions.tables import indicator_save, variable_save
from submissions.views.common import returned_notes

from ..answers import SECTION_KEYS_DOC, answers_of, form_errors, section_input
from ..exceptions import MESSAGES, ApiError, error_body, refused
from ..serializers import (
    AGENCY_STATES,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    EventSerializer,
    IndicatorInputSerializer,
    IndicatorSerializer,
    LetterSerializer,
    SectionUpdateSerializer,
    SubmissionCreateSerializer,
    SubmissionDetailSerializer,
    SubmissionSerializer,
    SubmitResultSerializer,
    VariableInputSerializer,
    VariableSerializer,
    WithdrawInputSerializer,
    errors,
)

TAG = "pengajuan"
MB = 1024 * 1024


def submission_of(request, pk: int) -> Submission:
    """One of the user's agency's submissions as the web's list shows them; anything else is 404."""
    submission = get_object_or_404(submissions_of_agency_user(request.user), pk=pk)
    if not request.user.has_perm("submissions.view_submission", submission):
        raise ApiError(MESSAGES["not_found"], status_code=404, code="not_found")
    return submission


def _not_editable() -> ApiError:
    return ApiError(_("This submission can no longer be changed."), status_code=403, code="not_editable")


def _check_editable(request, submission) -> None:
    if not request.user.has_perm("submissions.change_submission", submission):
        raise _not_editable()


def detail_data(request, pk: int) -> dict:
    """The submission with everything its overview page shows the agency."""
    submission = (
        Submission.objects.select_related(
            "agency", "agency__region", "office", "created_by", "recorded_by", "organizer_province", "organizer_regency"
        )
        .prefetch_related("coverage_regions", "attachments", "variables", "indicators", "section_drafts")
        .get(pk=pk)
    )
    statuses = submission_completeness(submission)
    submission.answers = answers_of(submission)
    submission.sections = [{"section": s.section, "complete": s.complete, "missing": s.missing} for s in statuses]
    submission.unsaved_sections = sorted(d.section for d in submission.section_drafts.all())
    submission.complete = not missing_count(statuses)
    submission.api_notes = returned_notes(submission)
    submission.can_edit = request.user.has_perm("submissions.change_submission", submission)
    submission.can_submit = request.user.has_perm("submissions.submit_submission", submission)
    submission.web_url = request.build_absolute_uri(submission.get_absolute_url())
    return SubmissionDetailSerializer(submission, context={"request": request}).data


def _form_error_response(form) -> Response:
    message = _(
        "Some answers need attention. What you sent is kept as an unsaved draft of the section; nothing is lost."
    )
    return Response(error_body("invalid", message, form_errors(form)), status=status.HTTP_400_BAD_REQUEST)


# --- list and create ---------------------------------------------------------------------------


class SubmissionList(generics.GenericAPIView):
    serializer_class = SubmissionSerializer

    def get_queryset(self):
        return submissions_of_agency_user(self.request.user)

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_list",
        summary="Your agency's submissions",
        description="As the web's 'My submissions' list: every submission of the agency for a verified member, "
        "only those you started while your link to the agency awaits verification. Newest first.",
        parameters=[
            OpenApiParameter("state", str, enum=[s for s, _label in AGENCY_STATES], description="Only this state."),
        ],
        responses={200: SubmissionSerializer(many=True), **errors(400, 401, 404, 429)},
    )
    def get(self, request):
        queryset = self.get_queryset()
        state = request.query_params.get("state")
        if state:
            if state not in {s for s, _label in AGENCY_STATES}:
                raise ApiError(
                    MESSAGES["invalid"],
                    fields={
                        "state": [_("Choose one of: %(states)s.") % {"states": ", ".join(s for s, _l in AGENCY_STATES)}]
                    },
                )
            queryset = in_agency_state(queryset, state)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(SubmissionSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_create",
        summary="Start a draft",
        description="A new draft of your agency (kind fs3, fpkpa or mskeg), as 'New submission' on the web.",
        request=SubmissionCreateSerializer,
        responses={201: SubmissionDetailSerializer, **errors(400, 401, 403, 415, 429)},
    )
    def post(self, request):
        serializer = SubmissionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = submission_start(
            kind=serializer.validated_data["kind"],
            owner=request.user,
            actor=request.user,
            title=serializer.validated_data["title"],
        )
        url = reverse("api:submission", kwargs={"pk": submission.pk})
        return Response(detail_data(request, submission.pk), status=status.HTTP_201_CREATED, headers={"Location": url})


# --- one submission ------------------------------------------------------------------------------


class SubmissionDetail(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_retrieve",
        summary="One submission",
        description="The answers per section, what is still missing, attachments, variables, indicators and the "
        "reviewers' notes of rounds returned for revision.",
        responses={200: SubmissionDetailSerializer, **errors(401, 404, 429)},
    )
    def get(self, request, pk: int):
        submission = submission_of(request, pk)
        return Response(detail_data(request, submission.pk))

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_section_update",
        summary="Save one section",
        description="Saves one question section with the same checks as the web form. Body: "
        '`{"section": "<key>", "data": {"<field>": value, ...}}`. Fields left out keep their answer; null clears '
        "it. Invalid answers give 400 with the message per field, and what was sent is kept as the section's "
        "unsaved draft (as on the web). Section keys and their fields: " + SECTION_KEYS_DOC,
        request=SectionUpdateSerializer,
        responses={200: SubmissionDetailSerializer, **errors(400, 401, 403, 404, 415, 429)},
    )
    def patch(self, request, pk: int):
        submission = submission_of(request, pk)
        serializer = SectionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _check_editable(request, submission)
        section = SECTIONS_BY_KEY[serializer.validated_data["section"]]
        if not section.applies_to(submission):
            raise ApiError(MESSAGES["invalid"], fields={"section": [_("This section does not apply to this form.")]})
        data, problems = section_input(section=section, submission=submission, data=serializer.validated_data["data"])
        if problems:
            raise ApiError(MESSAGES["invalid"], fields=problems)
        form = section_save(submission=submission, section=section, data=data, actor=request.user)
        if not form.is_valid():
            return _form_error_response(form)
        return Response(detail_data(request, submission.pk))


class AttachmentUpload(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_attachment_upload",
        summary="Upload an attachment",
        description="multipart/form-data with kind, file (a PDF) and an optional description. A new cover "
        "letter or questionnaire replaces the one before. The file is checked by its content. With the cover "
        "letter (kind surat_pengantar), its number and date (cover_letter_number, cover_letter_date), which the "
        "recommendation letter cites and submitting requires.",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, **errors(400, 401, 403, 404, 413, 415, 429)},
    )
    def post(self, request, pk: int):
        submission = submission_of(request, pk)
        _check_editable(request, submission)
        # Refused before the body is read: an upload far over the limit is not spooled to disk first.
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.ATTACHMENT_MAX_MB * MB + MB:
            raise ApiError(
                _("The file is larger than %(limit)s MB.") % {"limit": settings.ATTACHMENT_MAX_MB},
                status_code=413,
                code="too_large",
                fields={"file": [_("The file is larger than %(limit)s MB.") % {"limit": settings.ATTACHMENT_MAX_MB}]},
            )
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cover_number = serializer.validated_data["cover_letter_number"]
        cover_date = serializer.validated_data["cover_letter_date"]
        cover_given = bool(cover_number.strip()) or cover_date is not None
        if cover_given:
            if serializer.validated_data["kind"] != AttachmentKind.COVER_LETTER:
                raise ApiError(
                    MESSAGES["invalid"],
                    fields={"cover_letter_number": [_("Only the cover letter has a number and date here.")]},
                )
            try:  # before the file is stored: a wrong number or date changes nothing
                cover_letter_check(submission=submission, number=cover_number, date=cover_date)
            except ValidationError as error:
                raise ApiError(MESSAGES["invalid"], fields=error.message_dict) from None
        try:
            attachment = attachment_add(
                submission=submission,
                kind=serializer.validated_data["kind"],
                file=serializer.validated_data["file"],
                description=serializer.validated_data["description"],
                actor=request.user,
            )
        except ValidationError as error:
            field = "kind" if error.code == "kind" else "file"
            raise ApiError(
                error.messages[0],
                status_code=413 if error.code == "too_large" else 400,
                code="too_large" if error.code == "too_large" else "invalid",
                fields={field: error.messages},
            ) from None
        if cover_given:
            cover_letter_set(submission=submission, number=cover_number, date=cover_date, actor=request.user)
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class _RowCreate(APIView):
    input_serializer = VariableInputSerializer
    output_serializer = VariableSerializer

    def save(self, *, submission, actor, data):
        raise NotImplementedError

    def post(self, request, pk: int):
        submission = submission_of(request, pk)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _check_editable(request, submission)
        form = self.save(submission=submission, actor=request.user, data=serializer.validated_data)
        if not form.is_valid():
            return Response(error_body("invalid", MESSAGES["invalid"], form_errors(form)), status=400)
        return Response(self.output_serializer(form.instance).data, status=status.HTTP_201_CREATED)


class VariableCreate(_RowCreate):
    input_serializer = VariableInputSerializer
    output_serializer = VariableSerializer

    def save(self, *, submission, actor, data):
        return variable_save(submission=submission, actor=actor, data=data)

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_variable_create",
        summary="Add a variable (MS-Var)",
        description="Adds a variable at the end of the list, checked as on the web: name, definition and data "
        "type are required (FP-KPA: source too).",
        request=VariableInputSerializer,
        responses={201: VariableSerializer, **errors(400, 401, 403, 404, 415, 429)},
    )
    def post(self, request, pk: int):
        return super().post(request, pk)


class IndicatorCreate(_RowCreate):
    input_serializer = IndicatorInputSerializer
    output_serializer = IndicatorSerializer

    def save(self, *, submission, actor, data):
        return indicator_save(submission=submission, actor=actor, data=data)

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_indicator_create",
        summary="Add an indicator (MS-Ind)",
        description="Adds an indicator at the end of the list, checked as on the web: name and definition are "
        "required; a composite indicator lists the indicators it combines.",
        request=IndicatorInputSerializer,
        responses={201: IndicatorSerializer, **errors(400, 401, 403, 404, 415, 429)},
    )
    def post(self, request, pk: int):
        return super().post(request, pk)


class SubmissionSubmit(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_submit",
        summary="Submit",
        description="Submits a complete draft (or a revision) to BPS, as the web's Submit button. Calling it "
        "again for a submission already submitted changes nothing and answers 200 with changed=false. "
        "Incomplete: 400 with what is missing per section key. Only verified members of the agency may submit.",
        request=None,
        responses={200: SubmitResultSerializer, **errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, pk: int):
        submission = submission_of(request, pk)
        context = {"request": request}
        refusal = submit_refusal(submission=submission, user=request.user)
        if refusal:
            raise refused(refusal)
        if not submission.is_editable:
            message = _("This submission was already submitted; nothing changed.")
            result = {"changed": False, "message": message, "submission": submission}
            return Response(SubmitResultSerializer(result, context=context).data)
        try:
            submission, changed = submission_submit_once(submission=submission, actor=request.user)
        except ValidationError as error:
            missing = {s.section.key: s.missing for s in submission_completeness(submission) if s.missing}
            raise ApiError(error.messages[0], code="incomplete", fields=missing) from None
        if not changed:  # a concurrent repeat submitted it first
            message = _("This submission was already submitted; nothing changed.")
            result = {"changed": False, "message": message, "submission": submission}
            return Response(SubmitResultSerializer(result, context=context).data)
        message = _("Submitted as number %(number)s to %(office)s. You will be told by e-mail about every step.") % {
            "number": submission.number,
            "office": submission.office.name,
        }
        result = {"changed": True, "message": message, "submission": submission}
        return Response(SubmitResultSerializer(result, context=context).data)


class SubmissionWithdraw(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_withdraw",
        summary="Withdraw",
        description="Tarik kembali, as on the web: the office stops the review and no letter is issued. Possible "
        "while submitted, under review or waiting for a revision, by verified members of the agency; a reason is "
        "required. Calling it again for a withdrawn submission answers 200 with changed=false. After a decision: "
        "409.",
        request=WithdrawInputSerializer,
        responses={200: SubmitResultSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
    )
    def post(self, request, pk: int):
        submission = submission_of(request, pk)
        context = {"request": request}
        if withdrawn_already(submission):
            message = _("This submission was already withdrawn; nothing changed.")
            return Response(
                SubmitResultSerializer(
                    {"changed": False, "message": message, "submission": submission}, context=context
                ).data
            )
        serializer = WithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        refusal = withdraw_refusal(submission=submission, user=request.user)
        if refusal:
            raise refused(refusal)
        submission, changed = submission_withdraw_once(
            submission=submission, actor=request.user, reason=serializer.validated_data["reason"]
        )
        if changed:
            message = _("Submission %(number)s has been withdrawn. %(office)s has been told.") % {
                "number": submission.number,
                "office": submission.office.name,
            }
        else:  # a concurrent repeat withdrew it first
            message = _("This submission was already withdrawn; nothing changed.")
        return Response(
            SubmitResultSerializer(
                {"changed": changed, "message": message, "submission": submission}, context=context
            ).data
        )


class SubmissionTimeline(generics.GenericAPIView):
    serializer_class = EventSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_timeline",
        summary="History",
        description="Every step so far, oldest first, in the agency's words (the web's History). A proposed "
        "decision shows as being approved until the letter is issued; internal staff steps are not listed.",
        responses={200: EventSerializer(many=True), **errors(401, 404, 429)},
    )
    def get(self, request, pk: int):
        submission = submission_of(request, pk)
        page = self.paginate_queryset(timeline_for(submission, staff=False))
        return self.get_paginated_response(EventSerializer(page, many=True).data)


def _signed_letter(request, submission) -> Letter | None:
    letter = signed_letter_of(submission)
    if letter is None or not request.user.has_perm("letters.download_letter", letter):
        return None
    return letter


class SubmissionLetter(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_letter",
        summary="Recommendation letter",
        description="Number, date and decision of the signed letter, with links to its PDF and its public "
        "verification page; issued=false (and nulls) until the head has signed it.",
        responses={200: LetterSerializer, **errors(401, 404, 429)},
    )
    def get(self, request, pk: int):
        submission = submission_of(request, pk)
        letter = _signed_letter(request, submission)
        if letter is None:
            data = dict.fromkeys(["number", "date", "decision", "decision_label", "download_url", "verify_url"])
            return Response(LetterSerializer({"issued": False, **data}).data)
        data = {
            "issued": True,
            "number": letter.number,
            "date": letter.letter_date,
            "decision": letter.decision,
            "decision_label": letter_decision_label(letter),
            "download_url": request.build_absolute_uri(reverse("api:submission_letter_pdf", kwargs={"pk": pk})),
            "verify_url": request.build_absolute_uri(reverse("letters:verify", args=[letter.verify_token])),
        }
        return Response(LetterSerializer(data).data)


class _AlwaysJson(BaseContentNegotiation):
    """The PDF is returned as is; errors are JSON whatever the client's Accept header asks for."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SubmissionLetterPdf(APIView):
    content_negotiation_class = _AlwaysJson

    @extend_schema(
        tags=[TAG],
        operation_id="pengajuan_letter_pdf",
        summary="Signed letter (PDF)",
        description="The signed PDF, checked against its SHA-256 at each download (409 if the stored file was "
        "changed). 404 until the letter is issued.",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The signed letter."),
            **errors(401, 404, 409, 429),
        },
    )
    def get(self, request, pk: int):
        submission = submission_of(request, pk)
        letter = _signed_letter(request, submission)
        if letter is None:
            raise ApiError(_("The letter has not been issued yet."), status_code=404, code="not_found")
        try:
            data = letter_file_checked(letter)
        except LetterTampered:
            raise ApiError(
                _("The stored letter does not match its signature record; the office has been told. Try again later."),
                status_code=409,
                code="tampered",
            ) from None
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{letter_file_name(letter)}"'
        response["Cache-Control"] = "private"
        return response
