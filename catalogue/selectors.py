"""Reads of the public catalogue, shared by its pages and by the REST API.

Only activities that received a recommendation are public: submissions in state ISSUED whose signed letter
put them in the catalogue (`CatalogueEntry`). Of those, only the fields in `PUBLIC_FIELDS` and the variables
and indicators marked "dapat diakses umum" may be shown; contacts, addresses, notes, comments and
attachments never are.
"""

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, FloatField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from romantik.links import pk_url_pattern
from romantik.models import Agency, Region
from submissions.enums import Kind, Sector
from submissions.models import PHASES, Indicator, Submission, Variable
from submissions.states import State

from .enums import Decision
from .models import CatalogueEntry
from .services import SEARCH_CONFIG
from .similarity import GENERIC_WORDS, Activity, match, place_words
from .text import fold, search_terms, significant_words, tsquery

# The MS-Keg fields the public may see, in the form's order. Left out on purpose: the organiser's address,
# phone, fax and e-mail (1.2), the technical person in charge (2.2), the walidata e-mail (2.3), and everything
# of the workflow (state, rounds, clock, reviewers' advice, who recorded it).
PUBLIC_FIELDS = (
    "number",
    "kind",
    # header
    "title",
    "year",
    "statistics_type",
    "collection_way",
    "sector",
    "previous_recommendation",
    # I. organiser (name and region only)
    "organizer_name",
    "organizer_province",
    "organizer_regency",
    # II. responsible units (no person)
    "unit_eselon1",
    "unit_eselon2",
    "walidata_unit",
    # III. planning
    "background",
    "objective",
    *(f"{phase}_{end}" for phase, _label in PHASES for end in ("start", "end")),
    # IV. design
    "repetition",
    "frequency",
    "collection_type",
    "coverage",
    "coverage_regions",
    "collection_methods",
    "collection_means",
    "collection_units",
    # V. sample design
    "sample_design",
    "sample_selection",
    "sample_method",
    "sample_frame",
    "sample_fraction",
    "sampling_error",
    "sample_unit",
    "observation_unit",
    # VI. data collection
    "pilot",
    "quality_checks",
    "nonresponse_adjustment",
    "collectors",
    "min_education",
    "supervisors_count",
    "enumerators_count",
    "training",
    "respondents_count",  # 6.8, respondent burden (issue 22)
    "questionnaire_minutes",
    # VII. processing and analysis
    "editing",
    "coding",
    "data_entry",
    "validation",
    "analysis_method",
    "analysis_units",
    "presentation_levels",
    # VIII. dissemination
    "publish_print",
    "publish_print_date",
    "publish_digital",
    "publish_digital_date",
    "publish_microdata",
    "publish_microdata_date",
)
PUBLIC_VARIABLE_FIELDS = (
    "name", "alias", "concept", "definition", "selection_reference", "time_reference", "data_type",
    "classification", "standard_classification", "validation_rule", "question_text", "source",
)  # fmt: skip
PUBLIC_INDICATOR_FIELDS = (
    "name", "concept", "definition", "method", "measure", "unit", "presentation_classification", "composite",
    "building_indicators", "building_variables", "estimation_level",
)  # fmt: skip

