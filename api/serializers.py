"""What the API reads and writes. Output serializers are read-only views of the models; input serializers
check the shape and types of JSON, and the web's forms and services then apply the same rules as the pages."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from submissions.enums import AttachmentKind, DataType, Kind
from submissions.models import Attachment, Indicator, Variable
from submissions.sections import SECTIONS
from submissions.states import DECISION_STATES, State, agency_state_label

from .answers import text_problem

# The states an agency sees: a proposed decision (layak / tidak layak) reads as still under review
# until the head approves it and the letter is issued.
AGENCY_STATES = [
    (State.DRAFT.value, State.DRAFT.label),
    (State.SUBMITTED.value, State.SUBMITTED.label),
    (State.IN_REVIEW.value, State.IN_REVIEW.label),
    (State.NEEDS_REVISION.value, State.NEEDS_REVISION.label),
    (State.ISSUED.value, State.ISSUED.label),
    (State.WITHDRAWN.value, State.WITHDRAWN.label),
    (State.CLOSED.value, State.CLOSED.label),
]
QUESTION_SECTIONS = [(s.key, s.title) for s in SECTIONS if not s.table]
EVENT_KINDS = [("created", "created"), ("transition", "transition")]
DECISIONS = [(State.FEASIBLE.value, State.FEASIBLE.label), (State.NOT_FEASIBLE.value, State.NOT_FEASIBLE.label)]


def agency_state(state: str) -> str:
    return State.IN_REVIEW.value if state in DECISION_STATES else state


class Text(serializers.CharField):
    """A CharField that also refuses what cannot be stored (NUL, lone surrogates)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        problem = text_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


# --- errors ------------------------------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable word for programs, e.g. invalid, not_found, throttled.")
    message = serializers.CharField(help_text="One sentence for a person (Indonesian; English with Accept-Language).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; empty when the error is not about one field.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "Bad input: see error.fields.",
    401: "No token, or a token that is not valid (WWW-Authenticate: Bearer).",
    403: "Not allowed for this user or in this state.",
    404: "Not found, or not one of your agency's submissions.",
    405: "Method not allowed.",
    406: "Only JSON can be answered.",
    409: "The submission changed meanwhile (for example it was submitted in another window).",
    413: "Too large.",
    415: "Content type not accepted.",
    429: "Too many requests: wait the seconds given in Retry-After.",
}


def errors(*codes: int) -> dict:
    """Error responses for extend_schema: every one has the same JSON shape."""
    return {code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in codes}


# --- submissions -------------------------------------------------------------------------------


class OfficeRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField(allow_null=True, help_text="Given by BPS when submitted.")
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    round = serializers.IntegerField()
    channel = serializers.CharField(help_text="online, or offline when recorded at the PST front desk.")
    office = OfficeRefSerializer()
    created_by = serializers.CharField(help_text="Name of the agency user who started it.")
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=AGENCY_STATES))
    def get_state(self, obj) -> str:
        return agency_state(obj.state)

    def get_state_label(self, obj) -> str:
        return agency_state_label(obj.state)

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:submission", kwargs={"pk": obj.pk}))


class SectionStatusSerializer(serializers.Serializer):
    key = serializers.CharField(source="section.key")
    title = serializers.CharField(source="section.title")
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())


class AttachmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField(source="original_name")

    class Meta:
        model = Attachment
        fields = ["id", "kind", "kind_label", "name", "size", "description", "uploaded_at"]


class VariableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Variable
        fields = ["id", "position", *Variable.FORM_FIELDS]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "position", *Indicator.FORM_FIELDS]


class NoteSerializer(serializers.Serializer):
    """A reviewer's note of a round returned for revision, as the agency's overview page shows it."""

    id = serializers.IntegerField(source="pk")
    round = serializers.IntegerField()
    section = serializers.CharField()
    section_title = serializers.CharField()
    question = serializers.CharField(source="question_label")
    text = serializers.CharField()
    response = serializers.CharField()
    addressed = serializers.SerializerMethodField()

    def get_addressed(self, obj) -> bool:
        return obj.addressed_at is not None


