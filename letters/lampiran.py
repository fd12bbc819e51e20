"""The LAMPIRAN of the letter: the form as approved (submissions.answers, the form as answered), section by
section, with its variables (MS-Var), its indicators (MS-Ind) and the list of its attachments. Not the review's
conversation (the reviewers' notes and the agency's replies): that stays in the portal's history.

`lampiran_blocks(submission)` gives the template (templates/letters/letter.html, part "lampiran") one block per
section, in the form's order: "answers" (question rows) or "items" (one paragraph each: a variable, an indicator,
an attachment; their text single-spaced, as the template sets them with `white-space: pre-wrap`: cheaper lines).

A lampiran of many items (2,000 variables: the import's maximum) is rendered in parts at once (letters.rendering:
one process each): `lampiran_parts(blocks, count)` cuts the blocks into `count` parts of about as many rows, cutting
a block of items between two items (the part after the cut carries on its numbering, without the title again)."""

from dataclasses import dataclass, field, replace

from submissions.answers import INDICATOR_FIELDS, section_answers, variable_rows, yes_no
from submissions.models import Indicator
from submissions.sections import SECTIONS


@dataclass
class Block:
    title: str
    kind: str  # "answers" or "items"
    rows: list = field(default_factory=list)
    empty: str = ""
    start: int = 0  # the number of items before these rows (a block cut between parts: letters.rendering)
    continued: bool = False  # the rest of a block cut between parts: no title again

    def part(self, begin: int, end: int) -> "Block":
        """The rows [begin, end) of this block, numbered on from the rows before them."""
        if (begin, end) == (0, len(self.rows)):
            return self
        return replace(self, rows=self.rows[begin:end], start=self.start + begin, continued=self.continued or begin > 0)


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


def _single_spaced(text: str) -> str:
    return " ".join(text.split())


def _one_line(rows: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The items' text with its white space collapsed (line breaks, tabs, runs of spaces: one space), as the
    template sets an item with `white-space: pre-wrap` (the cheaper line breaking: templates/letters/letter.html)."""
    return [
        (_single_spaced(name), [(_single_spaced(label), _single_spaced(value)) for label, value in details])
        for name, details in rows
    ]


def lampiran_blocks(submission) -> list[Block]:
    """Every section that applies to the submission, without notes, in the form's order."""
    numbers = _numbers()
    blocks = []
    for view in section_answers(submission, notes=[]):
        section = view.section
        if section.table:
            rows_of, empty = TABLES[section.key]
            blocks.append(Block(str(section.title), "items", _one_line(rows_of(submission)), empty))
            continue
        if not view.answers:
            continue
        for row in view.answers:
            # Most labels carry their number already ("1.1 Instansi penyelenggara"): the number goes in its column.
            row.number = numbers.get(row.field, "")
            row.text = row.label[len(row.number) :].strip() if row.label.startswith(row.number) else row.label
        blocks.append(Block(str(section.title), "answers", view.answers))
    return blocks


def lampiran_parts(blocks: list[Block], count: int, first_share: float = 1.0) -> list[list[Block]]:
    """`blocks` in `count` parts (fewer when there are few rows) of about as many rows each, the first `first_share`
    times as many (its process has more to do besides), in order: a part ends between two blocks or between two
    items of a block of items (never inside a table of answers)."""
    count = max(1, count)
    size = sum(len(block.rows) for block in blocks) / (first_share + count - 1)
    target = size * first_share
    parts, current, filled = [], [], 0
    for block in blocks:
        if current and filled >= target and len(parts) < count - 1:
            parts.append(current)
            current, filled, target = [], 0, size
        begin = 0
        if block.kind == "items":
            while len(parts) < count - 1 and filled + len(block.rows) - begin > target:
                end = begin + max(1, round(target - filled))
                current.append(block.part(begin, end))
                parts.append(current)
                current, filled, begin, target = [], 0, end, size
        if begin < len(block.rows) or not block.rows:
            current.append(block.part(begin, len(block.rows)))
            filled += len(block.rows) - begin
    if current:
        parts.append(current)
    return parts
