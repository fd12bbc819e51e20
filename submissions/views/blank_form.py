"""The blank form of a kind as a PDF, with the explanation of every question: the softcopy the front
desk gives walk-ins. Generated from `sections.SECTIONS` and the models' labels and help texts, so it
always matches the online form. Public; rendered in the active language; nothing touches the disk or
the network (WeasyPrint may fetch no resource at all)."""

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..attachments import attachment_kinds_required
from ..enums import AttachmentKind, Kind
from ..forms import MULTI_CHOICES, YES_NO
from ..models import PHASES, Indicator, Submission, Variable
from ..sections import SECTIONS, SECTIONS_BY_KEY, Question, Section, sections_for_kind

PHASE_FIELDS = {f"{key}_{end}" for key, _label in PHASES for end in ("start", "end")}
TABLE_EXCLUDED = {"id", "submission", "position"}


def _field(name: str) -> models.Field:
    return Submission._meta.get_field(name)


def _number_of(field_name: str) -> str:
    return next((q.number for s in SECTIONS for q in s.questions if q.field == field_name), "")


def _choices(answer_type: str, choices) -> dict:
    """Options with their official codes (text codes such as 'numerik' are not shown: they are no BPS codes).
    Long lists take the full width of the page, in three columns."""
    choices = [(code, label) for code, label in choices if code != ""]
    count = len(choices)
    layout = "list" if count <= 5 else "columns" if count <= 8 else "wide"
    codes = all(isinstance(code, int) for code, _label in choices)
    return {"type": answer_type, "choices": choices, "codes": codes, "layout": layout}


def _answer(db_field: models.Field) -> dict:
    """How the question is answered on paper: which boxes, lines or choices."""
    name = db_field.name
    if name in MULTI_CHOICES:
        return _choices("multi", MULTI_CHOICES[name].choices)
    if db_field.choices:
        return _choices("choice", db_field.choices)
    if isinstance(db_field, models.BooleanField):
        return {"type": "yesno", "choices": YES_NO, "codes": False, "layout": "inline"}
    if isinstance(db_field, models.DateField):
        return {"type": "date"}
    if isinstance(db_field, models.IntegerField | models.DecimalField):
        return {"type": "number"}
    if isinstance(db_field, models.ManyToManyField):
        return {"type": "lines", "line_range": range(4)}
    if isinstance(db_field, models.TextField):
        return {"type": "lines", "line_range": range(4)}
    return {"type": "lines", "line_range": range(1)}


def _value_label(db_field: models.Field, value: str) -> str:
    if isinstance(db_field, models.BooleanField):
        return str(dict(YES_NO)[value == "True"])
    labels = {str(code): label for code, label in (db_field.choices or [])}
    return str(labels.get(value, value))


def _condition(question: Question, kind: str) -> str:
    """When the question applies, in words: '4.2 only if 4.1 = Repeated'."""
    if question.when:
        other, values = question.when
        answers = " / ".join(_value_label(_field(other), value) for value in sorted(values))
        return _("Only if %(number)s = %(answer)s") % {"number": _number_of(other), "answer": answers}
    if question.applies is None:
        return ""
    # `applies` is code; the blank form names the known conditions.
    name = getattr(question.applies, "__name__", "")
    if name == "_uses_field_officers":
        return _("Only if %(number)s includes PAPI, CAPI or CATI") % {"number": _number_of("collection_means")}
    if name == "_is_local_government":
        return _("Only for provincial and regency/city governments")
    return _("Only in some cases: see the note on this block")


def _items(section: Section, kind: str) -> list[dict]:
    """The questions of a section for this kind; the seven phases of 3.3 become one schedule table."""
    items, schedule = [], None
    previous_number = None
    for question in section.questions:
        if kind not in question.kinds:
            continue
        if question.field in PHASE_FIELDS:
            if schedule is None:
                schedule = {
                    "number": question.number,
                    "label": _("Planned schedule"),
                    "help": _(
                        "The start and end date of each phase. The phases follow this order; "
                        "no phase ends before it starts."
                    ),
                    "required": question.required,
                    "condition": "",
                    "answer": {"type": "schedule", "phases": [label for _key, label in PHASES], "layout": "wide"},
                }
                items.append(schedule)
            previous_number = question.number
            continue
        db_field = _field(question.field)
        number = "" if question.number in ("–", previous_number) else question.number
        previous_number = question.number
        items.append(
            {
                "number": number,
                "label": db_field.verbose_name,
                "help": db_field.help_text,
                "required": question.required,
                "condition": _condition(question, kind),
                "answer": _answer(db_field),
            }
        )
    return items