# What a result row shows (title, agency, year, kind, decision, recommendation number and date).
LIST_RELATED = ("catalogue_entry", "agency")
SEARCH_TERMS = 8
SIMILAR_WORDS = 30
# A large form's first variables only (as the box beside the title sends them, catalogue.views.similar): the rest
# add little and cost a scoring of each against every candidate's variables (300 variables: ≈ 300 ms).
SIMILAR_VARIABLES = 50
SIMILAR_CANDIDATES = 200  # at most this many rows are scored in Python (catalogue.similarity)
# PostgreSQL: candidates are picked by the rarer words only (a word in more than COMMON_SHARE of the catalogue,
# and in more than COMMON_FLOOR rows, says little and would make PostgreSQL rank most of the catalogue), at most
# RARE_WORDS of them; the best SIMILAR_CANDIDATES are then ranked with every word.
COMMON_SHARE = 0.05
COMMON_FLOOR = 50
RARE_WORDS = 12
COMMON_WORDS_KEY = "catalogue:common-words"
COMMON_WORDS_SECONDS = 3600  # one entry more or less barely moves what is common: recomputed hourly at most
SIMILAR_CACHE_SECONDS = 7 * 24 * 3600  # per described activity; entries refreshed since are scored on top
SIMILAR_KEEP = 20  # kept per described activity, more than a page shows: an entry removed since leaves enough
SIMILAR_STAMP_MARGIN = timedelta(minutes=5)  # entries refreshed this long before the stamp are scored again
CATALOGUE_CACHE_SECONDS = 24 * 3600  # counts and years, keyed by the catalogue's generation
GENERATION_KEY = "catalogue:generation"
PLACE_WORDS_KEY = "catalogue:place-words"
PLACE_WORDS_SECONDS = 24 * 3600


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _catalogue() -> QuerySet[Submission]:
    # Both conditions: a row is written at issue, and the state is checked again so a stale row never leaks.
    return Submission.objects.filter(state=State.ISSUED, catalogue_entry__isnull=False)


def _code(region) -> str:
    return region.code if isinstance(region, Region) else str(region).strip()


def letter_number(text: str) -> str:
    """The text when it is (part of) a letter's number, "B-001/6202/VS.300/2026": a slash and a digit, no space
    (what a number has and a search for words has not); "" otherwise."""
    text = (text or "").strip()
    return text if "/" in text and any(c.isdigit() for c in text) and not any(c.isspace() for c in text) else ""


def _entry_filter(
    prefix,
    *,
    terms,
    number="",
    year=None,
    province=None,
    regency=None,
    agency=None,
    sector=None,
    kind=None,
    decision=None,
) -> Q:
    """The filters of `catalogue_search` on the catalogue row's fields, reached through `prefix`."""
    match = Q()
    if year:
        match &= Q(**{f"{prefix}year": int(year)})
    for region in (province, regency):
        if region:
            match &= Q(**{f"{prefix}region_codes__contains": f" {_code(region)} "})
    if isinstance(agency, Agency):
        match &= Q(**{f"{prefix}agency_id": agency.pk})
    elif isinstance(agency, int) or str(agency or "").strip().isdigit():
        match &= Q(**{f"{prefix}agency_id": int(agency)})
    elif agency and agency.split():
        # Words of the agency's name, each required; matched in the agency table (5,000 rows, no index needed),
        # then the catalogue by its agency index.
        agencies = Agency.objects.all()
        for word in agency.split()[:SEARCH_TERMS]:
            agencies = agencies.filter(Q(name__icontains=word) | Q(acronym__iexact=word))
        match &= Q(**{f"{prefix}agency__in": agencies})
    if sector:
        match &= Q(**{f"{prefix}sector": int(sector)})
    if kind:
        match &= Q(**{f"{prefix}kind": kind})
    if decision:
        match &= Q(**{f"{prefix}decision": decision})
    if number:
        # A letter's number (or its start, or a part between slashes): PostgreSQL's trigram index on the
        # upper-cased number (migration 0004) finds it among 100,000 without reading them.
        match &= Q(**{f"{prefix}recommendation_number__icontains": number})
    elif terms and _is_postgres():
        query = SearchQuery(tsquery(terms, operator="&"), search_type="raw", config=SEARCH_CONFIG)
        match &= Q(**{f"{prefix}search_vector": query})
    else:
        # SQLite: every term somewhere in the folded public text.
        for term in terms:
            match &= Q(**{f"{prefix}search_text__contains": term})
    return match


