"""Reads of the review workflow shared by pages: an office's queue and where each row's clock stands.

A page of the queue costs a fixed number of queries whatever its length: the page's submissions with their agency's
name, and the count of all that match (`queue_page`), the names of their assigned reviewers (one query of
three columns), and the office's closed days, loaded once into one `OfficeCalendar` that every row's clock uses;
its filter form reads the office's reviewers and years (`office_reviewers`, `office_years`). The reads of an
office's closed days, reviewers and years are compiled to SQL once per process (`romantik.compiled.CompiledRead`).
"""

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F, Lookup, Q, QuerySet
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext, ngettext

from romantik.calendar import OfficeCalendar, national_holidays
from romantik.compiled import CompiledRead
from romantik.enums import Role
from romantik.links import pk_url_pattern
from romantik.models import Office, OfficeClosure
from romantik.selectors import office_roles_of, staff_with_roles
from submissions.clock import DUE_SOON_DAYS, ClockStatus, clock_status
from submissions.enums import Channel, Kind
from submissions.states import State

from .models import Assignment, Consultation, SectionNote

# No decision yet (the office, or the agency revising, still has to act): what the queue shows by default.
AWAITING_DECISION_STATES = (State.SUBMITTED, State.IN_REVIEW, State.NEEDS_REVISION)
# Waiting on the office itself, not on the agency: what the workspace lists as most urgent.
WITH_OFFICE_STATES = (State.SUBMITTED, State.IN_REVIEW)


# What a row of the queue shows (review/_queue_table.html) and its clock reads, not the whole form: at national
# scale the other columns (texts, JSON answers) and every row's copy of the office cost more than the page.
# The office is the one of the queue, so it is not joined either.
QUEUE_ROW_FIELDS = (
    "number", "title", "kind", "channel", "state", "round", "office_id", "submitted_at", "due_date", "decided_at",
    "clock_paused_on", "agency__name",
)  # fmt: skip


class _PageCalendar(OfficeCalendar):
    """An office's calendar for one page: the working days between two dates counted by arithmetic, not day by day
    (a page's fifty clocks walked ~1,100 days; issue 20). Its closed days are read once, when it is made, so a count
    cannot go stale while the page is built.

    Working days in (start, end] are the weekdays in it, counted from the dates' ordinals (day 1 of year 1 was a
    Monday), less the weekdays in it that are a national holiday or a closure of the office, found by bisection in a
    sorted list of those days: the same days `OfficeCalendar.is_working_day` refuses (a holiday is looked up in its
    own year's list, as `is_national_holiday` does)."""

    def __init__(self, office, closures: set[date]):
        super().__init__(office, closures=closures)
        self._years: tuple[int, int] | None = None
        self._off: list[date] = []

    def _off_weekdays(self, first: int, last: int) -> list[date]:
        """The weekdays of the years `first`..`last` that are not working days, in order."""
        if self._years is None or first < self._years[0] or last > self._years[1]:
            if self._years is not None:
                first, last = min(first, self._years[0]), max(last, self._years[1])
            off = {day for year in range(first, last + 1) for day in national_holidays(year) if day.year == year}
            off.update(day for day in self.closures if first <= day.year <= last)
            self._off = sorted(day for day in off if day.weekday() < 5)
            self._years = (first, last)
        return self._off

    @staticmethod
    def _weekdays_through(day: date) -> int:
        """Weekdays from 1 January of year 1 (a Monday) to `day`, both included."""
        weeks, rest = divmod(day.toordinal(), 7)
        return weeks * 5 + min(rest, 5)

    def working_days_between(self, start: date, end: date) -> int:
        if end < start:
            return -self.working_days_between(end, start)
        off = self._off_weekdays(start.year, end.year)
        weekdays = self._weekdays_through(end) - self._weekdays_through(start)
        return weekdays - (bisect_right(off, end) - bisect_right(off, start))


def _closures(office_id):
    return OfficeClosure.objects.filter(office_id=office_id).values_list("date")


def _reviewers(office_id):
    return staff_with_roles(Office(pk=office_id), {Role.REVIEWER}).values_list("pk", "full_name", "email")


