"""A submission's answers as JSON, and JSON input turned into the form data the web's section forms take.

The API saves a section through the same service and form as the web page (submissions.services.section_save),
so the same checks and messages apply. Input is merged with the section's answers: a field left out keeps its
value, null clears it. While a section has input that did not pass its checks (its unsaved draft, kept by
section_save for the web form and the API alike), that input is what the next PATCH is merged with, as the web
form shows it again to be corrected: a PATCH of only the corrected field keeps the rest of what was sent.
Regions are named by their BPS code ("62", "6202"), not by database ids.
"""

import datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from romantik.models import Region
from submissions.forms import form_data_from_instance, section_form
from submissions.models import Submission
from submissions.sections import SECTIONS, Section, sections_for
from submissions.services import section_unsaved

SCALARS = (str, int, float, bool, type(None))
# For the API documentation: each question section's key and fields (which apply depends on the form kind).
SECTION_KEYS_DOC = "; ".join(f"`{s.key}`: " + ", ".join(q.field for q in s.questions) for s in SECTIONS if not s.table)


def text_problem(value: str) -> str | None:
    """What makes a string unstorable: a NUL character (PostgreSQL refuses it) or invalid Unicode."""
    if "\x00" in value:
        return _("The text contains a NUL character (\\u0000), which is not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("The text is not valid Unicode.")
    return None


def printable_key(key: str) -> str:
    """An input key that is safe to echo back in an error (lone surrogates replaced)."""
    return key.encode("utf-8", "replace").decode("utf-8")


# --- output ----------------------------------------------------------------------------------


def _encode(submission: Submission, name: str):
    field = Submission._meta.get_field(name)
    if field.many_to_many:
        return sorted(region.code for region in getattr(submission, name).all())
    value = getattr(submission, name)
    if isinstance(field, models.ForeignKey):
        return value.code if value is not None else None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def answers_of(submission: Submission) -> dict[str, dict]:
    """{section key: {field: value}} for every question section that applies to the submission."""
    return {
        section.key: {q.field: _encode(submission, q.field) for q in section.questions_for(submission)}
        for section in sections_for(submission)
        if not section.table
    }


# --- input -----------------------------------------------------------------------------------


def _as_strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _scalar_string(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _shape_problem(value, *, many: bool) -> str | None:
    """A JSON value the form cannot take: nested objects, a list for a single answer, true/null in a list."""
    if isinstance(value, list):
        if not many:
            return _("Give one value here, not a list.")
        if any(isinstance(item, bool) or not isinstance(item, str | int | float) for item in value):
            return _("Give a list of codes (numbers or texts).")
        items = value
    elif isinstance(value, SCALARS):
        items = [value]
    else:
        return _("Give a text, a number, true/false or null here.")
    for item in items:
        if isinstance(item, str) and (problem := text_problem(item)):
            return problem
    return None


def _region_pks(codes: set[str]) -> dict[str, int]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}


def section_input(
    *, section: Section, submission: Submission, data: dict
) -> tuple[MultiValueDict, dict[str, list[str]]]:
    """The section's answers overlaid with `data`, as form data; and the problems that stop the input from
    reaching the form at all (unknown question, wrong JSON type, unknown region code). The answers are the
    section's unsaved draft when it has one (input rejected before, as the web form shows it again), else the
    stored ones."""
    form_class = section_form(section, submission)
    merged = MultiValueDict()
    unsaved = section_unsaved(submission=submission, section=section)
    if unsaved is not None:
        for name in form_class.base_fields:
            merged.setlist(name, unsaved.getlist(name))
    else:
        for name, value in form_data_from_instance(form_class(instance=submission)).items():
            merged.setlist(name, _as_strings(value))

    problems: dict[str, list[str]] = {}
    accepted: dict[str, object] = {}
    for name, value in data.items():
        field = form_class.base_fields.get(name)
        if field is None:
            problems[printable_key(name)] = [_("This question is not part of this section for this form.")]
            continue
        many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        problem = _shape_problem(value, many=many)
        if problem:
            problems[name] = [problem]
            continue
        accepted[name] = value

    # Region questions take BPS codes; the form takes the regions' ids.
    region_fields = [name for name in accepted if isinstance(form_class.base_fields[name], forms.ModelChoiceField)]
    codes = {str(code) for name in region_fields for code in _as_strings(accepted[name]) if str(code).strip()}
    pks = _region_pks(codes)
    for name in region_fields:
        values = [str(code).strip() for code in _as_strings(accepted[name]) if str(code).strip()]
        unknown = [code for code in values if code not in pks]
        if unknown:
            problems[name] = [_("No province or regency/city has the BPS code %(code)s.") % {"code": unknown[0]}]
            continue
        accepted[name] = [pks[code] for code in values]

    if problems:
        return merged, problems
    for name, value in accepted.items():
        field = form_class.base_fields[name]
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            merged.setlist(name, _as_strings(value))
        else:
            single = value[0] if isinstance(value, list) and value else ("" if isinstance(value, list) else value)
            merged.setlist(name, [_scalar_string(single)])
    return merged, {}


def form_errors(form) -> dict[str, list[str]]:
    """A bound form's messages per field; those of the whole section under non_field_errors."""
    return {
        ("non_field_errors" if name == "__all__" else name): [str(m) for m in msgs]
        for name, msgs in form.errors.items()
    }