def _section_note(section: Section, kind: str) -> str:
    """The block's own note, unless the block always applies to this kind (block V on FS3)."""
    if not section.description:
        return ""
    if section.applies is not None:
        try:
            if section.applies(Submission(kind=kind)):
                return ""
        except Exception:  # a condition that needs a saved submission: keep the note
            return section.description
    return section.description


def _table_columns(model: type[models.Model], kind: str) -> list[dict]:
    columns = []
    for db_field in model._meta.get_fields():
        if not db_field.concrete or db_field.name in TABLE_EXCLUDED:
            continue
        if db_field.name == "source" and kind != Kind.FPKPA:
            continue  # Sumber: FP-KPA only
        columns.append(
            {
                "label": db_field.verbose_name,
                "help": db_field.help_text,
                "required": not db_field.blank or db_field.name == "source",
                "answer": _answer(db_field),
            }
        )
    return columns


def _table_block(section: Section, model: type[models.Model], kind: str) -> dict:
    """MS-Var / MS-Ind: one sheet per row of the table, each column a question."""
    if model is Variable:
        note = _(
            "At least one variable. Fill in one sheet for every variable the activity collects; copy it as needed."
        )
        record = _("Variable no.")
    else:
        note = _("Optional. Fill in one sheet for every indicator the activity produces; copy it as needed.")
        record = _("Indicator no.")
    items = [{**column, "number": str(i), "condition": ""} for i, column in enumerate(_table_columns(model, kind), 1)]
    return {"title": section.title, "note": note, "items": items, "sheet": True, "record": record}


def _context(kind: str) -> dict:
    blocks = []
    for section in sections_for_kind(kind):
        if not section.table:
            blocks.append(
                {"title": section.title, "note": _section_note(section, kind), "items": _items(section, kind)}
            )
        elif section.key == "variables":
            blocks.append(_table_block(section, Variable, kind))
        elif section.key == "indicators":
            blocks.append(_table_block(section, Indicator, kind))
    required = attachment_kinds_required(kind)
    return {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "blocks": blocks,
        "attachments_title": SECTIONS_BY_KEY["attachments"].title,
        "attachments": [(label, kind_value in required) for kind_value, label in AttachmentKind.choices],
        "max_mb": settings.ATTACHMENT_MAX_MB,
        "site_url": settings.SITE_URL,
    }


def _pdf(kind: str) -> bytes:
    """The blank form in the active language."""
    # Imported here: WeasyPrint is slow to import, and only this page needs it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("submissions/blank_form.html", _context(kind))
    # Everything is inside the template; a fetcher that allows no protocol keeps WeasyPrint off the
    # network and the disk even if a URL slipped in.
    fetcher = URLFetcher(allowed_protocols=frozenset())
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf()


@lru_cache(maxsize=16)
def _pdf_cached(kind: str, language: str, max_mb: int, site_url: str) -> bytes:
    """Rendering takes a second or two, on a public page: kept in memory per process (never on disk),
    keyed by the active language and the settings the form shows. The questions change only with a
    deployment, which restarts the process."""
    return _pdf(kind)


def blank_form(request, kind):
    if kind not in Kind.values:
        raise Http404
    if settings.DEBUG:  # templates and help texts being edited
        pdf = _pdf(kind)
    else:
        pdf = _pdf_cached(kind, get_language(), settings.ATTACHMENT_MAX_MB, settings.SITE_URL)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"formulir-{kind}-kosong.pdf")
    return response


urlpatterns = [
    path("formulir/<str:kind>/kosong.pdf", blank_form, name="blank_form"),
]
