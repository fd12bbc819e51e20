"""Respondent burden (issue 22): how much time, and what that time is worth, an activity asks of its respondents,
as the UK's and OMB's burden statements report it.

    minutes per questionnaire = the agency's confirmed minutes (form 6.8), else questions × MINUTES_PER_QUESTION
    questions                 = the activity's variables (MS-Var): one question each
    burden hours              = respondents (form 6.8) × minutes per questionnaire / 60
    estimated cost (Rp)       = burden hours × the hourly minimum wage of the organiser's province

Cost basis: the provincial minimum wage (UMP) of `data/upah_minimum_provinsi.csv`, one year for all 38 provinces,
each row naming its decree and whether its amount was checked (`verified`: 1 when two independent published sources
agree, a national list and the province's own decree or announcement; 0 otherwise, and every cost from it is shown
as "perkiraan"). Per hour it is 1/173 of the monthly wage, the
divisor of Kepmenakertrans 102/MEN/VI/2004 for an hourly wage. A province without a row has no cost ("—"), never
a guessed one. The file is checked whenever it is loaded (`wages_load`): a bad row stops the loader with its line.

MINUTES_PER_QUESTION is the portal's assumption (half a minute per question, reading included), used until the
agency confirms its own minutes per questionnaire (`Submission.questionnaire_minutes`).

Which questions count (the one rule, for every figure of a recommended activity): the variables the catalogue
publishes (MS-Var "dapat diakses umum"). The public summary lists them beside its "N pertanyaan × 0,5 menit", the
public totals (/cek-survei/beban/) and the supervision totals (/pengawasan/beban-responden/) add up the same
figures, so an activity weighs the same wherever it is reported and a total reveals nothing the catalogue does not
publish. Only the review page, which judges the form as the agency submitted it, counts every variable
(`submission_burden` without the public list). Once the agency confirms its minutes per questionnaire (6.8) the
question count no longer matters, on every page.

Totals (`burden_totals`): per year, province of the organiser and agency, of the activities recommended layak in
the catalogue; two grouped queries (year × province × agency) whose sums are worked out by the database (the
questions by a join with the variables), the few groups priced (the province is a key) and rolled up here.
"""

import csv
import hashlib
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

MINUTES_PER_QUESTION = Decimal("0.5")
HOURS_PER_MONTH = Decimal(173)  # Kepmenakertrans 102/MEN/VI/2004: hourly wage = monthly wage / 173
WAGE_FILE = Path(__file__).parent / "data" / "upah_minimum_provinsi.csv"
WAGE_COLUMNS = ["province_code", "province", "year", "monthly_rp", "verified", "source"]


class WageDataError(ValueError):
    """The minimum-wage file is not as the loader expects (its line named)."""


@dataclass(frozen=True)
class Wage:
    province_code: str
    province: str
    year: int
    monthly: Decimal
    verified: bool
    source: str

    @property
    def hourly(self) -> Decimal:
        return self.monthly / HOURS_PER_MONTH

    @property
    def province_name(self) -> str:
        """ "KALIMANTAN TENGAH" → "Kalimantan Tengah", "DKI JAKARTA" → "DKI Jakarta"."""
        return " ".join(w if w in ("DKI", "DI") else w.capitalize() for w in self.province.split())


def wages_load(path: Path = WAGE_FILE) -> dict[str, Wage]:
    """Every row of the wage file, by BPS province code, checked: the columns, a two-digit code once each, one year
    for every row, a whole positive amount, verified 0 or 1, a source naming the decree."""
    wages: dict[str, Wage] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != WAGE_COLUMNS:
            raise WageDataError(f"{path.name}: columns {reader.fieldnames}, expected {WAGE_COLUMNS}")
        for line, row in enumerate(reader, start=2):
            code = row["province_code"] or ""
            where = f"{path.name} line {line}"
            if not re.fullmatch(r"\d{2}", code):
                raise WageDataError(f"{where}: province code {code!r} is not two digits")
            if code in wages:
                raise WageDataError(f"{where}: province {code} twice")
            if not (row["monthly_rp"] or "").isdigit() or int(row["monthly_rp"]) <= 0:
                raise WageDataError(f"{where}: monthly_rp {row['monthly_rp']!r} is not a whole positive amount")
            if row["verified"] not in ("0", "1"):
                raise WageDataError(f"{where}: verified {row['verified']!r} is neither 0 nor 1")
            if not (row["source"] or "").startswith("Keputusan Gubernur") or not (row["province"] or "").strip():
                raise WageDataError(f"{where}: the source must name the governor's decree, and the province its name")
            if not (row["year"] or "").isdigit():
                raise WageDataError(f"{where}: year {row['year']!r}")
            wage = Wage(code, row["province"], int(row["year"]), Decimal(row["monthly_rp"]), row["verified"] == "1",
                        row["source"])  # fmt: skip
            if wages and wage.year != next(iter(wages.values())).year:
                raise WageDataError(f"{where}: year {wage.year}, the rows above have another: one year for all")
            wages[code] = wage
    return wages


