"""Reads of the supervision: how each office serves, for a month or a year, in a fixed number of queries.

Two kinds of figures:

* now (whatever the period; stored per office every few minutes, `OfficeNow`, and read in one query by the table of
  many offices; counted live for one office's page): open work by state, overdue (the clock's own filter,
  `review.selectors.overdue`, on each office's calendar and day), open and overdue complaints
  (`complaints.selectors.overdue`), and the hand-overs of results (issue 19: fallen due by today, handed over of
  those, overdue; `handover.selectors`).
  One grouped query each, whatever the number of offices: each office's "today" and last counted day are worked
  out in Python (once per time zone, unit and set of closed days, not per office), and the query counts the
  overdue rows once per distinct day (a handful: the country has three time zones, and offices differ only by
  their closed days).
* the period's (a month or a year): decisions, on-time rate, median days to decision, revision rounds, tidak
  layak, withdrawn and closed (`ditutup`: closed by the portal after a revision left untouched, issue 19) shares
  from the precomputed monthly rows (`supervision.models.OfficeMonth`; why a table: its docstring), and the IKM
  from the survey's score sums (`satisfaction.ikm`), one grouped query each.

So a page costs the same queries for 2 offices or 553 (tests/supervision/test_queries.py). Nothing per office
builds a model instance: BPS RI's 553 offices are read as plain rows (`OfficeInfo`), and a row's figures are
added up once.
"""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from complaints.enums import OPEN_STATUSES
from complaints.models import Complaint
from complaints.selectors import overdue as complaint_overdue
from handover.enums import OPEN_STATES as HANDOVER_OPEN_STATES
from handover.enums import HandOverState
from handover.models import HandOver
from review.selectors import last_counted_day, running_clock
from romantik.calendar import WIT_PROVINCES, WITA_PROVINCES, OfficeCalendar, office_timezone
from romantik.compiled import DAY_STAND_INS, STAND_IN, CompiledRead
from romantik.enums import OfficeLevel, ServiceTimeUnit
from romantik.models import Office, OfficeClosure
from romantik.selectors import office_roles_of, offices_supervised_by
from satisfaction.enums import ELEMENT_FIELDS
from satisfaction.ikm import IkmResult, ikm_compute
from satisfaction.models import SurveyResponse
from submissions.models import Submission
from submissions.states import OPEN_STATES, State

from .models import OfficeMonth, OfficeNow