def catalogue_search(*, text="", **filters) -> QuerySet[Submission]:
    """Recommended activities matching every given filter, newest recommendation first, or best match first
    (annotated `rank`) when `text` is given.

    `text`: words of the title, purpose, variables or agency (its name or its acronym: "bappeda"), all required
    (prefixes match: "kesehat" finds "kesehatan"), or a recommendation letter's number or part of it
    ("B-001/6202", found in the number alone); `year`; `province` / `regency`: a Region or its BPS code,
    matching the organiser's region and the regions covered; `agency`: an Agency, its pk, or words of its name
    or its acronym; `sector`: the sector code; `kind`: "fs3", "fpkpa" or "mskeg"; `decision`: "layak" or
    "tidak_layak" (values already validated by the caller's form or serializer). Rows carry their
    `catalogue_entry` and `agency`."""
    number = letter_number(text)
    terms = [] if number else search_terms(text or "", limit=SEARCH_TERMS)
    qs = _catalogue().select_related(*LIST_RELATED)
    qs = qs.filter(_entry_filter("catalogue_entry__", terms=terms, number=number, **filters))
    if not terms:
        return qs.order_by("-catalogue_entry__recommendation_date", "-pk")
    if _is_postgres():
        query = SearchQuery(tsquery(terms, operator="&"), search_type="raw", config=SEARCH_CONFIG)
        rank = SearchRank(F("catalogue_entry__search_vector"), query)
    else:
        # SQLite: a term in the title ranks the row higher.
        rank = Value(0.1, output_field=FloatField())
        for term in terms:
            rank = rank + Case(
                When(catalogue_entry__title__icontains=term, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return qs.annotate(rank=rank).order_by("-rank", "-catalogue_entry__recommendation_date", "-pk")


def catalogue_generation() -> int:
    """A number that changes whenever a catalogue entry is written or removed (`catalogue_generation_bump`, from
    the entries' signals, catalogue/receivers.py): read from the shared cache, no query. Lost (a cache restart),
    it starts again from the clock, so nothing kept under an older one is read."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY) or 0
    return generation


def catalogue_generation_bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (yet, or any more)
        cache.set(GENERATION_KEY, time.time_ns(), None)


def _arguments_key(kind: str, text: str, generation: int | None, filters: dict, *extra) -> tuple[str, list, str]:
    """The letter number, the search terms and a shared-cache key of `kind` for these arguments and the catalogue's
    generation (`catalogue_generation()` when None): any entry written or removed makes every key new."""
    number = letter_number(text)
    terms = [] if number else search_terms(text or "", limit=SEARCH_TERMS)
    generation = catalogue_generation() if generation is None else generation
    arguments = {key: (value.pk if hasattr(value, "pk") else value) for key, value in filters.items()}
    described = json.dumps([number, terms, sorted(arguments.items()), generation, *extra], default=str)
    return number, terms, f"catalogue:{kind}:" + hashlib.sha256(described.encode()).hexdigest()


def catalogue_count(*, text="", generation=None, **filters) -> int:
    """How many activities `catalogue_search` finds with the same arguments, counted on the narrow catalogue
    table alone: joining the submissions to re-check their state would read 100,000 wide rows (≈ 50 ms) to count
    the whole catalogue. The same rows: an entry exists only for an issued submission (`catalogue_entry_refresh`
    deletes it otherwise, and an issued submission never changes state again).

    Kept in the shared cache per arguments and `catalogue_generation()` (issue 20): a search asked again costs
    no COUNT over the matching rows until the catalogue changes."""
    number, terms, key = _arguments_key("count", text, generation, filters)
    count = cache.get(key)
    if count is None:
        count = CatalogueEntry.objects.filter(_entry_filter("", terms=terms, number=number, **filters)).count()
        cache.set(key, count, CATALOGUE_CACHE_SECONDS)
    return count


def catalogue_years() -> list[int]:
    """The years of the catalogue, newest first, for the year filter: one index probe per year (a loose index scan
    of `catalogue_year`, each step the largest year below the last), not a DISTINCT over every entry (issue 20)."""
    table = CatalogueEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE y(year) AS (SELECT MAX(year) FROM {table} "  # noqa: S608
            f"UNION ALL SELECT (SELECT MAX(year) FROM {table} WHERE year < y.year) FROM y WHERE y.year IS NOT NULL) "
            "SELECT year FROM y WHERE year IS NOT NULL"
        )
        return [year for (year,) in cursor.fetchall()]


def public_activity(*, pk) -> Submission:
    """One recommended activity with what its public page shows, or 404 (a draft, a submission under review
    and an unknown number look the same)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        _catalogue()
        .select_related(*LIST_RELATED, "organizer_province", "organizer_regency")
        .prefetch_related(
            "coverage_regions",
            Prefetch("variables", queryset=Variable.objects.filter(public=True), to_attr="public_variable_list"),
            Prefetch("indicators", queryset=Indicator.objects.filter(public=True), to_attr="public_indicator_list"),
        ),
        pk=pk,
    )


def public_variables(submission) -> list[Variable]:
    """The variables marked "dapat diakses umum" (prefetched by `public_activity`)."""
    prefetched = getattr(submission, "public_variable_list", None)
    return prefetched if prefetched is not None else list(submission.variables.filter(public=True))


def public_indicators(submission) -> list[Indicator]:
    """The indicators marked "dapat diakses umum" (prefetched by `public_activity`)."""
    prefetched = getattr(submission, "public_indicator_list", None)
    return prefetched if prefetched is not None else list(submission.indicators.filter(public=True))


# --- duplicate detection -------------------------------------------------------------------------------------


def catalogue_version() -> str:
    """Changes whenever an entry is written or removed: the number of entries and the latest refresh. Two
    sub-selects so each uses an index (a count and a max over one scan would read the whole wide table)."""
    table = CatalogueEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT MAX(refreshed_at) FROM {table})")  # noqa: S608
        count, latest = cursor.fetchone()
    return f"{count}:{latest.isoformat() if hasattr(latest, 'isoformat') else latest or ''}"


