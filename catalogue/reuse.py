"""Reuse of variables (issue 22): the public variables of the activities recommended layak, offered while an agency
adds a variable (the panel `{% variable_reuse_panel %}` of `catalogue_panels` on the add-variable page).

- `reusable_uses_set`: which reusable variables a catalogue entry uses, and their counts moved by one (called by
  `services.catalogue_entry_refresh` when an entry is written or removed; `reusable_counts_recount` by
  `catalogue_rebuild`); variables with the same name and definition are one `ReusableVariable`;
  `reusable_uses_bulk_add` writes the same rows for many entries just listed at once (`seed_bench`'s bulk catalogue);
- `reusable_variables_search`: bounded search by name (at least MIN_CHARS characters; the trigram index on the
  folded name; at most MAX_CANDIDATES rows read, the MAX_RESULTS used by most activities shown), two queries;
- `reusable_variable_initial`: what "Salin" puts in the add form (registered with
  `submissions.tables.variable_copy_register` from `CatalogueConfig.ready`: submissions imports nothing of this).
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from classifications.selectors import classification_names

from .models import ReusableVariable, ReusableVariableUse
from .text import fold

MIN_CHARS = 3  # fewer characters match too much to be useful, and the trigram index needs three
MAX_RESULTS = 20
# Rows read at most for one search: a word in thousands of names ("umur") is ranked among this many, the page
# asking for more of the name; measured in docs/PERFORMANCE.md.
MAX_CANDIDATES = 2000
MAX_QUERY = 100  # a name is at most 200 characters; more typed than this narrows nothing
# What "Salin" copies: the variable's description. Not whether it is public nor its FP-KPA source: the agency's own.
COPIED_FIELDS = (
    "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
    "classification", "standard_classification", "validation_rule", "question_text",
)  # fmt: skip


def _plain(text: str) -> str:
    return fold(" ".join((text or "").split()))


def group_key(name: str, definition: str) -> str:
    """Variables with the same name and definition (case, accents and spacing aside) share this key."""
    return hashlib.md5(f"{_plain(name)}\n{_plain(definition)}".encode(), usedforsecurity=False).hexdigest()


def reusable_uses_set(*, entry_pk: int, variables=(), feasible: bool = True) -> None:
    """In the caller's transaction: the catalogue entry `entry_pk` now uses the reusable variables of its public
    `variables` (none when it is not `feasible`, or is being removed: no variables); each reusable variable added
    or dropped counts one activity more or less. New names and definitions become reusable variables; the columns
    of those the entry uses become its variables' (the latest listed is copied)."""
    wanted: dict[str, object] = {}
    if feasible:
        for variable in variables:
            if variable.public:
                wanted.setdefault(group_key(variable.name, variable.definition), variable)
    current = dict(
        ReusableVariableUse.objects.filter(entry_id=entry_pk).values_list("variable__group_key", "variable_id")
    )
    dropped = [pk for key, pk in current.items() if key not in wanted]
    added = {key: variable for key, variable in wanted.items() if key not in current}
    if dropped:
        ReusableVariableUse.objects.filter(entry_id=entry_pk, variable_id__in=dropped).delete()
        ReusableVariable.objects.filter(pk__in=dropped).update(activities=Greatest(F("activities") - 1, Value(0)))
    if added:
        ReusableVariable.objects.bulk_create(
            [ReusableVariable(group_key=k, name_folded=_plain(v.name)[:200], name=v.name) for k, v in added.items()],
            ignore_conflicts=True,  # another activity listed meanwhile may have made it
            batch_size=500,
        )
    if not wanted:
        return
    # The columns "Salin" copies are those of the activity listed last with this name and definition.
    rows = list(ReusableVariable.objects.filter(group_key__in=list(wanted)).only("pk", "group_key"))
    for row in rows:
        variable = wanted[row.group_key]
        for name in COPIED_FIELDS:
            setattr(row, name, getattr(variable, name))
    ReusableVariable.objects.bulk_update(rows, COPIED_FIELDS, batch_size=500)
    new = [row.pk for row in rows if row.group_key in added]
    ReusableVariableUse.objects.bulk_create(
        [ReusableVariableUse(entry_id=entry_pk, variable_id=pk) for pk in new], batch_size=1000
    )
    ReusableVariable.objects.filter(pk__in=new).update(activities=F("activities") + 1)