# Open work, in the workflow's order: waiting for the office or the agency, then decided and awaiting the letter.
OPEN_STATE_ORDER = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION, State.FEASIBLE, State.NOT_FEASIBLE)
assert set(OPEN_STATE_ORDER) == OPEN_STATES
# The fields of an office a page needs (an office row also holds its service standard's JSON: never read here).
OFFICE_FIELDS = ("pk", "code", "name", "level", "parent_id", "service_time_unit", "region__code")
# The counts of now an `OfficeNow` row stores (besides open work by state).
NOW_COUNTS = (
    "overdue", "complaints_open", "complaints_overdue", "handovers_due", "handovers_done", "handovers_overdue",
)  # fmt: skip
# A hand-over the agency has handed over (awaiting the office's confirmation, or received).
HANDOVER_DONE_STATES = (HandOverState.SUBMITTED, HandOverState.RECEIVED)
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
    closed: int = 0  # closed by the portal (ditutup): a revision left untouched past the office's limit
    durations: dict = field(default_factory=dict)  # days → decisions
    respondents: int = 0
    score_totals: list = field(default_factory=lambda: [0] * len(ELEMENT_FIELDS))
    handovers_due: int = 0  # hand-overs of results fallen due by today (whatever their state)
    handovers_done: int = 0  # of which handed over (awaiting confirmation or received)
    handovers_overdue: int = 0  # still owed and past their date

    def add(self, other: "Tally") -> None:
        for mine, theirs in ((self.open_by_state, other.open_by_state), (self.durations, other.durations)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        # Spelled out rather than a loop over names: the total and the chart add up 553 rows on BPS RI's page.
        self.overdue += other.overdue
        self.complaints_open += other.complaints_open
        self.complaints_overdue += other.complaints_overdue
        self.decided += other.decided
        self.on_time += other.on_time
        self.not_feasible += other.not_feasible
        self.revisions += other.revisions
        self.withdrawn += other.withdrawn
        self.closed += other.closed
        self.handovers_due += other.handovers_due
        self.handovers_done += other.handovers_done
        self.handovers_overdue += other.handovers_overdue
        if other.respondents:
            self.respondents += other.respondents
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
    def ended(self) -> int:
        """Submissions that ended in the period: decided, withdrawn by the agency, or closed by the portal."""
        return self.decided + self.withdrawn + self.closed

    @property
    def withdrawn_share(self) -> float | None:
        """Of the submissions that ended in the period, the share the agency withdrew."""
        return self.withdrawn / self.ended if self.ended else None

    @property
    def closed_share(self) -> float | None:
        """Of the submissions that ended in the period, the share closed by the portal (ditutup: the agency let a
        revision wait past the office's limit). Its own column, not counted with the withdrawn: the agency did not
        choose to stop, and the office's limit decided when."""
        return self.closed / self.ended if self.ended else None

    @property
    def handover_share(self) -> float | None:
        """Of the hand-overs fallen due, the share handed over."""
        return self.handovers_done / self.handovers_due if self.handovers_due else None

    @property
    def not_feasible_share(self) -> float | None:
        return self.not_feasible / self.decided if self.decided else None

    @property
    def ikm(self) -> IkmResult | None:
        if not self.respondents:
            return None
        return ikm_compute(totals=self.score_totals, respondents=self.respondents)


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    """What the supervision pages read of an office, from a plain row (no model instance: BPS RI's page lists 553).
    Duck-types the fields of `Office` that the calendar, the chart and the rows read."""

    pk: int
    code: str
    name: str
    level: str
    parent_id: int | None
    service_time_unit: str
    zone: ZoneInfo

    @property
    def works_in_working_days(self) -> bool:
        return self.service_time_unit == ServiceTimeUnit.WORKING_DAYS


ZONES = {"": ZoneInfo("Asia/Jakarta"), "WITA": ZoneInfo("Asia/Makassar"), "WIT": ZoneInfo("Asia/Jayapura")}


def _zone_of_region(code: str | None) -> ZoneInfo:
    """`romantik.calendar.office_timezone` for an office's region code."""
    province = (code or "")[:2]
    return ZONES["WITA" if province in WITA_PROVINCES else "WIT" if province in WIT_PROVINCES else ""]


def _zone(office) -> ZoneInfo:
    return office.zone if isinstance(office, OfficeInfo) else office_timezone(office)


@dataclass(frozen=True)
class OfficeRow:
    office: OfficeInfo
    tally: Tally
    own: bool  # one of the user's own offices (listed first)


@dataclass(frozen=True)
class Table:
    period: Period
    rows: list[OfficeRow]
    total: Tally
    refreshed_at: datetime.datetime | None  # when the monthly figures were last computed
    now_at: datetime.datetime | None = None  # when the figures of now were counted


@dataclass(frozen=True)
class Supervised:
    offices: list[OfficeInfo]  # their own first, then by code
    own: set[str]  # the codes of their own
    every: bool  # every office of the country (BPS RI): the queries need no list of offices


def office_infos(qs) -> list[OfficeInfo]:
    """The offices of `qs` as plain rows, by code: one query."""
    return [
        OfficeInfo(pk, code, name, level, parent_id, unit, _zone_of_region(region))
        for pk, code, name, level, parent_id, unit, region in qs.order_by("code").values_list(*OFFICE_FIELDS)
    ]


def offices_of_supervisor(user) -> Supervised:
    """The offices `user` supervises (`romantik.selectors.offices_supervised_by`; a superuser without a role: all)."""
    own = set(office_roles_of(user))
    qs = offices_supervised_by(user)
    if not own and user.is_superuser:
        qs = Office.objects.all()
    every = not qs.query.where  # offices_supervised_by gives BPS RI the unfiltered queryset
    offices = office_infos(qs)
    offices.sort(key=lambda office: (office.code not in own, office.code))
    return Supervised(offices, own, every)


def _of_offices(qs, field_name: str, office_ids):
    """`qs` narrowed to the offices, or whole when `office_ids` is None (every office: BPS RI)."""
    return qs if office_ids is None else qs.filter(**{f"{field_name}__in": office_ids})


def _closures_between(office_ids, first: datetime.date, last: datetime.date):
    """(office id, date) of the offices' closed days from `first` to `last` (every office's when `office_ids` is
    None)."""
    window = OfficeClosure.objects.filter(date__gte=first, date__lte=last)
    return _of_offices(window, "office_id", office_ids).values_list("office_id", "date")


def _today_and_last_counted(offices, every: bool, closures_read=None) -> dict[int, tuple[datetime.date, datetime.date]]:
    """Each office's today (in its time zone) and its last counted day, with its closed days of the window in one
    query (`closures_read(first, last)`: the rows of `_closures_between`, when given)."""
    now = timezone.now()
    todays = {office.pk: now.astimezone(_zone(office)).date() for office in offices}
    earliest = min(todays.values(), default=now.date()) - timedelta(days=CLOSURE_WINDOW_DAYS)
    latest = max(todays.values(), default=now.date())
    closures = defaultdict(set)
    if closures_read is None:
        rows = _closures_between(None if every else list(todays), earliest, latest)
    else:
        rows = closures_read(earliest, latest)
    for office_id, day in rows:
        closures[office_id].add(day)
    # Offices differ only by their day, their unit and their closed days: each combination is worked out once.
    last_days, days = {}, {}
    for office in offices:
        today, closed = todays[office.pk], closures.get(office.pk, set())
        key = (today, office.service_time_unit, frozenset(closed))
        if key not in last_days:
            last_days[key] = last_counted_day(OfficeCalendar(office, closures=closed), today)
        days[office.pk] = (today, last_days[key])
    return days


def _stored_now(office_ids, tallies: dict[int, Tally]) -> datetime.datetime | None:
    """The figures of now as last stored (`OfficeNow`), into `tallies`: one query. Returns when the oldest of them
    was counted, None when none is stored yet."""
    counted = None
    rows = _of_offices(OfficeNow.objects.all(), "office_id", office_ids)
    fields = ("office_id", "open_by_state", *NOW_COUNTS, "refreshed_at")
    for office_id, open_by_state, *counts, at in rows.values_list(*fields):
        tally = tallies.get(office_id)
        if tally is None:
            continue
        tally.open_by_state = dict(open_by_state)
        for name, n in zip(NOW_COUNTS, counts, strict=True):
            setattr(tally, name, n)
        counted = at if counted is None or at < counted else counted
    return counted


def _open_work(office_ids, last_days):
    """(office id, state, open, overdue as of each of `last_days`…) of the offices' open submissions."""
    # Counted on `state` (never null), not the id: the count then reads only the columns of the index
    # `submission_office_open_work`, and PostgreSQL answers from the index alone.
    overdue = {
        f"overdue_{i}": Count("state", filter=running_clock() & Q(due_date__lt=day)) for i, day in enumerate(last_days)
    }
    open_work = Submission.objects.filter(state__in=OPEN_STATE_ORDER)
    return (
        _of_offices(open_work, "office_id", office_ids)
        .order_by()
        .values_list("office_id", "state")
        .annotate(n=Count("state"), **overdue)
    )


def _complaints_open(office_ids, today_days):
    """(office id, open, overdue on each of `today_days`…) of the offices' complaints open or never answered."""
    overdue = {f"overdue_{i}": Count("pk", filter=complaint_overdue(day)) for i, day in enumerate(today_days)}
    complaints = Complaint.objects.filter(Q(status__in=OPEN_STATUSES) | Q(first_response_at__isnull=True))
    return (
        _of_offices(complaints, "office_id", office_ids)
        .order_by()
        .values_list("office_id")
        .annotate(open=Count("pk", filter=Q(status__in=OPEN_STATUSES)), **overdue)
    )


def _handovers_due(office_ids, today_days):
    """(office id, then due, done and overdue on each of `today_days`…) of the hand-overs of results (issue 19) of
    the offices' submissions."""
    counts = {}
    for i, day in enumerate(today_days):
        counts[f"due_{i}"] = Count("pk", filter=Q(due_date__lte=day))
        counts[f"done_{i}"] = Count("pk", filter=Q(due_date__lte=day, state__in=HANDOVER_DONE_STATES))
        counts[f"overdue_{i}"] = Count("pk", filter=Q(due_date__lt=day, state__in=HANDOVER_OPEN_STATES))
    handovers = _of_offices(HandOver.objects, "submission__office_id", office_ids).filter(due_date__lte=max(today_days))
    return handovers.order_by().values_list("submission__office_id").annotate(**counts)


def _day_columns(days) -> tuple[list[datetime.date], list[datetime.date]]:
    """The distinct last counted days and todays of `days` (office id -> (today, last counted day)), in the order of
    the queries' overdue and due columns."""
    return sorted({last for _today, last in days.values()}), sorted({today for today, _last in days.values()})


def _counted(tallies, days, open_work, complaints, handovers) -> None:
    """The rows of `_open_work`, `_complaints_open` and `_handovers_due` into the offices' tallies, each office's
    figures from the columns of its own day (`days`: office id -> (today, last counted day))."""
    last_days, today_days = _day_columns(days)
    for office_id, state, n, *overdue in open_work:
        tally = tallies[office_id]
        tally.open_by_state[state] = tally.open_by_state.get(state, 0) + n
        tally.overdue += overdue[last_days.index(days[office_id][1])]
    for office_id, open_, *overdue in complaints:
        tally = tallies[office_id]
        tally.complaints_open += open_
        tally.complaints_overdue += overdue[today_days.index(days[office_id][0])]
    for office_id, *counts in handovers:
        i = 3 * today_days.index(days[office_id][0])
        tally = tallies[office_id]
        tally.handovers_due += counts[i]
        tally.handovers_done += counts[i + 1]
        tally.handovers_overdue += counts[i + 2]


def now_figures(offices, tallies: dict[int, Tally], *, every: bool = False) -> None:
    """Open work by state, overdue, open and overdue complaints, hand-overs, counted now: a grouped query each (and
    the closed days). `services.office_now_refresh` stores them for every office; one office's page counts live
    (`office_now`, the same queries compiled once)."""
    days = _today_and_last_counted(offices, every)
    if not days:
        return
    ids = None if every else list(days)
    last_days, today_days = _day_columns(days)
    _counted(
        tallies,
        days,
        _open_work(ids, last_days),
        _complaints_open(ids, today_days),
        _handovers_due(ids, today_days),
    )


# One office's figures of now, by the queries of `now_figures` for one office and one day each, compiled once per
# process (romantik.compiled): building and compiling them cost more CPU than the database spent on them.
_DAY, _OTHER_DAY = DAY_STAND_INS[:2]
_CLOSURES_OF = CompiledRead(
    lambda pk, first, last: _closures_between([pk], first, last), stand_ins=(STAND_IN, _DAY, _OTHER_DAY)
)
_OPEN_WORK_OF = CompiledRead(lambda pk, last: _open_work([pk], [last]), stand_ins=(STAND_IN, _DAY))
_COMPLAINTS_OF = CompiledRead(lambda pk, today: _complaints_open([pk], [today]), stand_ins=(STAND_IN, _DAY))
_HANDOVERS_OF = CompiledRead(lambda pk, today: _handovers_due([pk], [today]), stand_ins=(STAND_IN, _DAY))


def office_now(office: Office) -> Tally:
    """One office's open work, overdue, complaints and hand-overs counted now (not the stored figures: the page of
    one office is where a supervisor looks after acting on it): four queries, as `now_figures` counts them."""
    pk = office.pk
    days = _today_and_last_counted([office], False, lambda first, last: _CLOSURES_OF.rows(pk, first, last))
    today, last = days[pk]
    tallies = {pk: Tally()}
    _counted(
        tallies,
        days,
        _OPEN_WORK_OF.rows(pk, last),
        _COMPLAINTS_OF.rows(pk, today),
        _HANDOVERS_OF.rows(pk, today),
    )
    return tallies[pk]


def _period_figures(office_ids, period: Period, *, by_month: bool = False) -> dict:
    """{office id (or month number, `by_month`): Tally} of the period's decisions, withdrawals and survey: two
    queries. Returns also the latest refresh time under the key None."""
    tallies = defaultdict(Tally)
    refreshed = None
    months = OfficeMonth.objects.filter(month__gte=period.start, month__lt=period.end)
    for office_id, month, *values in _of_offices(months, "office_id", office_ids).values_list(
        "office_id", "month", "decided", "on_time", "not_feasible", "revisions", "withdrawn", "closed", "durations",
        "refreshed_at",
    ):  # fmt: skip
        tally = tallies[month.month if by_month else office_id]
        decided, on_time, not_feasible, revisions, withdrawn, closed, durations, at = values
        tally.decided += decided
        tally.on_time += on_time
        tally.not_feasible += not_feasible
        tally.revisions += revisions
        tally.withdrawn += withdrawn
        tally.closed += closed
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
    now_at = _stored_now(None if supervised.every else ids, tallies)
    if now_at is None:  # nothing stored yet (a new installation before the first refresh): counted live
        now_figures(offices, tallies, every=supervised.every)
        now_at = timezone.now()
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    rows = [OfficeRow(office, tallies[office.pk], office.code in own) for office in offices]
    return Table(period=period, rows=rows, total=total, refreshed_at=refreshed, now_at=now_at)


@dataclass(frozen=True)
class OfficeMonths:
    """One office's decisions, withdrawals and survey per month of a year, and the year's: what the stored monthly
    figures and the survey's answers give, the same until the next refresh or answer (supervision.kept keeps it)."""

    year: int
    months: list[tuple[datetime.date, Tally]]  # January to December
    total: Tally  # the year
    refreshed_at: datetime.datetime | None


@dataclass(frozen=True)
class OfficeYear:
    office: Office
    year: int
    now: Tally  # open work, overdue and complaints today
    months: list[tuple[datetime.date, Tally]]  # January to December
    total: Tally  # the year
    refreshed_at: datetime.datetime | None


def office_months(office_id: int, year: int) -> OfficeMonths:
    """One office's figures per month of `year` and the year's: two queries."""
    by_month = _period_figures([office_id], Period(year), by_month=True)
    refreshed = by_month.pop(None)
    months = [(datetime.date(year, m, 1), by_month.get(m) or Tally()) for m in range(1, 13)]
    total = Tally()
    for _month, tally in months:
        total.add(tally)
    return OfficeMonths(year, months, total, refreshed)


def office_year(office: Office, year: int, months: OfficeMonths | None = None) -> OfficeYear:
    """One office's figures per month of `year` (`months` when already read: supervision.kept), the year's, and
    today's open work, in a fixed number of queries."""
    months = office_months(office.pk, year) if months is None else months
    return OfficeYear(office, year, office_now(office), months.months, months.total, months.refreshed_at)


def province_group(office: Office) -> int:
    """The office that heads the office's group in the chart: a province office for itself and the regencies
    below it; BPS RI for itself."""
    if office.level == OfficeLevel.REGENCY and office.parent_id:
        return office.parent_id
    return office.pk


def figure_years() -> list[int]:
    """The years with monthly figures, newest first, and this year. The years of the stored rows are kept in the
    shared cache per refresh of the figures (`figures_stamp`)."""
    key = f"supervision:years:{figures_stamp()}"
    stored = cache.get(key)
    if stored is None:
        stored = sorted({d.year for d in OfficeMonth.objects.dates("month", "year")})
        cache.set(key, stored, FIGURES_CACHE_SECONDS)
    years = set(stored)
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# The figures' stamp: a new value each time a refresh has written the stored figures (services.figures_renewed).
FIGURES_STAMP_KEY = "supervision:stamp"
# What is kept per stamp lives this long: the stamp changes every five minutes (beat), older entries are never read.
FIGURES_CACHE_SECONDS = 15 * 60


def figures_stamp() -> str:
    """The stamp of the stored figures: what is computed from them is kept in the shared cache under it, so a
    refresh makes it stale without deleting anything (supervision.kept). When the cache has none (never refreshed
    since the cache started, or evicted), a new one: what was kept before is then never read."""
    stamp = cache.get(FIGURES_STAMP_KEY)
    if stamp is None:
        cache.add(FIGURES_STAMP_KEY, uuid.uuid4().hex, None)
        stamp = cache.get(FIGURES_STAMP_KEY)
    return stamp


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
    offices = list(Office.objects.order_by("code").values_list("pk", "code", "name"))
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
    for pk, code, name in offices:
        tally = tallies.get(pk) or Tally()
        total.add(tally)
        rows.append(row(code, name, tally))
    return rows, row("", "", total)


def public_cache_key(part) -> str:
    """The cache key of the public page's figures for a year (or "years", the list of years)."""
    return f"supervision:public:{part}"
