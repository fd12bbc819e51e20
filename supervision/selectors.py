"""Reads of the supervision: how each office serves, for a month or a year, in a fixed number of queries.

Two kinds of figures:

* now (whatever the period): open work by state, overdue (the clock's own filter, `review.selectors.overdue`,
  on each office's calendar and day), open and overdue complaints (`complaints.selectors.overdue`). One grouped
  query for the submissions and one for the complaints, whatever the number of offices: each office's "today"
  and last counted day are worked out in Python, and the query counts the overdue rows once per distinct day
  (a handful: the country has three time zones, and offices differ only by their closed days).
* the period's (a month or a year): decisions, on-time rate, median days to decision, revision rounds, tidak
  layak and withdrawn shares from the precomputed monthly rows (`supervision.models.OfficeMonth`; why a table:
  its docstring), and the IKM from the survey's score sums (`satisfaction.ikm`), one grouped query each.

So a page costs the same queries for 2 offices or 553 (tests/supervision/test_queries.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from complaints.enums import OPEN_STATUSES
from complaints.models import Complaint
from complaints.selectors import overdue as complaint_overdue
from review.selectors import last_counted_day, running_clock
from romantik.calendar import OfficeCalendar, office_timezone
from romantik.enums import OfficeLevel
from romantik.models import Office, OfficeClosure
from romantik.selectors import office_roles_of, offices_supervised_by
from satisfaction.enums import ELEMENT_FIELDS
from satisfaction.ikm import IkmResult, ikm_compute
from satisfaction.models import SurveyResponse
from submissions.models import Submission
from submissions.states import OPEN_STATES, State

from .models import OfficeMonth

# Open work, in the workflow's order: waiting for the office or the agency, then decided and awaiting the letter.
OPEN_STATE_ORDER = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION, State.FEASIBLE, State.NOT_FEASIBLE)
assert set(OPEN_STATE_ORDER) == OPEN_STATES
# The fields of an office a page needs (an office row also holds its service standard's JSON: never read here).
OFFICE_FIELDS = ("pk", "code", "name", "level", "parent_id", "service_time_unit", "region__code")
# How far back an office's last counted day may be: a closure longer than this is not a real office's.
CLOSURE_WINDOW_DAYS = 60


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None  # None: the whole year

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the period."""
        if self.month is None or self.month == 12:
            return datetime.date(self.year + 1, 1, 1)
        return datetime.date(self.year, self.month + 1, 1)

    @property
    def slug(self) -> str:
        return f"{self.year}" if self.month is None else f"{self.year}-{self.month:02d}"