OFFICE_CLOSURES, OFFICE_REVIEWERS = CompiledRead(_closures), CompiledRead(_reviewers)
def _office_years_sql(connection) -> str:
    """`office_years`' query: one probe of the partial index `submission_office_years` (office, year; year set, not
    a draft) per year, each the largest year below the last (a loose index scan, as `catalogue.selectors.
    catalogue_years`), not a DISTINCT over every row of the office, which grows with them (issue 20)."""
    from submissions.models import Submission

    meta, quote = Submission._meta, connection.ops.quote_name
    table, office, year, state = (
        quote(meta.db_table),
        quote(meta.get_field("office").column),
        quote("year"),
        quote("state"),
    )
    rows = f"FROM {table} WHERE {office} = %s AND {year} IS NOT NULL AND {state} <> %s"  # noqa: S608
    return (
        f"WITH RECURSIVE y(year) AS (SELECT MAX({year}) {rows} "  # noqa: S608
        f"UNION ALL SELECT (SELECT MAX({year}) {rows} AND {year} < y.year) FROM y WHERE y.year IS NOT NULL) "
        "SELECT year FROM y WHERE year IS NOT NULL"
    )


_OFFICE_YEARS_SQL: dict[str, str] = {}


def office_years(office) -> tuple[int, ...]:
    """The years of the office's submissions past draft, latest first (the queue's year filter). One query."""
    from submissions.models import Submission

    connection = connections[Submission.objects.db]
    sql = _OFFICE_YEARS_SQL.get(connection.vendor)
    if sql is None:
        sql = _OFFICE_YEARS_SQL[connection.vendor] = _office_years_sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [office.pk, State.DRAFT.value, office.pk, State.DRAFT.value])
        return tuple(year for (year,) in cursor.fetchall())


def office_reviewers(office) -> tuple[tuple[int, str], ...]:
    """The office's reviewers as (pk, name) by pk: the name as User.__str__ gives it (the full name, else the
    e-mail). One query."""
    return tuple((pk, full_name or email) for pk, full_name, email in OFFICE_REVIEWERS.rows(office.pk))


def office_calendar(office) -> OfficeCalendar:
    """The office's calendar with its closed days loaded now (one query), for every row of a page."""
    return _PageCalendar(office, closures={day for (day,) in OFFICE_CLOSURES.rows(office.pk)})


class _LazyPageCalendar(_PageCalendar):
    """`_PageCalendar` whose closed days are read only when a count first needs them, as `OfficeCalendar` reads
    them (the same query, compiled once per process: `OFFICE_CLOSURES`)."""

    @property
    def closures(self) -> set[date]:
        if self._closures is None:
            self._closures = {day for (day,) in OFFICE_CLOSURES.rows(self.office.pk)} if self.office.pk else set()
        return self._closures


def office_calendar_lazy(office) -> OfficeCalendar:
    """The office's calendar for one clock (the review page's): its closed days read when first needed, by SQL
    compiled once, its working days counted by arithmetic (issue 20: the ORM's query and the day-by-day count
    cost the review page ~0.4 ms)."""
    return _LazyPageCalendar(office, closures=None)


def office_queue(office, *, states=None) -> QuerySet:
    """What has reached an office (anything past draft), most urgent first: not yet recorded complete
    (intake is waiting), then by due date, then by the time it was submitted."""
    from submissions.models import Submission

    qs = Submission.objects.filter(office=office).exclude(state=State.DRAFT)
    if states is not None:
        qs = qs.filter(state__in=states)
    # The assigned reviewers' names are read by queue_rows, for the rows shown only (one query of three columns,
    # not a prefetch of every assignment and person as models: issue 20).
    return (
        qs.select_related("agency")
        .only(*QUEUE_ROW_FIELDS)
        .order_by(F("due_date").asc(nulls_first=True), F("submitted_at").asc(nulls_last=True), "pk")
    )


def _reviewer_names_sql(connection) -> str:
    """The SQL of `reviewer_names` with `{places}` for the ids: the ORM's query written once per process and
    database vendor, since compiling a list of fifty ids cost more than PostgreSQL spent running it (issue 20)."""
    from django.contrib.auth import get_user_model

    quote = connection.ops.quote_name
    assignment, user = Assignment._meta, get_user_model()._meta
    a, u = quote(assignment.db_table), quote(user.db_table)

    def column(table, meta, name):
        return f"{table}.{quote(meta.get_field(name).column)}"

    submission = column(a, assignment, "submission")
    return (
        f"SELECT {submission}, {column(u, user, 'full_name')}, {column(u, user, 'email')} "  # noqa: S608
        f"FROM {a} INNER JOIN {u} ON ({column(a, assignment, 'reviewer')} = {column(u, user, 'id')}) "
        f"WHERE {submission} IN ({{places}}) ORDER BY {column(a, assignment, 'at')}, {column(a, assignment, 'id')}"
    )