def catalogue_stamp():
    """The latest refresh of any catalogue entry (an index read), None for an empty catalogue: what duplicate
    detection compares its stored result with (entries refreshed after it are scored on top of that result)."""
    return CatalogueEntry.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()


def similar_activities(
    *,
    title,
    objective="",
    variables=(),
    sector=None,
    province=None,
    regency=None,
    exclude_pk=None,
    limit=5,
) -> list[Submission]:
    """Activities recommended *layak* (any agency) on the same subject as the described one, best first, at most
    `limit`. Each carries `similarity` (its score) and `match` (`similarity.Match`: the shared title words,
    variables, other words, sector and region; `similar_reasons` words them). Scored by `similarity.match` on
    both databases, and only what it finds relevant (its evidence and threshold) is listed; the database only
    picks the candidates (PostgreSQL: the rarer words and title trigrams, GIN-indexed; SQLite: the longest
    words). Never the submission `exclude_pk` itself, never anything not issued, never a *tidak layak* one.

    `sector`: the sector's code; `province` / `regency`: the organiser's Region ids. Computed once per described
    activity (a submission's change makes another key) and kept in the shared cache with the catalogue's
    stamp (`catalogue_stamp`): a letter signed later anywhere does not throw it away, only the entries
    refreshed since the stamp are picked and scored on top of it (issue 20). The rows are read again by id,
    so an entry removed since is not shown."""
    variables = [v.strip() for v in variables if (v or "").strip()]
    found = significant_words(title or "", objective or "", *variables, limit=SIMILAR_WORDS)
    if not found:
        return []
    sector = _int_or_none(sector)
    province, regency = _int_or_none(province), _int_or_none(regency)
    stamp = catalogue_stamp()
    if stamp is None:  # an empty catalogue: nothing to read
        return []
    described_key = [title, objective, variables, sector, province, regency, exclude_pk]
    key = "catalogue:similar:v3:" + hashlib.sha256(json.dumps(described_key).encode()).hexdigest()
    qs = (
        _catalogue()
        .filter(catalogue_entry__decision=Decision.FEASIBLE)
        .select_related(*LIST_RELATED, "catalogue_entry__province", "catalogue_entry__regency")
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    described = Activity(
        title=title or "",
        objective=objective or "",
        variables=tuple(variables),
        sector=sector,
        province=province,
        regency=regency,
    )
    places = _place_words()
    # Candidates by the words that name the subject (place names and generic words would pick half the catalogue).
    pick = [w for w in found if w not in places and w not in GENERIC_WORDS] or found
    keep = max(limit, SIMILAR_KEEP)
    cached = cache.get(key)
    if cached is None:
        scored = _scored(described, _candidates(qs, title, pick, exclude_pk), places=places)[:keep]
        cache.set(key, {"stamp": stamp, "found": [(s.pk, s.match) for s in scored]}, SIMILAR_CACHE_SECONDS)
        return scored[:limit]
    kept = dict(cached["found"])
    if stamp > cached["stamp"]:
        # Only what was refreshed since (with a margin for transactions that committed late): the new entries
        # picked by the same words, and the kept ones again (a refreshed entry may no longer be relevant).
        since = cached["stamp"] - SIMILAR_STAMP_MARGIN
        fresh = _candidates(qs, title, pick, exclude_pk, since=since, also=list(kept))
        for submission in fresh:
            kept.pop(submission.pk, None)
        kept.update((s.pk, s.match) for s in _scored(described, fresh, places=places))
    # The rows are read again (by primary key), so a page shows them as they are now, and a stored result costs
    # as many queries as a search. [0] (no such row) keeps that one query when nothing was found.
    rows = list(qs.filter(pk__in=list(kept) or [0]))
    for row in rows:
        row.match = kept[row.pk]
        row.similarity = row.match.score
    rows = _ordered(rows)[:keep]
    if stamp > cached["stamp"]:
        cache.set(key, {"stamp": stamp, "found": [(s.pk, s.match) for s in rows]}, SIMILAR_CACHE_SECONDS)
    return rows[:limit]


def _candidates(qs, title, pick, exclude_pk, *, since=None, also=()) -> list[Submission]:
    if _is_postgres():
        return _candidates_postgres(qs, title or "", pick, exclude_pk, since=since, also=also)
    return _candidates_sqlite(qs, pick, since=since, also=also)


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _place_words() -> frozenset[str]:
    """The words of region names that name only a place (`similarity.place_words`), cached: regions hardly change."""
    cached = cache.get(PLACE_WORDS_KEY)
    if cached is None:
        cached = place_words(Region.objects.values_list("name", flat=True))
        cache.set(PLACE_WORDS_KEY, cached, PLACE_WORDS_SECONDS)
    return cached


def _common_words() -> frozenset[str]:
    """Words in so many entries that sharing one says nothing (PostgreSQL: counted by ts_stat over the
    catalogue, ≈ 130 ms for 20,000 entries, hence cached)."""
    cached = cache.get(COMMON_WORDS_KEY)
    if cached is not None:
        return cached
    table = CatalogueEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM ts_stat('SELECT search_vector FROM {table}') "  # noqa: S608
            f"WHERE ndoc > GREATEST(%s, %s * (SELECT COUNT(*) FROM {table}))",
            [COMMON_FLOOR, COMMON_SHARE],
        )
        common = frozenset(word for (word,) in cursor.fetchall())
    cache.set(COMMON_WORDS_KEY, common, COMMON_WORDS_SECONDS)
    return common