class SubmissionDetailSerializer(SubmissionSerializer):
    answers = serializers.DictField(
        child=serializers.DictField(),
        help_text="Answers per section key, then per question field. Regions are BPS codes, dates ISO 8601.",
    )
    sections = SectionStatusSerializer(many=True, help_text="What is still missing in each section.")
    unsaved_sections = serializers.ListField(
        child=serializers.CharField(), help_text="Sections whose last input had errors and was kept unsaved."
    )
    complete = serializers.BooleanField()
    cover_letter_number = serializers.CharField(
        help_text="The number of the agency's cover letter (surat pengantar), cited by the recommendation letter; "
        "empty until entered."
    )
    cover_letter_date = serializers.DateField(allow_null=True, help_text="The cover letter's date.")
    attachments = AttachmentSerializer(many=True)
    variables = VariableSerializer(many=True)
    indicators = IndicatorSerializer(many=True)
    notes = NoteSerializer(many=True, source="api_notes")
    can_edit = serializers.BooleanField()
    can_submit = serializers.BooleanField()
    web_url = serializers.CharField()


class SubmissionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = Text(max_length=250, required=False, allow_blank=True, default="")


class SectionUpdateSerializer(serializers.Serializer):
    section = serializers.ChoiceField(
        choices=QUESTION_SECTIONS, help_text="The section to save (variables, indicators, attachments have their own)."
    )
    data = serializers.DictField(
        help_text="Answers of that section by question field; left out: kept; null: cleared. "
        "Single choices and multi-selects take the official codes, regions their BPS codes, dates YYYY-MM-DD."
    )


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField(help_text="A PDF; checked by its content, not its name.")
    description = Text(max_length=200, required=False, allow_blank=True, default="")
    cover_letter_number = Text(
        required=False,
        allow_blank=True,
        default="",
        help_text="With kind surat_pengantar: the number written on the cover letter (at most 100 characters). "
        "The number and date are required to submit; sent together, they replace the ones recorded.",
    )
    cover_letter_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="With kind surat_pengantar: its date, not later than today.",
    )


class VariableInputSerializer(serializers.Serializer):
    """MS-Var row. Checked by the web's variable form: name, definition and data type are required,
    source too for FP-KPA."""

    name = Text(max_length=200, required=False, allow_blank=True)
    alias = Text(max_length=100, required=False, allow_blank=True)
    concept = Text(required=False, allow_blank=True)
    definition = Text(required=False, allow_blank=True)
    selection_reference = Text(max_length=200, required=False, allow_blank=True)
    time_reference = Text(max_length=200, required=False, allow_blank=True)
    data_type = serializers.ChoiceField(choices=DataType.choices, required=False)
    classification = Text(max_length=200, required=False, allow_blank=True)
    standard_classification = Text(
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="A standard BPS classification's code, as the web form offers them (kbli2020, kbji2014, wilayah).",
    )
    validation_rule = Text(max_length=250, required=False, allow_blank=True)
    question_text = Text(required=False, allow_blank=True)
    public = serializers.BooleanField(required=False, default=True)
    source = Text(max_length=200, required=False, allow_blank=True)


class IndicatorInputSerializer(serializers.Serializer):
    """MS-Ind row. Checked by the web's indicator form: name and definition are required."""

    name = Text(max_length=200, required=False, allow_blank=True)
    concept = Text(required=False, allow_blank=True)
    definition = Text(required=False, allow_blank=True)
    method = Text(required=False, allow_blank=True)
    measure = Text(max_length=100, required=False, allow_blank=True)
    unit = Text(max_length=100, required=False, allow_blank=True)
    presentation_classification = Text(max_length=200, required=False, allow_blank=True)
    composite = serializers.BooleanField(required=False, default=False)
    building_indicators = Text(required=False, allow_blank=True)
    building_variables = Text(required=False, allow_blank=True)
    estimation_level = Text(max_length=100, required=False, allow_blank=True)
    public = serializers.BooleanField(required=False, default=True)


class SubmitResultSerializer(serializers.Serializer):
    changed = serializers.BooleanField(help_text="false when it was already submitted: nothing happened.")
    message = serializers.CharField()
    submission = SubmissionSerializer()


class WithdrawInputSerializer(serializers.Serializer):
    reason = Text(max_length=2000, help_text="Why the submission is withdrawn; the office reads this.")


class EventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=EVENT_KINDS)
    label = serializers.CharField(help_text="The step in the agency's words.")
    actor = serializers.CharField()
    note = serializers.CharField()
    state = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=AGENCY_STATES, allow_null=True))
    def get_state(self, obj) -> str | None:
        return agency_state(obj.state) if obj.state else None


class LetterSerializer(serializers.Serializer):
    issued = serializers.BooleanField(help_text="true once the head has signed the letter.")
    number = serializers.CharField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    decision = serializers.ChoiceField(choices=DECISIONS, allow_null=True)
    decision_label = serializers.CharField(allow_null=True)
    download_url = serializers.CharField(allow_null=True, help_text="The signed PDF (with the same token).")
    verify_url = serializers.CharField(allow_null=True, help_text="The public page that verifies the letter.")