@cache
def minimum_wages() -> dict[str, Wage]:
    """The minimum wage of each province in the data file, by BPS province code (checked once per process)."""
    return wages_load()


def wage_year() -> int | None:
    return next(iter(minimum_wages().values())).year if minimum_wages() else None


@dataclass(frozen=True)
class Burden:
    questions: int
    minutes: Decimal  # per questionnaire
    minutes_confirmed: bool  # the agency's own figure, not questions × MINUTES_PER_QUESTION
    respondents: int | None
    hours: Decimal | None  # respondents × minutes / 60
    wage: Wage | None
    cost: Decimal | None  # rupiah, whole

    @property
    def cost_per_respondent(self) -> Decimal | None:
        if self.wage is None:
            return None
        return _rupiah(self.minutes / 60 * self.wage.hourly)

    @property
    def cost_estimated(self) -> bool:
        """The wage behind the cost was not checked against a second source: shown as "perkiraan"."""
        return self.wage is not None and not self.wage.verified


def _rupiah(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _hours(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def burden_compute(
    *, questions: int, respondents: int | None = None, minutes: Decimal | int | None = None, province_code=""
) -> Burden:
    confirmed = minutes is not None and Decimal(minutes) > 0
    per_questionnaire = Decimal(minutes) if confirmed else questions * MINUTES_PER_QUESTION
    hours = None
    if respondents is not None and respondents >= 0:
        hours = _hours(respondents * per_questionnaire / 60)
    wage = minimum_wages().get(str(province_code or ""))
    cost = None
    if hours is not None and wage is not None:
        cost = _rupiah(respondents * per_questionnaire / 60 * wage.hourly)
    return Burden(questions, per_questionnaire, confirmed, respondents, hours, wage, cost)


def submission_burden(submission, *, questions: int | None = None) -> Burden:
    """The burden of one activity (`questions`: its number of variables, when the caller counted them). On a
    public page (the submission read by catalogue.selectors.public_activity, its public variables prefetched)
    only the public variables count, as in the public totals: a public figure reveals nothing the catalogue
    does not publish; the review page counts every variable."""
    if questions is None:
        public = getattr(submission, "public_variable_list", None)
        questions = len(public) if public is not None else submission.variables.count()
    province = submission.organizer_province
    return burden_compute(
        questions=questions,
        respondents=submission.respondents_count,
        minutes=submission.questionnaire_minutes,
        province_code=province.code if province is not None else "",
    )


# --- totals ----------------------------------------------------------------------------------------------------


@dataclass
class BurdenTotal:
    """One row of the totals: activities, their questions, and the minutes one respondent of each would spend
    (Σ minutes per questionnaire); of those whose form records respondents: respondents, hours and cost."""

    label: str
    key: str = ""
    activities: int = 0
    questions: int = 0
    minutes: Decimal = Decimal(0)  # Σ minutes per questionnaire (one respondent of each activity)
    counted: int = 0  # activities with their number of respondents
    confirmed: int = 0  # activities whose minutes the agency confirmed
    respondents: int = 0
    respondent_minutes: Decimal = Decimal(0)
    cost_exact: Decimal = Decimal(0)
    priced: int = 0  # activities with respondents and a wage
    estimated: bool = False  # a wage behind the cost is unverified ("perkiraan")

    def add(self, group: dict) -> None:
        self.activities += group["activities"]
        self.questions += group["questions"] or 0
        self.minutes += group["minutes"] or 0
        self.counted += group["counted"]
        self.confirmed += group["confirmed"]
        self.respondents += group["respondents"] or 0
        self.respondent_minutes += group["respondent_minutes"] or 0
        self.cost_exact += group["cost_hours"] or 0
        self.priced += group["priced"]
        self.estimated = self.estimated or bool(group["unverified"])

    @property
    def hours(self) -> Decimal | None:
        return _hours(self.respondent_minutes / 60) if self.counted else None

    @property
    def cost(self) -> Decimal | None:
        return _rupiah(self.cost_exact / 60) if self.priced else None


GROUP_KEYS = ("year", "province_id", "province__code", "province__name", "agency_id", "agency_name")
QUESTION_KEYS = ("year", "province_id", "agency_id")


def _groups(entries) -> list[dict]:
    """The catalogue entries' burden, grouped by year, province and agency, summed by the database in two grouped
    queries: the activities (respondents, confirmed minutes: no join), and their questions (a join with the
    variables, each variable row of an activity whose minutes are estimated adding its respondents once: Σ over
    those rows of respondents = Σ respondents × questions). No sub-query per activity. The province is one of the
    keys, so a group's cost is its minutes × its province's wage, worked out here once per group."""
    from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
    from django.db.models.functions import Cast

    amount = DecimalField(max_digits=24, decimal_places=6)
    with_respondents = Q(submission__respondents_count__isnull=False)
    confirmed = Q(submission__questionnaire_minutes__isnull=False)
    resp_minutes = ExpressionWrapper(
        F("submission__respondents_count") * Cast("submission__questionnaire_minutes", amount), output_field=amount
    )
    activities = (
        entries.values(*GROUP_KEYS)
        .annotate(
            activities=Count("pk"),
            confirmed=Count("pk", filter=confirmed),
            confirmed_minutes=Sum("submission__questionnaire_minutes"),
            counted=Count("pk", filter=with_respondents),
            respondents=Sum("submission__respondents_count"),
            confirmed_resp_minutes=Sum(resp_minutes),
        )
        .order_by()
    )
    a_variable = Q(submission__variables__public=True)  # the published questions only (module docstring)
    estimated = a_variable & ~confirmed
    questions = (  # grouped by whole numbers only (faster over a row per variable); matched by them below
        entries.values(*QUESTION_KEYS)
        .annotate(
            questions=Count("submission__variables", filter=a_variable),
            estimated_questions=Count("submission__variables", filter=estimated),
            estimated_resp_questions=Sum("submission__respondents_count", filter=estimated),
        )
        .order_by()
    )
    by_key = {tuple(q[k] for k in QUESTION_KEYS): q for q in questions}
    wages = minimum_wages()
    groups = []
    for group in activities:
        q = by_key.get(tuple(group[k] for k in QUESTION_KEYS), {})
        respondent_minutes = (group["confirmed_resp_minutes"] or 0) + (
            q.get("estimated_resp_questions") or 0
        ) * MINUTES_PER_QUESTION
        wage = wages.get(group["province__code"] or "")
        priced = wage is not None and group["counted"] > 0
        groups.append(
            {
                **group,
                "questions": q.get("questions") or 0,
                "minutes": (group["confirmed_minutes"] or 0)
                + (q.get("estimated_questions") or 0) * MINUTES_PER_QUESTION,
                "respondent_minutes": respondent_minutes,
                "cost_hours": respondent_minutes * wage.hourly if priced else 0,
                "priced": group["counted"] if priced else 0,
                "unverified": group["counted"] if priced and not wage.verified else 0,
            }
        )
    return groups


def burden_totals(*, office_ids=None, year: int | None = None) -> dict[str, list[BurdenTotal]]:
    """The totals per year, province (of the organiser) and agency of the activities recommended layak (their
    catalogue entries), their published questions counted (module docstring): public, or for the supervision pages
    of the activities reviewed by `office_ids` (None: every office), and of one `year` (None: all). The same figures
    on both. Two grouped queries (`_groups`), rolled up
    here, kept in the shared cache for the catalogue's generation (catalogue.selectors.catalogue_generation: it changes
    whenever an entry is written)."""
    from django.core.cache import cache

    from catalogue.enums import Decision
    from catalogue.models import CatalogueEntry
    from catalogue.selectors import catalogue_generation

    scope = "all" if office_ids is None else ",".join(str(pk) for pk in sorted(office_ids))
    digest = hashlib.sha256(f"{year}:{scope}".encode()).hexdigest()[:24]
    key = f"ceksurvei:burden-totals:{catalogue_generation()}:{digest}"
    totals = cache.get(key)
    if totals is not None:
        return totals
    entries = CatalogueEntry.objects.filter(decision=Decision.FEASIBLE)
    if office_ids is not None:
        entries = entries.filter(submission__office_id__in=list(office_ids))
    if year is not None:
        entries = entries.filter(year=year)
    by: dict[str, dict] = {"year": {}, "province": {}, "agency": {}}
    for group in _groups(entries):
        keys = {
            "year": (group["year"] or 0, str(group["year"] or "—")),
            "province": (group["province__code"] or "", group["province__name"] or "—"),
            "agency": (group["agency_id"], group["agency_name"]),
        }
        for dimension, (ident, label) in keys.items():
            by[dimension].setdefault(ident, BurdenTotal(label, str(ident))).add(group)
    totals = {
        "year": [by["year"][k] for k in sorted(by["year"], reverse=True)],
        "province": [by["province"][k] for k in sorted(by["province"])],
        "agency": sorted(by["agency"].values(), key=lambda row: (-(row.hours or 0), -row.questions, row.label)),
    }
    cache.set(key, totals, 3600)
    return totals