def _candidates_postgres(qs, title, pick, exclude_pk, *, since=None, also=()) -> list[Submission]:
    """The best SIMILAR_CANDIDATES rows sharing a rarer word or with a title this close by trigrams (`since`:
    only entries refreshed after it, and then the entries `also` too, whatever their words)."""
    common = _common_words()
    rare = [w for w in pick if w not in common][:RARE_WORDS] or pick[:3]
    # The title's trigrams without stop words and numbers: "survei", "2026" and the like share trigrams with
    # most titles and would send the GIN index back to the table for thousands of rows.
    probe = " ".join(significant_words(title, limit=SIMILAR_WORDS)) or fold(title)
    # `title % probe` (the GIN-indexed form of similarity() > pg_trgm.similarity_threshold, 0.3 by default).
    picked = Q(TrigramSimilar(F("title"), Value(probe)))
    pick_rank = TrigramSimilarity("title", probe)
    if rare:
        rare_query = SearchQuery(tsquery(rare, operator="|"), search_type="raw", config=SEARCH_CONFIG)
        picked |= Q(search_vector=rare_query)
        pick_rank = pick_rank + SearchRank(F("search_vector"), rare_query)
    # Narrow rows of the catalogue table only, ranked and cut in a subquery (both conditions GIN-indexed).
    if also:
        picked |= Q(submission_id__in=also)
    candidates = CatalogueEntry.objects.filter(picked, decision=Decision.FEASIBLE)
    if since is not None:
        candidates = candidates.filter(refreshed_at__gt=since)
    if exclude_pk is not None:
        candidates = candidates.exclude(submission_id=exclude_pk)
    candidates = candidates.annotate(pick_rank=pick_rank).order_by("-pick_rank").values("submission_id")
    return list(qs.filter(pk__in=candidates[:SIMILAR_CANDIDATES]))