def _uses_counted():
    """A reusable variable's number of uses (its activities), for an UPDATE of the variables."""
    uses = (
        ReusableVariableUse.objects.filter(variable=OuterRef("pk"))
        .order_by()
        .values("variable")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(uses), Value(0))


def reusable_counts_recount() -> None:
    """Every reusable variable's count of activities from its uses (after a rebuild)."""
    ReusableVariable.objects.update(activities=_uses_counted())


def reusable_uses_bulk_add(entries, *, batch_size: int = 1000) -> int:
    """The rows `reusable_uses_set` would write for each of `entries` in turn, in a few statements for all: each
    entry (entry_pk, its variables) just listed as layak and using no reusable variable yet, in the order listed
    (the columns copied are those of the last one using a name and definition). For a data set written in bulk
    (`seed_bench`), whose thousands of entries would take minutes one by one. Returns the uses written."""
    uses: list[tuple[int, str]] = []
    latest: dict[str, object] = {}
    for entry_pk, variables in entries:
        wanted: dict[str, object] = {}
        for variable in variables:
            if variable.public:
                wanted.setdefault(group_key(variable.name, variable.definition), variable)
        uses.extend((entry_pk, key) for key in wanted)
        latest.update(wanted)
    if not latest:
        return 0
    keys = list(latest)
    chunks = [keys[start : start + batch_size] for start in range(0, len(keys), batch_size)]
    existing: set[str] = set()
    for chunk in chunks:
        existing.update(ReusableVariable.objects.filter(group_key__in=chunk).values_list("group_key", flat=True))
    ReusableVariable.objects.bulk_create(
        [
            ReusableVariable(group_key=k, name_folded=_plain(v.name)[:200], **{f: getattr(v, f) for f in COPIED_FIELDS})
            for k, v in latest.items()
            if k not in existing
        ],
        ignore_conflicts=True,
        batch_size=batch_size,
    )
    pks: dict[str, int] = {}
    for chunk in chunks:
        pks.update(ReusableVariable.objects.filter(group_key__in=chunk).values_list("group_key", "pk"))
    if existing:  # made by activities listed before: their columns become those of the last listed now
        rows = [ReusableVariable(pk=pks[k], **{f: getattr(latest[k], f) for f in COPIED_FIELDS}) for k in existing]
        ReusableVariable.objects.bulk_update(rows, COPIED_FIELDS, batch_size=500)
    ReusableVariableUse.objects.bulk_create(
        [ReusableVariableUse(entry_id=entry_pk, variable_id=pks[k]) for entry_pk, k in uses],
        ignore_conflicts=True,
        batch_size=batch_size,
    )
    touched = sorted(pks.values())
    for start in range(0, len(touched), batch_size):
        ReusableVariable.objects.filter(pk__in=touched[start : start + batch_size]).update(activities=_uses_counted())
    return len(uses)


@dataclass(frozen=True)
class ReuseOffer:
    pk: int
    name: str
    definition: str
    question_text: str
    classification: str
    standard_classification: str  # the shipped classification's name
    activities: int  # how many recommended activities use this name and definition


def search_text(text) -> str:
    """What is searched for: folded, spaces collapsed, at most MAX_QUERY characters; "" when too short."""
    folded = _plain(str(text or ""))[:MAX_QUERY]
    return folded if len(folded) >= MIN_CHARS else ""


def reusable_variables_search(text) -> list[ReuseOffer]:
    """The reusable variables whose name contains `text`, those used by most activities first; at most
    MAX_RESULTS, none for fewer than MIN_CHARS characters. Two queries."""
    folded = search_text(text)
    if not folded:
        return []
    candidates = (
        ReusableVariable.objects.filter(name_folded__contains=folded, activities__gt=0)
        .order_by()
        .values("pk")[:MAX_CANDIDATES]
    )
    rows = ReusableVariable.objects.filter(pk__in=candidates).order_by("-activities", "name", "pk")[:MAX_RESULTS]
    names = classification_names()
    return [
        ReuseOffer(
            pk=row.pk,
            name=row.name,
            definition=row.definition,
            question_text=row.question_text,
            classification=row.classification,
            standard_classification=names.get(row.standard_classification, row.standard_classification),
            activities=row.activities,
        )
        for row in rows
    ]


def reusable_variable_initial(pk) -> dict | None:
    """The add form's initial values copied from the offered variable `pk` (a ReusableVariable's id, as text
    from the query string); None when it is not (or no longer) offered."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return ReusableVariable.objects.filter(pk=pk, activities__gt=0).values(*COPIED_FIELDS).first()