_REVIEWER_NAMES_SQL: dict[str, str] = {}


def reviewer_names(submission_ids) -> dict[int, str]:
    """The names of the reviewers assigned to each submission, in the order they were assigned, comma-separated
    (User.__str__: the full name, else the e-mail); a submission with none is absent. One query: the ORM's
    `Assignment.objects.filter(submission_id__in=ids).order_by("at", "pk").values_list("submission_id",
    "reviewer__full_name", "reviewer__email")`, as plain SQL (tests/review/test_queue_form.py compares them)."""
    ids = [int(pk) for pk in submission_ids]
    if not ids:
        return {}
    connection = connections[Assignment.objects.db]
    sql = _REVIEWER_NAMES_SQL.get(connection.vendor)
    if sql is None:
        sql = _REVIEWER_NAMES_SQL[connection.vendor] = _reviewer_names_sql(connection)
    names: dict[int, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(places=", ".join(["%s"] * len(ids))), ids)
        for submission_id, full_name, email in cursor.fetchall():
            names.setdefault(submission_id, []).append(full_name or email)
    return {submission_id: ", ".join(each) for submission_id, each in names.items()}


def agencies_named(text: str) -> list[int]:
    """The ids of the agencies whose name contains `text` (the queue's text filter), read first: as a list of ids
    the agency arm of the filter's OR is `agency_id = ANY(...)`, which an index answers, so a search of every
    office's rows can combine the number and title trigram indexes with it (a BitmapOr: 0.33 ms for 54 rows at
    10k, against a sequential scan with a hashed subplan, 38.6 ms; docs/PERFORMANCE.md)."""
    from romantik.models import Agency

    connection = connections[Agency.objects.db]
    found = _AGENCIES_NAMED_SQL.get(connection.vendor)
    if found is None:
        found = _AGENCIES_NAMED_SQL[connection.vendor] = _agencies_named_sql(connection)
    sql, like = found
    with connection.cursor() as cursor:
        cursor.execute(sql, [like.replace(_NAMED_STAND_IN, connection.ops.prep_for_like_query(text))])
        return [pk for (pk,) in cursor.fetchall()]


def _agencies_named_queryset(text: str) -> QuerySet:
    from romantik.models import Agency

    return Agency.objects.filter(name__icontains=text).order_by("pk").values_list("pk", flat=True)


# `agencies_named`'s query compiled once per database vendor (issue 20: compiling it cost more than running it):
# the ORM's SQL for a stand-in text, whose one parameter is the pattern `icontains` makes of the text
# ("%<text escaped for LIKE>%"), in which each view puts its own text as the ORM escapes it.
_NAMED_STAND_IN = "\x00agencies-named\x00"
_AGENCIES_NAMED_SQL: dict[str, tuple[str, str]] = {}


def _agencies_named_sql(connection) -> tuple[str, str]:
    sql, params = _agencies_named_queryset(_NAMED_STAND_IN).query.get_compiler(connection=connection).as_sql()
    (like,) = params
    if like.count(_NAMED_STAND_IN) != 1:
        raise ValueError(f"unexpected parameter {like!r}")
    return sql, like


class _AmongIds(Lookup):
    """`column IN (%s, %s, ...)` for a list of ids already read as ints (`agencies_named`): the SQL of Django's
    `__in` lookup (the same text, the same plan), without its preparing each id on every compile: a filter holding
    the 396 agencies named "kesehatan" at 10k cost the queue's filtered page ~2 ms of CPU to build and compile
    twice (count and page; issue 20). Not registered: made by `among_ids` only."""

    lookup_name = "among_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs)


def among_ids(field: str, ids: list[int]) -> Q:
    """`Q(<field>__in=ids)` for ids read from the database (distinct ints): the same SQL, compiled without Django
    preparing each id; no ids: a condition nothing meets, as `__in=[]` is."""
    if not ids:
        return Q(pk__in=[])
    return Q(_AmongIds(F(field), tuple(int(pk) for pk in ids)))


# --- the clock as a filter ---------------------------------------------------------------------------
# The same boundaries as `clock_status`, as conditions on `due_date`, so that the "overdue" and "due soon"
# filters select exactly the rows the page highlights.


def running_clock() -> Q:
    """Recorded complete, not decided, not withdrawn or closed and not waiting for the agency's revision."""
    stopped = (State.WITHDRAWN, State.CLOSED)
    return Q(due_date__isnull=False, decided_at__isnull=True, clock_paused_on__isnull=True) & ~Q(state__in=stopped)