def _candidates_sqlite(qs, pick, *, since=None, also=()) -> list[Submission]:
    """SQLite: the newest SIMILAR_CANDIDATES rows containing one of the longest (most specific) words."""
    any_word = Q()
    for word in sorted(pick, key=len, reverse=True)[:5]:
        any_word |= Q(catalogue_entry__search_text__contains=word)
    if also:
        any_word |= Q(pk__in=also)
    if since is not None:
        qs = qs.filter(catalogue_entry__refreshed_at__gt=since)
    return list(qs.filter(any_word).order_by("-catalogue_entry__recommendation_date", "-pk")[:SIMILAR_CANDIDATES])


def _scored(described: Activity, candidates, *, places) -> list[Submission]:
    """The relevant candidates by `similarity.match`, best first (newer first among equals)."""
    if not candidates:
        return []
    names: dict[int, list[str]] = {}
    public = Variable.objects.filter(submission_id__in=[s.pk for s in candidates], public=True)
    for submission_id, name in public.order_by("submission_id", "position").values_list("submission_id", "name"):
        names.setdefault(submission_id, []).append(name)
    scored = []
    for submission in candidates:
        entry = submission.catalogue_entry
        candidate = Activity(
            title=entry.title,
            variables=tuple(names.get(submission.pk, ())),
            sector=entry.sector,
            province=entry.province_id,
            regency=entry.regency_id,
            text=entry.search_text,
        )
        found = match(described, candidate, places=places)
        if found.relevant:
            submission.match, submission.similarity = found, found.score
            scored.append(submission)
    return _ordered(scored)


def _ordered(found: list[Submission]) -> list[Submission]:
    """Best first, newer first among equals."""
    return sorted(found, key=lambda s: (-s.similarity, -s.catalogue_entry.recommendation_date.toordinal(), -s.pk))


def similar_reasons(submission) -> list[str]:
    """Why a similar activity is suggested, in words: "3 variables in common: Umur, Tinggi badan, Berat badan"."""
    found, entry = submission.match, submission.catalogue_entry
    reasons = []
    if found.variables:
        reasons.append(
            ngettext(
                "%(count)d variable in common: %(names)s",
                "%(count)d variables in common: %(names)s",
                len(found.variables),
            )
            % {"count": len(found.variables), "names": ", ".join(found.variables)}
        )
    if found.title_words:
        reasons.append(_("Title words in common: %(words)s") % {"words": ", ".join(found.title_words)})
    if found.text_words:
        reasons.append(_("Also in its purpose or variables: %(words)s") % {"words": ", ".join(found.text_words)})
    if found.same_sector and entry.sector in Sector.values:
        reasons.append(_("Same sector: %(sector)s") % {"sector": Sector(entry.sector).label})
    if found.same_regency and entry.regency is not None:
        reasons.append(_("Same regency/city: %(region)s") % {"region": entry.regency.display_name})
    elif found.same_province and entry.province is not None:
        reasons.append(_("Same province: %(region)s") % {"region": entry.province.display_name})
    return reasons


def similar_explained(found: list[Submission]) -> list[Submission]:
    """`found` (from `similar_activities`), each given its `reasons` (`similar_reasons`) for a page to show."""
    for submission in found:
        submission.reasons = similar_reasons(submission)
    return found


