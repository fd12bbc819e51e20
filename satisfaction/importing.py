"""Reading a CSV file of paper questionnaires: a header row, then one row per questionnaire with
the date, u1..u9 (1–4) and an optional comment. Comma or semicolon separated, UTF-8 with or without BOM.

Every row is checked; problems are reported with the line number as in the file (the header is line 1),
so the operator can fix them all in one go. Nothing is loaded from a file with problems (services.py)."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .enums import ELEMENT_FIELDS
from .services import MAX_COMMENT, PaperResponse

# Header names (case-insensitive) accepted for each column besides its own.
DATE_NAMES = {"date", "tanggal", "tgl"}
COMMENT_NAMES = {"comment", "komentar", "saran", "catatan"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self):
        # The fixed form of import_skm's report ("Baris N: …"), whatever the language of the message.
        return f"Baris {self.line}: {self.message}"


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file is not UTF-8 text: save it as “CSV UTF-8”.")) from None


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """{column: index} from the header row, and the problems of the header."""
    columns, problems = {}, []
    for index, raw in enumerate(header):
        name = raw.strip().casefold()
        if name in DATE_NAMES:
            name = "date"
        elif name in COMMENT_NAMES:
            name = "comment"
        if not name:
            continue
        if name not in ("date", "comment", *ELEMENT_FIELDS):
            problems.append(_("unknown column “%(name)s”") % {"name": raw.strip()})
        elif name in columns:
            problems.append(_("column %(name)s appears twice") % {"name": name})
        else:
            columns[name] = index
    missing = [name for name in ("date", *ELEMENT_FIELDS) if name not in columns]
    if missing:
        problems.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
    return columns, problems


def _date(text: str, today: datetime.date) -> tuple[datetime.date | None, str | None]:
    if not text:
        return None, _("the date is empty")
    for fmt in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if day > today:
            return None, _("the date %(date)s is in the future") % {"date": text}
        return day, None
    return None, _("“%(date)s” is not a date (YYYY-MM-DD or DD/MM/YYYY)") % {"date": text}


def _row(cells: list[str], columns: dict[str, int], today: datetime.date) -> tuple[PaperResponse | None, list[str]]:
    problems = []

    def cell(name: str) -> str | None:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else None

    if len(cells) > max(columns.values()) + 1 and any(c.strip() for c in cells[max(columns.values()) + 1 :]):
        problems.append(_("more values than columns in the header"))
    day, problem = _date(cell("date") or "", today)
    if problem:
        problems.append(problem)
    scores = []
    for name in ELEMENT_FIELDS:
        value = cell(name)
        if value is None:
            problems.append(_("%(column)s is missing") % {"column": name})
        elif value == "":
            problems.append(_("%(column)s is empty") % {"column": name})
        elif value not in ("1", "2", "3", "4"):
            problems.append(_("%(column)s is “%(value)s”, not a score from 1 to 4") % {"column": name, "value": value})
        else:
            scores.append(int(value))
    comment = cell("comment") or ""
    if len(comment) > MAX_COMMENT:
        problems.append(_("the comment is longer than %(max)d characters") % {"max": MAX_COMMENT})
    if problems:
        return None, problems
    return PaperResponse(answered_on=day, scores=tuple(scores), comment=comment), []


def skm_csv_read(content: bytes, *, today: datetime.date) -> tuple[list[PaperResponse], list[Problem]]:
    """The questionnaires of a CSV file and the problems found; with any problem, use none of them."""
    try:
        text = _decode(content)
    except ValueError as error:
        return [], [Problem(1, str(error))]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, problems = [], []
    columns = None
    line = 1  # where the next record starts
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank lines are allowed anywhere
            if columns is None:
                columns, header_problems = _columns(cells)
                problems += [Problem(start, p) for p in header_problems]
                if header_problems:
                    return [], problems  # without the header, the rows cannot be read
                continue
            row, row_problems = _row(cells, columns, today)
            if row_problems:
                problems.append(Problem(start, "; ".join(row_problems)))
            else:
                rows.append(row)
    except csv.Error as error:
        problems.append(Problem(reader.line_num, _("the CSV cannot be read here (%(error)s)") % {"error": error}))
    if columns is None:
        problems.append(Problem(1, _("the file is empty: it needs a header row and one row per questionnaire")))
    elif not rows and not problems:
        problems.append(Problem(2, _("there is no questionnaire under the header row")))
    return ([] if problems else rows), problems
