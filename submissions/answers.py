"""The form as answered: which questions a submission shows, its answers as a reader sees them, and its
variables as rows. One module for every page that shows a submission's answers: the staff review page, the
letter's lampiran, the round diff (submissions/snapshots.py), the public catalogue's metadata and the API.

Stored values are language-neutral (official codes, ISO dates, region codes); they become labels only here,
in the reader's language."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import formats
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from classifications.selectors import classification_names
from romantik.kept import Kept
from romantik.models import Region

from .forms import MULTI_CHOICES, section_form
from .models import Submission, Variable
from .sections import Question, sections_for

EMPTY = "—"
# The columns of a variable (MS-Var) and of an indicator (MS-Ind), in the form's order.
VARIABLE_FIELDS = (
    "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
    "classification", "standard_classification", "validation_rule", "question_text", "public", "source",
)  # fmt: skip
INDICATOR_FIELDS = (
    "name", "concept", "definition", "method", "measure", "unit", "presentation_classification", "composite",
    "building_indicators", "building_variables", "estimation_level", "public",
)  # fmt: skip


# --- which questions ---------------------------------------------------------------------------------------


def question_shown(submission: Submission, question: Question) -> bool:
    """A conditional question (4.2 when 4.1 is 'berulang', …) is shown only when its condition holds."""
    return question.shown_with(lambda name: getattr(submission, name))


# --- values ------------------------------------------------------------------------------------------------


def plain_value(value):
    """A stored answer, language-neutral: ISO dates, plain decimals, regions by their code."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if hasattr(value, "pk") and hasattr(value, "code"):  # a Region
        return value.code
    return value


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def is_region_field(db_field) -> bool:
    return getattr(db_field, "related_model", None) is Region


def list_labels(db_field, value, regions: dict[str, str]) -> list[str]:
    """The items of a list answer (multi-select codes, region codes) as the reader sees them."""
    if is_region_field(db_field):
        return [regions.get(code, code) for code in value]
    enum = MULTI_CHOICES.get(db_field.name)
    labels = dict(enum.choices) if enum else {}
    return [str(labels.get(v, v)) for v in value]


def value_display(db_field, value, regions: dict[str, str] | None = None) -> str:
    """A stored (plain) value as the reader sees it: choice labels, Ya/Tidak, dates written out, regions named."""
    regions = regions or {}
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return ", ".join(list_labels(db_field, value, regions))
    if is_region_field(db_field):
        return regions.get(value, value)
    if getattr(db_field, "name", "") == "standard_classification":  # a variable's (issue 22): by its name
        return classification_names().get(value, value)
    if isinstance(db_field, models.DateField) and isinstance(value, str):
        return date_format(date.fromisoformat(value), "j F Y")
    if isinstance(db_field, models.DecimalField) and isinstance(value, str | int | float):
        return formats.number_format(Decimal(str(value)).normalize())  # 0,05 as typed, not 0.050000
    choices = dict(db_field.choices) if getattr(db_field, "choices", None) else {}
    if choices:
        return f"{value} {choices.get(value, '')}".strip()
    return str(value)


def answer_display(submission: Submission, name: str) -> str:
    """An answer as the agency gave it: choice codes with their labels, Ya/Tidak, dates and regions by name."""
    value = getattr(submission, name)
    if name == "coverage_regions":
        return ", ".join(str(region) for region in value.all()) or EMPTY
    if isinstance(value, Region):
        return str(value)
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return formats.localize(value.normalize())
    return value_display(Submission._meta.get_field(name), value)


# --- the form, section by section --------------------------------------------------------------------------


@dataclass
class AnswerRow:
    field: str
    label: str
    value: str
    notes: list = field(default_factory=list)  # the reviewers' notes on this question


@dataclass
class SectionAnswers:
    section: object
    answers: list[AnswerRow] = field(default_factory=list)
    notes: list = field(default_factory=list)  # on the whole section (or a question no longer shown)
    note_count: int = 0
    note_form: object = None  # the review page's form for a new note (review/views/detail.py)


def _answered(submission: Submission) -> list[tuple[object, list[tuple[str, str, str]]]]:
    """Each section that applies with its shown questions' (field, label, answer)."""
    answered = []
    for section in sections_for(submission):
        rows = []
        if not section.table:
            # Only the labels are needed: read from the form class, no form built per section (national bench).
            form_class = section_form(section, submission)
            for question in form_class.questions:
                if question_shown(submission, question):
                    label = str(form_class.label_of(question))
                    rows.append((question.field, label, answer_display(submission, question.field)))
        answered.append((section, rows))
    return answered


def _placed(answered, notes) -> list[SectionAnswers]:
    """The sections with their answers and `notes` placed next to the question they are about, or on the section."""
    by_section: dict[str, list] = {}
    for note in notes:
        by_section.setdefault(note.section, []).append(note)
    views = []
    for section, answers in answered:
        view = SectionAnswers(section, [AnswerRow(field, label, value) for field, label, value in answers])
        section_notes = by_section.get(section.key, [])
        view.note_count = len(section_notes)
        rows = {row.field: row for row in view.answers}
        for note in section_notes:
            if note.field in rows:
                note.question_label = rows[note.field].label
                rows[note.field].notes.append(note)
            else:
                view.notes.append(note)
        views.append(view)
    return views


def section_answers(submission: Submission, notes) -> list[SectionAnswers]:
    """Every section that applies to the submission with its shown questions' answers, and `notes` (the
    reviewers' section notes) placed next to the question they are about, or on the section."""
    return _placed(_answered(submission), notes)


# The answers kept per version of a submission (`section_answers_kept`), per process: 500 submissions at most, a
# form's answers being a few hundred short strings.
_kept = Kept(ttl=600, most=500)


def section_answers_kept(submission: Submission, notes) -> list[SectionAnswers]:
    """`section_answers` of a submission as stored (the review page, issue 20), its answers worked out once per
    version: the key holds the submission's pk and `updated_at` (every save of its form, its regions with it,
    bumps it) and the language (labels, dates, numbers); the notes are placed afresh on each call. What is not in
    the key (a region's name) is kept at most ten minutes."""
    if submission.pk is None or submission.updated_at is None:
        return section_answers(submission, notes)
    answered = _kept.get((submission.pk, submission.updated_at, get_language()), lambda: _answered(submission))
    return _placed(answered, notes)


def variable_rows(submission: Submission) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each variable's name with its filled columns as (label, value)."""
    rows = []
    standard = classification_names()
    for variable in submission.variables.all():
        details = []
        for name in VARIABLE_FIELDS[1:]:
            value = variable.get_data_type_display() if name == "data_type" else getattr(variable, name)
            if name == "standard_classification" and value:
                value = standard.get(value, value)
            if isinstance(value, bool):
                value = yes_no(value)
            if value not in ("", None):
                details.append((str(Variable._meta.get_field(name).verbose_name), str(value)))
        rows.append((variable.name, details))
    return rows
