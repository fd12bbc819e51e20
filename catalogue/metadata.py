"""The public metadata of one recommended activity: its MS-Keg answers grouped like the form, and as JSON.

MS-Keg JSON (`/katalog/<pk>/mskeg.json`), a stable shape (version in "schema"):

    {
      "schema": "romantik-mskeg-1",
      "id": 12, "url": "https://…/katalog/12/",
      "number": "6202-2026-00003",             # the submission number given by BPS
      "form": "fs3", "title": "…", "year": 2026,
      "agency": {"name": "…", "level": "kabkota"},
      "recommendation": {"number": "B-001/62020/VS.300/2026", "date": "2026-03-02",
                         "decision": "layak", "decision_label": "Layak"},
      "sections": [                            # the form's sections, public questions only
        {"key": "4", "title": "IV. Desain kegiatan",
         "questions": [{"question": "4.4", "field": "coverage", "label": "Cakupan wilayah",
                        "value": 2, "text": "2 Sebagian wilayah Indonesia"}, …]}, …],
      "variables": [{"name": …, "alias": …, "concept": …, "definition": …, …}],   # public ones only
      "indicators": [{"name": …, …}]                                              # public ones only
    }

"value" is language-neutral (official codes, lists of codes, ISO dates, regions as {"code", "name"}, numbers,
true/false, null when unanswered); "label" and "text" are in the reader's language. The header's questions
have no number ("question": null).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from handover.selectors import public_results
from romantik.models import Region
from submissions.answers import question_shown
from submissions.forms import MULTI_CHOICES
from submissions.models import Submission
from submissions.sections import SECTIONS

from .enums import Decision
from .selectors import (
    PUBLIC_FIELDS,
    PUBLIC_INDICATOR_FIELDS,
    PUBLIC_VARIABLE_FIELDS,
    public_indicators,
    public_variables,
)

SCHEMA = "romantik-mskeg-1"
EMPTY = "—"
_PUBLIC = frozenset(PUBLIC_FIELDS)


@dataclass
class PublicAnswer:
    field: str
    number: str | None
    label: str
    value: object  # language-neutral
    text: str  # as a reader sees it


@dataclass
class PublicSection:
    key: str
    title: str
    answers: list[PublicAnswer] = field(default_factory=list)


def _region(region: Region | None):
    return {"code": region.code, "name": region.display_name} if region is not None else None


def _neutral(submission, name: str):
    value = getattr(submission, name)
    if name == "coverage_regions":
        return [_region(r) for r in value.all()]
    if isinstance(value, Region):
        return _region(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def answer_text(submission, name: str) -> str:
    """A stored answer as the reader sees it: choice codes with their labels, Ya/Tidak, dates and regions named."""
    db_field = Submission._meta.get_field(name)
    value = getattr(submission, name)
    if name == "coverage_regions":
        return ", ".join(f"{r.code} {r.display_name}" for r in value.all()) or EMPTY
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, Region):
        return f"{value.code} {value.display_name}"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return formats.localize(value.normalize())
    if isinstance(value, list):
        labels = dict(MULTI_CHOICES[name].choices) if name in MULTI_CHOICES else {}
        return ", ".join(f"{code} {labels.get(code, '')}".strip() for code in value)
    if db_field.choices:
        return f"{value} {dict(db_field.choices).get(value, '')}".strip()
    return str(value)


def public_sections(submission) -> list[PublicSection]:
    """The public answers, grouped by the form's sections (tables apart), in the form's order."""
    result = []
    for section in SECTIONS:
        if section.table or not section.applies_to(submission):
            continue
        answers = [
            PublicAnswer(
                field=q.field,
                number=None if q.number == "–" else q.number,
                label=str(Submission._meta.get_field(q.field).verbose_name),
                value=_neutral(submission, q.field),
                text=answer_text(submission, q.field),
            )
            for q in section.questions_for(submission)
            if q.field in _PUBLIC and question_shown(submission, q)
        ]
        if answers:
            result.append(PublicSection(section.key, str(section.title), answers))
    return result


def _row(obj, names) -> dict:
    return {name: getattr(obj, name) for name in names}


def decision_label(value: str) -> str:
    return str(Decision(value).label) if value in Decision.values else value


def mskeg_json(submission, *, url: str) -> dict:
    """The document above for one public activity (from `selectors.public_activity`)."""
    entry = submission.catalogue_entry
    return {
        "schema": SCHEMA,
        "id": submission.pk,
        "url": url,
        "number": submission.number,
        "form": submission.kind,
        "title": submission.title,
        "year": submission.year,
        "agency": {"name": submission.agency.name, "level": submission.agency.level},
        "recommendation": {
            "number": entry.recommendation_number,
            "date": entry.recommendation_date.isoformat(),
            "decision": entry.decision,
            "decision_label": decision_label(entry.decision),
        },
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "questions": [
                    {"question": a.number, "field": a.field, "label": a.label, "value": a.value, "text": a.text}
                    for a in section.answers
                ],
            }
            for section in public_sections(submission)
        ],
        "variables": [_row(v, PUBLIC_VARIABLE_FIELDS) for v in public_variables(submission)],
        "indicators": [_row(i, PUBLIC_INDICATOR_FIELDS) for i in public_indicators(submission)],
        "results": results_json(submission),
    }


def results_json(submission) -> dict:
    """The hand-over of results (issue 19): handed over or not, the next due date, the public links."""
    results = public_results(submission)
    return {
        "handed_over": results.handed_over,
        "next_due": results.next_due.isoformat() if results.next_due else None,
        "links": [
            {"kind": link["kind"], "period": link["period"], "url": absolute_url(link["url"])} for link in results.links
        ],
    }


def absolute_url(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url