def last_counted_day(calendar: OfficeCalendar, today: date) -> date:
    """The latest day on or before `today` that the office's service time counts."""
    if not calendar.office.works_in_working_days:
        return today
    day = today
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def overdue(calendar: OfficeCalendar, today: date) -> Q:
    """Running and past due: at least one counted day has passed since the due date."""
    return running_clock() & Q(due_date__lt=last_counted_day(calendar, today))


def due_soon(calendar: OfficeCalendar, today: date) -> Q:
    """Running, not overdue, and at most DUE_SOON_DAYS counted days left."""
    if calendar.office.works_in_working_days:
        first_not_soon = calendar.add_working_days(today, DUE_SOON_DAYS + 1)
    else:
        first_not_soon = today + timedelta(days=DUE_SOON_DAYS + 1)
    return running_clock() & Q(due_date__gte=last_counted_day(calendar, today), due_date__lt=first_not_soon)


# --- rows --------------------------------------------------------------------------------------------


# What the queue's page reads of each submission, as plain values (QueueSubmission): fifty models and their agencies
# cost the page 2 ms more than the rows themselves (issue 20).
QUEUE_PAGE_VALUES = (
    "pk", "number", "title", "kind", "channel", "state", "round", "due_date", "decided_at", "clock_paused_on",
    "agency__name",
)  # fmt: skip


@dataclass(slots=True)
class QueueSubmission:
    """A submission of the queue's page as the values its row and clock read (QUEUE_PAGE_VALUES): what
    `clock_status` and `queue_rows` read of a Submission, under the same names."""

    pk: int
    number: str
    title: str
    kind: str
    channel: str
    state: str
    round: int
    due_date: date | None
    decided_at: object
    clock_paused_on: date | None
    agency_name: str

    def __str__(self):
        return self.title or gettext("(untitled)")  # Submission.__str__


class _CountedPaginator(Paginator):
    """A paginator told its count, so that it asks for none."""

    def __init__(self, count: int, per_page: int):
        super().__init__((), per_page)
        self.count = count  # the cached property's value, set


def queue_page(queryset: QuerySet, number, *, per_page: int) -> Page:
    """Page `number` (the page parameter as given) of `queryset` (office_queue's, filtered), as Django's
    `Paginator.get_page` gives it (not a whole number: the first page; past the last or below the first: the last),
    its object_list the rows as QueueSubmissions (plain values, issue 20). Two queries, neither growing with the
    office's rows beyond what the index answers: the count, and the page's rows read in the index's order and
    stopped at the page's end (a count over the rows in the same query, `COUNT(*) OVER ()`, would read and join
    every matching row: 8.7 ms for the busiest office at 100k, against 0.5 at 10k)."""
    paginator = _CountedPaginator(queryset.count(), per_page)
    page = paginator.get_page(number)  # Django's own rules for the number; its object_list is empty
    offset = (page.number - 1) * per_page
    read = queryset.values_list(*QUEUE_PAGE_VALUES)[offset : offset + per_page] if paginator.count else ()
    return Page([QueueSubmission(*row) for row in read], page.number, paginator)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One submission of the queue with its clock, and what its row shows (review/_queue_table.html) worked out
    once, in the active language, so that the template only writes it."""

    submission: object  # a Submission, or the QueueSubmission of the queue's page
    pk: int
    state_code: str  # the state's value (its badge's class)
    offline: bool  # recorded at the PST front desk
    round: int
    clock: ClockStatus
    overdue: bool  # a running clock past its due date: the row is red
    due_soon: bool  # a running clock with at most DUE_SOON_DAYS left: the row is yellow
    url: str  # the review page
    number: str  # "—" while it has none
    title: str
    agency: str
    kind: str  # the labels of its form, channel and state
    channel: str
    state: str
    reviewers: str  # the assigned reviewers' names, comma-separated; "" when none yet
    due_date: str  # "3 Feb 2026"; "" while the clock has not started
    clock_text: str  # where the clock stands: "2 working days left", "paused — …"


def clock_wording(clock: ClockStatus, *, working_days: bool, today: date) -> str:
    """Where a row's clock stands, in words; `working_days`: the office counts working days (hari kerja)."""
    if clock.due_date is None:
        return gettext("not recorded complete yet")
    if clock.withdrawn:
        return gettext("withdrawn")
    if clock.stopped:
        return gettext("decided")
    if clock.paused:
        return gettext("paused — waiting for the agency's revision")
    days = clock.days_left
    if days < 0:
        if working_days:
            text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -days)
        else:
            text = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days)
        return text % {"n": -days}
    if days == 0:
        # Due today; or (a weekend or holiday after the due date) no counted day has passed since.
        return gettext("due today") if clock.due_date >= today else gettext("due on the last working day")
    if working_days:
        text = ngettext("%(n)d working day left", "%(n)d working days left", days)
    else:
        text = ngettext("%(n)d day left", "%(n)d days left", days)
    return text % {"n": days}