@dataclass(slots=True)
class Tally:
    """The figures of one office, one month, a group of offices or the country: sums, and what follows from them."""

    open_by_state: dict = field(default_factory=dict)
    overdue: int = 0
    complaints_open: int = 0
    complaints_overdue: int = 0
    decided: int = 0
    on_time: int = 0
    not_feasible: int = 0
    revisions: int = 0
    withdrawn: int = 0
    durations: dict = field(default_factory=dict)  # days → decisions
    respondents: int = 0
    score_totals: list = field(default_factory=lambda: [0] * len(ELEMENT_FIELDS))

    def add(self, other: "Tally") -> None:
        for mine, theirs in ((self.open_by_state, other.open_by_state), (self.durations, other.durations)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        for name in (
            "overdue", "complaints_open", "complaints_overdue", "decided", "on_time", "not_feasible", "revisions",
            "withdrawn", "respondents",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.score_totals = [a + b for a, b in zip(self.score_totals, other.score_totals, strict=True)]

    @property
    def open_total(self) -> int:
        return sum(self.open_by_state.values())

    @property
    def on_time_rate(self) -> float | None:
        """0–1; None when nothing was decided."""
        return self.on_time / self.decided if self.decided else None

    @property
    def median_days(self) -> float | None:
        """The median of the decisions' durations (as `statistics.median`: the mean of the two middle ones when
        their number is even), from the merged histogram."""
        n = sum(self.durations.values())
        if not n:
            return None
        wanted = [(n - 1) // 2, n // 2]  # positions of the middle value(s), 0-based
        found, seen = [], 0
        for days in sorted(self.durations):
            count = self.durations[days]
            while wanted and wanted[0] < seen + count:
                found.append(days)
                wanted.pop(0)
            seen += count
        return (found[0] + found[1]) / 2

    @property
    def mean_revisions(self) -> float | None:
        return self.revisions / self.decided if self.decided else None

    @property
    def withdrawn_share(self) -> float | None:
        """Of the submissions that ended in the period (decided or withdrawn), the share withdrawn."""
        ended = self.decided + self.withdrawn
        return self.withdrawn / ended if ended else None

    @property
    def not_feasible_share(self) -> float | None:
        return self.not_feasible / self.decided if self.decided else None

    @property
    def ikm(self) -> IkmResult | None:
        if not self.respondents:
            return None
        return ikm_compute(totals=self.score_totals, respondents=self.respondents)


@dataclass(frozen=True)
class OfficeRow:
    office: Office
    tally: Tally
    own: bool  # one of the user's own offices (listed first)


@dataclass(frozen=True)
class Table:
    period: Period
    rows: list[OfficeRow]
    total: Tally
    refreshed_at: datetime.datetime | None  # when the monthly figures were last computed


@dataclass(frozen=True)
class Supervised:
    offices: list[Office]  # their own first, then by code
    own: set[str]  # the codes of their own
    every: bool  # every office of the country (BPS RI): the queries need no list of offices


def offices_of_supervisor(user) -> Supervised:
    """The offices `user` supervises (`romantik.selectors.offices_supervised_by`; a superuser without a role: all)."""
    own = set(office_roles_of(user))
    qs = offices_supervised_by(user)
    if not own and user.is_superuser:
        qs = Office.objects.all()
    every = not qs.query.where  # offices_supervised_by gives BPS RI the unfiltered queryset
    offices = list(qs.select_related("region").only(*OFFICE_FIELDS).order_by("code"))
    offices.sort(key=lambda office: (office.code not in own, office.code))
    return Supervised(offices, own, every)


def _of_offices(qs, field_name: str, office_ids):
    """`qs` narrowed to the offices, or whole when `office_ids` is None (every office: BPS RI)."""
    return qs if office_ids is None else qs.filter(**{f"{field_name}__in": office_ids})


def _today_and_last_counted(offices, every: bool) -> dict[int, tuple[datetime.date, datetime.date]]:
    """Each office's today (in its time zone) and its last counted day, with its closed days of the window in one
    query."""
    now = timezone.now()
    todays = {office.pk: now.astimezone(office_timezone(office)).date() for office in offices}
    earliest = min(todays.values(), default=now.date()) - timedelta(days=CLOSURE_WINDOW_DAYS)
    closures = defaultdict(set)
    window = OfficeClosure.objects.filter(date__gte=earliest, date__lte=max(todays.values(), default=now.date()))
    for office_id, day in _of_offices(window, "office_id", None if every else list(todays)).values_list(
        "office_id", "date"
    ):
        closures[office_id].add(day)
    return {
        office.pk: (
            todays[office.pk],
            last_counted_day(OfficeCalendar(office, closures=closures[office.pk]), todays[office.pk]),
        )
        for office in offices
    }


def _now_figures(offices, tallies: dict[int, Tally], *, every: bool = False) -> None:
    """Open work by state, overdue, open and overdue complaints: two grouped queries (and the closed days)."""
    days = _today_and_last_counted(offices, every)
    ids = None if every else list(days)
    last_days = sorted({last for _today, last in days.values()})
    overdue_counts = {
        f"overdue_{i}": Count("pk", filter=running_clock() & Q(due_date__lt=day)) for i, day in enumerate(last_days)
    }
    for row in (
        _of_offices(Submission.objects.filter(state__in=OPEN_STATE_ORDER), "office_id", ids)
        .order_by()
        .values("office_id", "state")
        .annotate(n=Count("pk"), **overdue_counts)
    ):
        tally = tallies[row["office_id"]]
        tally.open_by_state[row["state"]] = tally.open_by_state.get(row["state"], 0) + row["n"]
        tally.overdue += row[f"overdue_{last_days.index(days[row['office_id']][1])}"]

    today_days = sorted({today for today, _last in days.values()})
    complaint_counts = {f"overdue_{i}": Count("pk", filter=complaint_overdue(day)) for i, day in enumerate(today_days)}
    for row in (
        _of_offices(Complaint.objects, "office_id", ids)
        .filter(Q(status__in=OPEN_STATUSES) | Q(first_response_at__isnull=True))
        .order_by()
        .values("office_id")
        .annotate(open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), **complaint_counts)
    ):
        tally = tallies[row["office_id"]]
        tally.complaints_open += row["open"]
        tally.complaints_overdue += row[f"overdue_{today_days.index(days[row['office_id']][0])}"]


def _period_figures(office_ids, period: Period, *, by_month: bool = False) -> dict:
    """{office id (or month number, `by_month`): Tally} of the period's decisions, withdrawals and survey: two
    queries. Returns also the latest refresh time under the key None."""
    tallies = defaultdict(Tally)
    refreshed = None
    months = OfficeMonth.objects.filter(month__gte=period.start, month__lt=period.end)
    for office_id, month, *values in _of_offices(months, "office_id", office_ids).values_list(
        "office_id", "month", "decided", "on_time", "not_feasible", "revisions", "withdrawn", "durations",
        "refreshed_at",
    ):  # fmt: skip
        tally = tallies[month.month if by_month else office_id]
        decided, on_time, not_feasible, revisions, withdrawn, durations, at = values
        tally.decided += decided
        tally.on_time += on_time
        tally.not_feasible += not_feasible
        tally.revisions += revisions
        tally.withdrawn += withdrawn
        for days, n in durations.items():
            tally.durations[int(days)] = tally.durations.get(int(days), 0) + n
        refreshed = at if refreshed is None or at > refreshed else refreshed

    key = "month" if by_month else "office_id"
    responses = SurveyResponse.objects.filter(answered_on__gte=period.start, answered_on__lt=period.end)
    responses = _of_offices(responses, "office_id", office_ids).order_by()
    if by_month:
        responses = responses.annotate(month=ExtractMonth("answered_on"))
    for row in responses.values(key).annotate(n=Count("pk"), **{f: Sum(f) for f in ELEMENT_FIELDS}):
        tally = tallies[row[key]]
        tally.respondents += row["n"]
        tally.score_totals = [a + row[f] for a, f in zip(tally.score_totals, ELEMENT_FIELDS, strict=True)]
    tallies[None] = refreshed
    return tallies


def supervision_table(supervised: Supervised, period: Period) -> Table:
    """A row per office (in the order given), and the total."""
    offices, own = supervised.offices, supervised.own
    ids = [office.pk for office in offices]
    period_tallies = _period_figures(None if supervised.every else ids, period)
    refreshed = period_tallies.pop(None)
    tallies = {pk: period_tallies.get(pk) or Tally() for pk in ids}
    _now_figures(offices, tallies, every=supervised.every)
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    rows = [OfficeRow(office, tallies[office.pk], office.code in own) for office in offices]
    return Table(period=period, rows=rows, total=total, refreshed_at=refreshed)


@dataclass(frozen=True)
class OfficeYear:
    office: Office
    year: int
    now: Tally  # open work, overdue and complaints today
    months: list[tuple[datetime.date, Tally]]  # January to December
    total: Tally  # the year
    refreshed_at: datetime.datetime | None


def office_year(office: Office, year: int) -> OfficeYear:
    """One office's figures per month of `year`, the year's, and today's open work, in a fixed number of queries."""
    by_month = _period_figures([office.pk], Period(year), by_month=True)
    refreshed = by_month.pop(None)
    months = [(datetime.date(year, m, 1), by_month.get(m) or Tally()) for m in range(1, 13)]
    total = Tally()
    for _month, tally in months:
        total.add(tally)
    now = {office.pk: Tally()}
    _now_figures([office], now)
    return OfficeYear(office, year, now[office.pk], months, total, refreshed)


def province_group(office: Office) -> int:
    """The office that heads the office's group in the chart: a province office for itself and the regencies
    below it; BPS RI for itself."""
    if office.level == OfficeLevel.REGENCY and office.parent_id:
        return office.parent_id
    return office.pk


def figure_years() -> list[int]:
    """The years with monthly figures, newest first, and this year."""
    years = {d.year for d in OfficeMonth.objects.dates("month", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class PublicRow:
    code: str
    name: str
    decided: int
    on_time_rate: float | None
    respondents: int
    ikm: float | None  # shown value (two decimals), as a float for sorting; the exact one decides the category
    quality: str  # "A".."D" or ""


def public_performance(year: int) -> tuple[list[PublicRow], PublicRow]:
    """Every office's on-time rate and IKM for `year`, and the country's: three queries."""
    offices = list(Office.objects.only("pk", "code", "name").order_by("code"))
    tallies = _period_figures(None, Period(year))
    tallies.pop(None)

    def row(code, name, tally):
        ikm = tally.ikm
        return PublicRow(
            code,
            name,
            tally.decided,
            tally.on_time_rate,
            tally.respondents,
            float(ikm.ikm_shown) if ikm else None,
            ikm.quality.value if ikm else "",
        )

    total = Tally()
    rows = []
    for office in offices:
        tally = tallies.get(office.pk) or Tally()
        total.add(tally)
        rows.append(row(office.code, office.name, tally))
    return rows, row("", "", total)


def public_cache_key(part) -> str:
    """The cache key of the public page's figures for a year (or "years", the list of years)."""
    return f"supervision:public:{part}"
