"""The LAMPIRAN of the letter: the form as approved (submissions.answers, the form as answered), section by
section, with its variables (MS-Var), its indicators (MS-Ind) and the list of its attachments. Not the review's
conversation (the reviewers' notes and the agency's replies): that stays in the portal's history.

`lampiran_blocks(submission)` gives the template (templates/letters/letter.html, part "lampiran") one block per
section, in the form's order: "answers" (question rows) or "items" (one paragraph each: a variable, an indicator,
an attachment)."""

from dataclasses import dataclass, field

from submissions.answers import INDICATOR_FIELDS, section_answers, variable_rows, yes_no
from submissions.models import Indicator
from submissions.sections import SECTIONS


@dataclass
class Block:
    title: str
    kind: str  # "answers" or "items"
    rows: list = field(default_factory=list)
    empty: str = ""


def _numbers() -> dict[str, str]:
    return {q.field: q.number for s in SECTIONS for q in s.questions if q.number != "–"}


def indicator_rows(submission) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each indicator's name with its filled columns as (label, value), like submissions.answers.variable_rows."""
    rows = []
    for indicator in submission.indicators.all():
        details = []
        for name in INDICATOR_FIELDS[1:]:
            value = getattr(indicator, name)
            if isinstance(value, bool):
                value = yes_no(value)
            if value not in ("", None):
                details.append((str(Indicator._meta.get_field(name).verbose_name), str(value)))
        rows.append((indicator.name, details))
    return rows


def attachment_rows(submission) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = []
    for attachment in submission.attachments.order_by("pk"):
        details = [("Berkas", attachment.original_name)]
        if attachment.description:
            details.append(("Keterangan", attachment.description))
        rows.append((attachment.get_kind_display(), details))
    return rows


TABLES = {
    "variables": (variable_rows, "Tidak ada variabel."),
    "indicators": (indicator_rows, "Tidak ada indikator."),
    "attachments": (attachment_rows, "Tidak ada berkas lampiran."),
}


def lampiran_blocks(submission) -> list[Block]:
    """Every section that applies to the submission, without notes, in the form's order."""
    numbers = _numbers()
    blocks = []
    for view in section_answers(submission, notes=[]):
        section = view.section
        if section.table:
            rows_of, empty = TABLES[section.key]
            blocks.append(Block(str(section.title), "items", rows_of(submission), empty))
            continue
        if not view.answers:
            continue
        for row in view.answers:
            # Most labels carry their number already ("1.1 Instansi penyelenggara"): the number goes in its column.
            row.number = numbers.get(row.field, "")
            row.text = row.label[len(row.number) :].strip() if row.label.startswith(row.number) else row.label
        blocks.append(Block(str(section.title), "answers", view.answers))
    return blocks