def choice_labels(choices) -> dict[str, str]:
    """Each choice's label by its value, in the active language."""
    return {value: str(label) for value, label in choices}


class _DueDates(dict):
    """Each due date as a row writes it, "j M Y" in the active language (django.utils.dateformat's day, month
    abbreviation and year: `MONTHS_3[month].title()`), worked out once per date of the page."""

    def __missing__(self, day: date) -> str:
        text = self[day] = f"{day.day} {MONTHS_3[day.month].title()} {day.year:04d}"
        return text


def queue_rows(submissions, *, office, today: date, calendar: OfficeCalendar | None = None) -> list[QueueRow]:
    """Rows for `submissions` (of `office`: read by `office_queue` as models, or QueueSubmissions of `queue_page`),
    with every clock on one calendar.

    What every row shares is looked up once: the labels of the forms, channels and states (a dict each, where
    `get_kind_display()` and the like build one per call), the review page's URL pattern (one `reverse()`), and
    the wording of each due date (rows share a few dozen dates); the reviewers' names are one query."""
    calendar = calendar or office_calendar(office)
    working = office.works_in_working_days
    kinds, channels, states = (choice_labels(choices) for choices in (Kind.choices, Channel.choices, State.choices))
    review_page = pk_url_pattern("review:detail")
    days = _DueDates()
    submissions = list(submissions)
    reviewers = reviewer_names([s.pk for s in submissions]) if submissions else {}
    offline = Channel.OFFLINE.value
    rows = []
    for s in submissions:
        if isinstance(s, QueueSubmission):
            agency = s.agency_name
        else:
            if s.office_id == office.pk:
                s.office = office  # the queue does not join the office (QUEUE_ROW_FIELDS): reading it costs nothing
            agency = s.agency.name
        clock = clock_status(s, today=today, calendar=calendar)
        running = clock.due_date is not None and not clock.paused and not clock.stopped
        due = s.due_date
        rows.append(
            QueueRow(
                submission=s,
                pk=s.pk,
                state_code=s.state,
                offline=s.channel == offline,
                round=s.round,
                clock=clock,
                overdue=running and clock.overdue,
                due_soon=running and clock.due_soon,
                url=review_page.format(pk=s.pk),
                number=s.number or "—",
                title=str(s),
                agency=agency,
                kind=kinds.get(s.kind, s.kind),
                channel=channels.get(s.channel, s.channel),
                state=states.get(s.state, s.state),
                reviewers=reviewers.get(s.pk, ""),
                due_date=days[due] if due is not None else "",
                clock_text=clock_wording(clock, working_days=working, today=today),
            )
        )
    return rows


# --- The review page: a repeated click (a second POST of the same text) changes nothing ---------------------


def note_repeated(*, submission, section: str, field: str, text: str, author) -> bool:
    """The same note by the same author on the same question of this round is already there."""
    return (
        bool(text)
        and SectionNote.objects.filter(
            submission=submission, round=submission.round, section=section, field=field, text=text, author=author
        ).exists()
    )


def comment_repeated(*, submission, text: str, author) -> bool:
    """The last internal comment is this one, by the same author."""
    last = submission.comments.order_by("-pk").first()
    return last is not None and last.author_id == author.pk and last.text == text


def consultation_repeated(*, submission, question: str, to_user, to_office) -> bool:
    """The same question to the same colleague or office is already open."""
    return (
        bool(question)
        and submission.consultations.filter(
            question=question, answered_at__isnull=True, to_user=to_user, to_office=to_office
        ).exists()
    )


def consultations_open_for(user) -> QuerySet:
    """Open questions addressed to `user`, or to an office where the user works, oldest first."""
    codes = list(office_roles_of(user).keys())
    return (
        Consultation.objects.filter(answered_at__isnull=True)
        .filter(Q(to_user=user) | Q(to_office__code__in=codes))
        .select_related("submission", "submission__agency", "submission__office", "requested_by", "to_office")
        .order_by("asked_at", "pk")
    )