def similar_to_submission(submission, *, limit=5) -> list[Submission]:
    """Duplicate detection for a submission being drafted or reviewed: [] until it has a title."""
    if not submission.title.strip():
        return []
    return similar_activities(
        title=submission.title,
        objective=submission.objective,
        variables=list(submission.variables.values_list("name", flat=True)[:SIMILAR_VARIABLES]),
        sector=submission.sector,
        province=submission.organizer_province_id,
        regency=submission.organizer_regency_id,
        exclude_pk=submission.pk,
        limit=limit,
    )


# --- The search's page: its rows (templates/catalogue/list.html), worked out once (issue 20) ----------------------

# What a result shows: its entry's columns, not the submission's (texts, JSON answers) nor the entry's search vector.
LIST_PAGE_FIELDS = (
    "catalogue_entry__title", "catalogue_entry__decision", "catalogue_entry__agency_name", "catalogue_entry__year",
    "catalogue_entry__kind", "catalogue_entry__sector", "catalogue_entry__recommendation_number",
    "catalogue_entry__recommendation_date",
)  # fmt: skip


def catalogue_list_page(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """`catalogue_search(...)` reading only what `catalogue_list_rows` shows."""
    return qs.select_related(None).select_related("catalogue_entry").only(*LIST_PAGE_FIELDS)


def catalogue_result_page(*, number: int, per_page: int, text="", generation=None, **filters) -> list[Submission]:
    """Page `number` (from 1) of `catalogue_search(text=text, **filters)`, `per_page` rows, read as
    `catalogue_list_page` reads them.

    Which rows, in which order, is kept in the shared cache per arguments, page and `catalogue_generation()`
    (issue 20): a search asked again while the catalogue is unchanged reads its rows by primary key, without ranking
    every matching entry again (a cost that grows with the catalogue). The rows themselves are always read afresh,
    and the state is checked again as `catalogue_search` does."""
    *_, key = _arguments_key("page", text, generation, filters, number, per_page)
    pks = cache.get(key)
    if pks is None:
        bottom = (number - 1) * per_page
        rows = list(catalogue_list_page(catalogue_search(text=text, **filters))[bottom : bottom + per_page])
        cache.set(key, [row.pk for row in rows], CATALOGUE_CACHE_SECONDS)
        return rows
    found = {row.pk: row for row in catalogue_list_page(_catalogue().filter(pk__in=pks))}
    return [found[pk] for pk in pks if pk in found]


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One result of the catalogue's search, each value as the page writes it, in the active language."""

    pk: int
    url: str  # its public summary
    title: str
    decision: str  # layak / tidak_layak (the badge's class)
    decision_label: str
    agency: str
    year: str  # "—" when it has none
    kind: str  # the form's label
    sector: str  # the sector's label, "" when it has none
    recommendation: str  # "Recommendation B-001/... of 3 February 2026"


def catalogue_list_rows(submissions) -> list[CatalogueRow]:
    """The rows of `submissions` (of `catalogue_search`): labels from one dict each, one URL pattern."""
    decisions = {value: str(label) for value, label in Decision.choices}
    kinds = {value: str(label) for value, label in Kind.choices}
    sectors = {value: str(label) for value, label in Sector.choices}
    detail = pk_url_pattern("catalogue:detail")
    rows = []
    for submission in submissions:
        entry = submission.catalogue_entry
        rows.append(
            CatalogueRow(
                pk=submission.pk,
                url=detail.format(pk=submission.pk),
                title=entry.title,
                decision=entry.decision,
                decision_label=decisions.get(entry.decision, entry.decision),
                agency=entry.agency_name,
                year=str(entry.year) if entry.year else "—",
                kind=kinds.get(entry.kind, entry.kind),
                sector=sectors.get(entry.sector, str(entry.sector)) if entry.sector else "",
                recommendation=_("Recommendation %(number)s of %(date)s")
                % {"number": entry.recommendation_number, "date": date_format(entry.recommendation_date, "j F Y")},
            )
        )
    return rows
