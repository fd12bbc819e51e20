"""The built-in checks of the pre-review catalogue, on the plain description of an activity (`Design`, built by
submissions.prereview_input from a submission; nothing of submissions is imported here).

Each check takes the design and its rule and answers None (the rule does not apply to this form: the question is
not asked, e.g. no pilot question for a compilation) or (status, found): `found` fills the rule's texts
({value}, {names}, {threshold}). An answer the agency has not given yet is UNKNOWN ("cannot be judged yet").

The official codes of the form (submissions/enums.py) the checks read, written here since this layer sits below:
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .enums import RuleKind, Status

# Kind of form; header "collection_way"; 4.6 methods; 4.7 means; 4.4 coverage; 7.4 levels; 4.1 repetition.
COMPILATION_FORM = "fpkpa"
WAY_CENSUS, WAY_SURVEY, WAY_ADMIN_COMPILATION = 1, 2, 3
METHOD_SECONDARY = 8
MEANS_CAPI, MEANS_CATI = 2, 4
COVERAGE_NATIONAL, COVERAGE_PARTIAL = 1, 2
LEVEL_NATIONAL, LEVEL_PROVINCE = 1, 2
REPEATED = 2
PROVINCE_CODE_LENGTH = 2  # regions: a province has a 2-digit BPS code, a regency/city 4 digits


@dataclass
class Design:
    """What the checks read: the answers shown on the form (field → stored, language-neutral value: codes, ISO
    dates, decimals as text, region codes), the variables, and the words the title helper needs."""

    kind: str
    title: str = ""
    answers: dict = field(default_factory=dict)
    variables: list[dict] = field(default_factory=list)  # {"name", "definition", "question_text"}
    regions: list[dict] = field(default_factory=list)  # 4.5: {"code", "name"}
    words: dict = field(default_factory=dict)  # for the title helper: "area", "subject", "year"

    def asked(self, name: str) -> bool:
        return name in self.answers

    def value(self, name: str):
        value = self.answers.get(name)
        return None if value in ("", [], None) else value

    @property
    def is_compilation(self) -> bool:
        return self.kind == COMPILATION_FORM or self.value("collection_way") == WAY_ADMIN_COMPILATION


Outcome = tuple[str, dict] | None


def _number(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def supervisors_exceed_enumerators(design: Design, rule) -> Outcome:
    if not (design.asked("supervisors_count") and design.asked("enumerators_count")):
        return None
    supervisors, enumerators = design.value("supervisors_count"), design.value("enumerators_count")
    if supervisors is None or enumerators is None:
        return Status.UNKNOWN, {}
    found = {"value": f"{supervisors} / {enumerators}"}
    return (Status.VIOLATION if int(supervisors) > int(enumerators) else Status.PASS), found


def capi_cati_without_pilot(design: Design, rule) -> Outcome:
    if not design.asked("pilot"):
        return None
    means = design.value("collection_means")
    if means is None:
        return Status.UNKNOWN, {}
    computer = {int(m) for m in means} & {MEANS_CAPI, MEANS_CATI}
    if not computer:
        return Status.PASS, {}
    pilot = design.answers.get("pilot")
    if pilot is None:
        return Status.UNKNOWN, {}
    names = ", ".join(name for code, name in ((MEANS_CAPI, "CAPI"), (MEANS_CATI, "CATI")) if code in computer)
    return (Status.PASS if pilot else Status.VIOLATION), {"names": names}


def sampling_error_above(design: Design, rule) -> Outcome:
    if not design.asked("sampling_error"):
        return None
    value = _number(design.value("sampling_error")) if design.value("sampling_error") is not None else None
    if value is None or rule.threshold is None:
        return Status.UNKNOWN, {}
    found = {"value": f"{value.normalize():f}".replace(".", ",")}
    return (Status.VIOLATION if value > rule.threshold else Status.PASS), found


def sample_design_for_compilation(design: Design, rule) -> Outcome:
    """A design that only gathers secondary data (4.6: records others keep) is a compilation: it has no sample.
    A form that is a compilation by its kind or header has no block V at all, so it passes."""
    if design.is_compilation:
        return Status.PASS, {}
    if not design.asked("sample_design"):
        return None
    methods = design.value("collection_methods")
    if methods is None:
        return Status.UNKNOWN, {}
    only_secondary = {int(m) for m in methods} == {METHOD_SECONDARY}
    if only_secondary and design.value("sample_design") is not None:
        return Status.VIOLATION, {}
    return Status.PASS, {}


def compilation_title(design: Design, rule) -> Outcome:
    if not design.is_compilation:
        return None
    title = (design.title or "").strip().lower()
    if not title:
        return Status.UNKNOWN, {}
    words = [w.strip().lower() for w in (rule.parameter or "kompilasi").split(",") if w.strip()]
    return (Status.PASS if any(w in title for w in words) else Status.VIOLATION), {"names": ", ".join(words)}


def analysis_before_collection(design: Design, rule) -> Outcome:
    if not (design.asked("analysis_end") and design.asked("collection_end")):
        return None
    analysis, collection = design.value("analysis_end"), design.value("collection_end")
    if analysis is None or collection is None:
        return Status.UNKNOWN, {}
    # ISO dates compare as text.
    return (Status.VIOLATION if str(analysis) < str(collection) else Status.PASS), {}


def variable_without_definition(design: Design, rule) -> Outcome:
    """Every variable needs its definition; a survey's variables (not a compilation's) also their question text."""
    if not design.variables:
        return Status.UNKNOWN, {}
    needs_question = not design.is_compilation
    lacking = [
        v.get("name") or "?"
        for v in design.variables
        if not (v.get("definition") or "").strip() or (needs_question and not (v.get("question_text") or "").strip())
    ]
    if not lacking:
        return Status.PASS, {}
    shown = ", ".join(lacking[:5]) + (f" (+{len(lacking) - 5})" if len(lacking) > 5 else "")
    return Status.VIOLATION, {"names": shown, "value": len(lacking)}


def presentation_beyond_coverage(design: Design, rule) -> Outcome:
    """Results cannot be presented for an area wider than the activity covers: national figures from part of
    Indonesia, or province figures from a few regencies/cities."""
    if not (design.asked("presentation_levels") and design.asked("coverage")):
        return None
    levels, coverage = design.value("presentation_levels"), design.value("coverage")
    if levels is None or coverage is None:
        return Status.UNKNOWN, {}
    levels = {int(level) for level in levels}
    if coverage == COVERAGE_NATIONAL:
        return Status.PASS, {}
    if LEVEL_NATIONAL in levels:
        return Status.VIOLATION, {"names": "nasional"}
    if not design.regions:
        return Status.UNKNOWN, {}
    only_regencies = all(len(r["code"]) > PROVINCE_CODE_LENGTH for r in design.regions)
    if LEVEL_PROVINCE in levels and only_regencies:
        return Status.VIOLATION, {"names": "provinsi"}
    return Status.PASS, {}


def repeated_without_previous(design: Design, rule) -> Outcome:
    if not (design.asked("repetition") and design.asked("previous_recommendation")):
        return None
    repetition = design.value("repetition")
    if repetition is None:
        return Status.UNKNOWN, {}
    if repetition != REPEATED or design.value("previous_recommendation"):
        return Status.PASS, {}
    return Status.VIOLATION, {}


CHECKS: dict[str, Callable[[Design, object], Outcome]] = {
    RuleKind.SUPERVISORS_EXCEED_ENUMERATORS: supervisors_exceed_enumerators,
    RuleKind.CAPI_CATI_WITHOUT_PILOT: capi_cati_without_pilot,
    RuleKind.SAMPLING_ERROR_ABOVE: sampling_error_above,
    RuleKind.SAMPLE_DESIGN_FOR_COMPILATION: sample_design_for_compilation,
    RuleKind.COMPILATION_TITLE: compilation_title,
    RuleKind.ANALYSIS_BEFORE_COLLECTION: analysis_before_collection,
    RuleKind.VARIABLE_WITHOUT_DEFINITION: variable_without_definition,
    RuleKind.PRESENTATION_BEYOND_COVERAGE: presentation_beyond_coverage,
    RuleKind.REPEATED_WITHOUT_PREVIOUS: repeated_without_previous,
}
