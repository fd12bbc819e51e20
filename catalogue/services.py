"""Writes of the catalogue: one activity's row, refreshed from its submission, and the whole catalogue rebuilt."""

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Prefetch, TextField, Value

from letters.enums import LetterState
from letters.public_code import public_code
from romantik.models import Region
from submissions.models import Indicator, Submission, Variable
from submissions.states import State

from .enums import Decision
from .models import CatalogueEntry
from .reuse import reusable_counts_recount, reusable_uses_set
from .text import fold

SEARCH_CONFIG = "simple"  # no Indonesian stemmer exists; prefix matching stands in for it


def _texts(submission, variables, indicators) -> dict[str, str]:
    """The public text of an activity by search weight: A title, B purpose, C variables and indicators,
    D agency (its name and acronym: "bappeda" finds it), units and background."""
    return {
        "A": submission.title,
        "B": submission.objective,
        "C": "\n".join(
            [text for v in variables for text in (v.name, v.alias, v.concept, v.definition)]
            + [text for i in indicators for text in (i.name, i.concept, i.definition)]
        ),
        "D": "\n".join(
            (
                submission.agency.name,
                submission.agency.acronym,
                submission.organizer_name,
                submission.unit_eselon1,
                submission.unit_eselon2,
                submission.background,
            )
        ),
    }


def _region_codes(submission) -> str:
    codes: dict[str, None] = {}
    for region in (submission.organizer_province, submission.organizer_regency, *submission.coverage_regions.all()):
        if region is None:
            continue
        codes.setdefault(region.code, None)
        if region.parent is not None:
            codes.setdefault(region.parent.code, None)
    return f" {' '.join(codes)} " if codes else ""


def _letter_of(submission):
    try:
        return submission.letter
    except Submission.letter.RelatedObjectDoesNotExist:
        return None


def _load(pk: int) -> Submission:
    return (
        Submission.objects.select_related("agency", "letter", "organizer_province", "organizer_regency__parent")
        .prefetch_related(
            Prefetch("coverage_regions", queryset=Region.objects.select_related("parent")),
            Prefetch("variables", queryset=Variable.objects.filter(public=True), to_attr="public_variable_list"),
            Prefetch("indicators", queryset=Indicator.objects.filter(public=True), to_attr="public_indicator_list"),
        )
        .get(pk=pk)
    )


@transaction.atomic
def catalogue_entry_refresh(*, submission) -> CatalogueEntry | None:
    """Write the catalogue row of `submission` from what is stored now, or remove it when the activity did not
    (or no longer) receive a recommendation: only an issued submission with a signed, numbered letter is listed.
    Only public text goes in: no contact, no address, no non-public variable or indicator."""
    submission = _load(submission.pk)
    letter = _letter_of(submission)
    if submission.state != State.ISSUED or letter is None or letter.state != LetterState.SIGNED or not letter.number:
        reusable_uses_set(entry_pk=submission.pk)  # no longer counted as using its variables
        CatalogueEntry.objects.filter(submission_id=submission.pk).delete()
        return None
    texts = _texts(submission, submission.public_variable_list, submission.public_indicator_list)
    entry, _created = CatalogueEntry.objects.update_or_create(
        submission_id=submission.pk,
        defaults={
            "recommendation_number": letter.number,
            "recommendation_date": letter.letter_date or letter.signed_at.date(),
            "decision": letter.decision,
            "title": submission.title,
            "year": submission.year,
            "kind": submission.kind,
            "sector": submission.sector,
            "agency": submission.agency,
            "agency_name": submission.agency.name,
            "province": submission.organizer_province,
            "regency": submission.organizer_regency,
            "region_codes": _region_codes(submission),
            "search_text": fold("\n".join(texts.values())),
            "public_check_code": public_code(submission.pk) if letter.decision == Decision.FEASIBLE else None,
        },
    )
    # The public variables offered for reuse (catalogue.reuse): those of an activity recommended layak.
    reusable_uses_set(
        entry_pk=entry.pk, variables=submission.public_variable_list, feasible=letter.decision == Decision.FEASIBLE
    )
    if connection.vendor == "postgresql":
        vector = None
        for weight, text in texts.items():
            part = SearchVector(Value(fold(text), output_field=TextField()), weight=weight, config=SEARCH_CONFIG)
            vector = part if vector is None else vector + part
        CatalogueEntry.objects.filter(pk=entry.pk).update(search_vector=vector)
    return entry


def catalogue_rebuild() -> int:
    """Refresh every issued activity's row and drop rows that no longer belong; returns the number listed."""
    CatalogueEntry.objects.exclude(submission__state=State.ISSUED).delete()
    listed = 0
    for pk in list(Submission.objects.filter(state=State.ISSUED).values_list("pk", flat=True)):
        if catalogue_entry_refresh(submission=Submission(pk=pk)) is not None:
            listed += 1
    reusable_counts_recount()  # the uses of the entries just deleted are gone with them
    return listed
