"""The form, declared once: sections, their questions, numbering and when each applies.

Section forms, the completeness panel, the blank-form PDF and the overview
are all generated from this list, so a question is added or moved in one place.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from romantik.enums import AgencyLevel

from .enums import CollectionWay, Kind
from .models import PHASES, Submission

ALL_KINDS = frozenset(Kind.values)


@dataclass(frozen=True)
class Question:
    field: str
    number: str
    required: bool = True
    # Client and server: shown (and required) only when another field of the same
    # section has one of these values, e.g. ("repetition", {"2"}).
    when: tuple[str, frozenset[str]] | None = None
    # Server only: applies to this submission at all (its kind, other sections' answers).
    applies: Callable[[Submission], bool] | None = None
    # Not shown to these kinds.
    kinds: frozenset[str] = ALL_KINDS

    def applies_to(self, submission: Submission) -> bool:
        return submission.kind in self.kinds and (self.applies is None or self.applies(submission))

    def shown_with(self, answer_of: Callable[[str], object]) -> bool:
        """The conditional-question rule, the one place it is written: shown when it has no condition, or when
        the answer it depends on (`answer_of(field)`: a form's cleaned data, a stored submission) is one of
        its values."""
        if not self.when:
            return True
        other, values = self.when
        value = answer_of(other)
        return value is not None and str(value) in values


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...] = ()
    kinds: frozenset[str] = ALL_KINDS
    applies: Callable[[Submission], bool] | None = None
    # Not applicable, explained to the user (e.g. why block V is absent).
    description: str = ""
    # Variables, indicators, attachments: tables with their own pages.
    table: bool = False

    def applies_to(self, submission: Submission) -> bool:
        return submission.kind in self.kinds and (self.applies is None or self.applies(submission))

    def questions_for(self, submission: Submission) -> list[Question]:
        return [q for q in self.questions if q.applies_to(submission)]


def _when(field_name: str, *values) -> tuple[str, frozenset[str]]:
    return (field_name, frozenset(str(v) for v in values))


def _is_local_government(submission: Submission) -> bool:
    return submission.agency.level != AgencyLevel.CENTRAL


def _uses_field_officers(submission: Submission) -> bool:
    return submission.uses_field_officers


def _asks_respondents(submission: Submission) -> bool:
    """6.8 (respondent burden, issue 22): a survey or a census asks respondents; a compilation does not."""
    return submission.kind == Kind.FS3 or submission.collection_way in (CollectionWay.CENSUS, CollectionWay.SURVEY)


SURVEY_KINDS = frozenset({Kind.FS3, Kind.MSKEG})

SECTIONS: tuple[Section, ...] = (
    Section(
        "header",
        _("Header"),
        (
            Question("title", "–"),
            Question("year", "–"),
            Question("statistics_type", "–"),
            # FS3 is always a survey and FP-KPA always a compilation: set when the form is started.
            Question("collection_way", "–", kinds=frozenset({Kind.MSKEG})),
            Question("sector", "–"),
            Question("previous_recommendation", "–", required=False),
        ),
    ),
    Section(
        "1",
        _("I. Organiser"),
        (
            Question("organizer_name", "1.1"),
            Question("organizer_address", "1.2"),
            Question("organizer_province", "1.2"),
            Question("organizer_regency", "1.2", required=False),
            Question("organizer_phone", "1.2"),
            Question("organizer_fax", "1.2", required=False),
            Question("organizer_email", "1.2"),
        ),
    ),
    Section(
        "2",
        _("II. Person responsible"),
        (
            Question("unit_eselon1", "2.1", required=False),
            Question("unit_eselon2", "2.1"),
            Question("tech_name", "2.2"),
            Question("tech_position", "2.2"),
            Question("tech_address", "2.2", required=False),
            Question("tech_phone", "2.2"),
            Question("tech_fax", "2.2", required=False),
            Question("tech_email", "2.2"),
            Question("walidata_unit", "2.3", required=False, applies=_is_local_government),
            Question("walidata_email", "2.3", required=False, applies=_is_local_government),
        ),
    ),
    Section(
        "3",
        _("III. Planning and preparation"),
        (
            Question("background", "3.1"),
            Question("objective", "3.2"),
            *(Question(f"{key}_{end}", "3.3") for key, _label in PHASES for end in ("start", "end")),
        ),
    ),
    Section(
        "4",
        _("IV. Activity design"),
        (
            Question("repetition", "4.1"),
            Question("frequency", "4.2", when=_when("repetition", 2)),
            Question("collection_type", "4.3"),
            Question("coverage", "4.4"),
            Question("coverage_regions", "4.5", when=_when("coverage", 2)),
            Question("collection_methods", "4.6"),
            Question("collection_means", "4.7"),
            Question("collection_units", "4.8"),
        ),
    ),
    Section(
        "5",
        _("V. Sample design"),
        (
            Question("sample_design", "5.1"),
            Question("sample_selection", "5.2"),
            Question("sample_method", "5.3"),
            Question("sample_frame", "5.4"),
            Question("sample_fraction", "5.5"),
            Question("sampling_error", "5.6", when=_when("sample_selection", 1)),
            Question("sample_unit", "5.7"),
            Question("observation_unit", "5.8"),
        ),
        kinds=SURVEY_KINDS,
        applies=lambda s: s.is_survey,
        description=_("Only for surveys: for MS-Keg it appears when the header says the data are collected by survey."),
    ),
    Section(
        "6",
        _("VI. Data collection"),
        (
            Question("pilot", "6.1", kinds=SURVEY_KINDS),
            Question("quality_checks", "6.2"),
            Question("nonresponse_adjustment", "6.3", kinds=SURVEY_KINDS),
            Question("collectors", "6.4", applies=_uses_field_officers),
            Question("min_education", "6.5", applies=_uses_field_officers),
            Question("supervisors_count", "6.6", applies=_uses_field_officers),
            Question("enumerators_count", "6.6", applies=_uses_field_officers),
            Question("training", "6.7", applies=_uses_field_officers),
            Question("respondents_count", "6.8", required=False, kinds=SURVEY_KINDS, applies=_asks_respondents),
            Question("questionnaire_minutes", "6.8", required=False, kinds=SURVEY_KINDS, applies=_asks_respondents),
        ),
        description=_("Questions 6.4–6.7 appear when 4.7 includes PAPI, CAPI or CATI."),
    ),
    Section(
        "7",
        _("VII. Processing and analysis"),
        (
            Question("editing", "7.1"),
            Question("coding", "7.1"),
            Question("data_entry", "7.1"),
            Question("validation", "7.1"),
            Question("analysis_method", "7.2"),
            Question("analysis_units", "7.3"),
            Question("presentation_levels", "7.4"),
        ),
    ),
    Section(
        "8",
        _("VIII. Dissemination of results"),
        (
            Question("publish_print", "8.1"),
            Question("publish_print_date", "8.1", when=_when("publish_print", True)),
            Question("publish_digital", "8.2"),
            Question("publish_digital_date", "8.2", when=_when("publish_digital", True)),
            Question("publish_microdata", "8.3"),
            Question("publish_microdata_date", "8.3", when=_when("publish_microdata", True)),
        ),
    ),
    Section("variables", _("Variables (MS-Var)"), table=True),
    Section("indicators", _("Indicators (MS-Ind)"), table=True),
    Section("attachments", _("Attachments"), table=True),
)

SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}


def sections_for(submission: Submission) -> list[Section]:
    return [s for s in SECTIONS if s.applies_to(submission)]


def sections_for_kind(kind: str) -> list[Section]:
    """For the blank form: every section the kind can have (block V included for MS-Keg)."""
    return [s for s in SECTIONS if kind in s.kinds]


@dataclass
class SectionStatus:
    section: Section
    missing: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def complete(self) -> bool:
        return not self.missing
