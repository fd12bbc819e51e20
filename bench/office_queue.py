"""The office queue with its rows written by the template next to the rows written in Python, in the same run.

    .venv/bin/python bench/office_queue.py [--rounds 30] [--sizes 500 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/romantik_bench .venv/bin/python bench/office_queue.py

Until issue 15 the queue's rows were written in Python by a template tag (`queue_table_rows` of
review/templatetags/review_queue.py) over `review.selectors.QueueRow`s, which looked up each row's labels
(`get_kind_display`, …), date and link itself. Now `review.selectors.queue_rows` computes each row's values
once (labels from a dict built per page, one date wording per day, the link from one reversed pattern) and
templates/review/_queue_table.html writes the rows. The old tag, row and table template are kept here, and
only here, as the baseline.

On a throw-away SQLite database under a temporary folder, or on the PostgreSQL of DATABASE_URL (created when
missing and migrated; the bench's own office 9998 is rebuilt on every run), builds an office with N submissions
past draft (N of --sizes: mixed forms, channels, states, due dates around today, none to two reviewers each),
then measures, old and new alternating in each round so machine noise hits both alike, a garbage collection
(not timed) before each:

* the queue page for a reviewer through Django's test Client and the whole middleware stack (its first page:
  50 rows, and the count of N); the baseline is the same view with the old `queue_rows` and the old table
  template swapped in (a template engine of the bench's own whose loader finds the old table first);
* the table alone for every row of the queue (N rows): rows built and rendered, from submissions already read.

It first checks that old and new write the same HTML (the whitespace between tags aside: the template puts
each cell on its own line) and make the same queries. Prints medians and new / old. Not a test.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path; the project root must be there instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import gc  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date, timedelta  # noqa: E402

from django import template  # noqa: E402

OFFICE_CODE = "9998"
REVIEWERS = 3

# --- the baseline: the rows as the page wrote them before issue 15 (commit dd114af) -----------------------
# Loaded by the old table template below as {% load bench_queue_old %} (this module, imported as bench.office_queue).

register = template.Library()

OLD_TABLE = """{% load i18n bench_queue_old %}<div class="table-responsive"><table class="table table-sm table-hover align-middle" data-testid="queue-table">
  <caption class="visually-hidden">{% translate "Submissions of the office, most urgent first" %}</caption>
  <thead><tr>
    <th scope="col">{% translate "No." %}</th><th scope="col">{% translate "Title" %}</th><th scope="col">{% translate "Agency" %}</th>
    <th scope="col">{% translate "Form" %}</th><th scope="col">{% translate "Channel" %}</th><th scope="col">{% translate "State" %}</th>
    <th scope="col">{% translate "Round" %}</th><th scope="col">{% translate "Reviewers" %}</th><th scope="col">{% translate "Due date" %}</th>
  </tr></thead>
  <tbody>{% queue_table_rows rows %}</tbody>
</table></div>
"""  # noqa: E501

_ROW = (
    '<tr{} data-testid="queue-row" data-pk="{}">'
    '<td class="text-nowrap">{}</td>'
    '<td><a href="{}">{}</a></td>'
    "<td>{}</td>"
    '<td class="small">{}</td>'
    '<td><span class="badge {}" data-testid="channel">{}</span></td>'
    '<td><span class="badge state-{}">{}</span></td>'
    "<td>{}</td>"
    '<td class="small" data-testid="reviewers">{}</td>'
    '<td class="text-nowrap">{}<span class="small" data-testid="clock">{}{}</span></td>'
    "</tr>"
)
_PK = 987654321


@register.simple_tag
def queue_table_rows(rows):
    from django.urls import reverse
    from django.utils.dateformat import format as date_format
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    overdue_icon = mark_safe('<i class="bi bi-exclamation-octagon-fill" aria-hidden="true"></i> ')
    soon_icon = mark_safe('<i class="bi bi-hourglass-split" aria-hidden="true"></i> ')
    detail = reverse("review:detail", kwargs={"pk": _PK})
    none_yet = format_html('<span class="text-body-secondary">{}</span>', gettext("none yet"))

    def cells(row):
        s = row.submission
        reviewers = ", ".join(str(r) for r in row.reviewers)
        icon = overdue_icon if row.overdue else soon_icon if row.due_soon else ""
        return (
            format_html(' class="{}"', row.css_class) if row.css_class else "",
            s.pk,
            s.number or "—",
            detail.replace(str(_PK), str(s.pk)),
            str(s),
            s.agency.name,
            s.get_kind_display(),
            "text-bg-info" if s.channel == "offline" else "text-bg-light border",
            s.get_channel_display(),
            s.state,
            s.get_state_display(),
            s.round,
            reviewers or none_yet,
            format_html("{}<br>", date_format(s.due_date, "j M Y")) if s.due_date else "",
            icon,
            row.clock_text,
        )

    return format_html_join("", _ROW, (cells(row) for row in rows))


@dataclass(frozen=True)
class OldQueueRow:
    submission: object
    clock: object
    working_days: bool
    today: date

    @property
    def reviewers(self) -> list:
        return [a.reviewer for a in self.submission.assignments.all()]

    @property
    def running(self) -> bool:
        return self.clock.due_date is not None and not self.clock.paused and not self.clock.stopped

    @property
    def overdue(self) -> bool:
        return self.running and self.clock.overdue

    @property
    def due_soon(self) -> bool:
        return self.running and self.clock.due_soon

    @property
    def css_class(self) -> str:
        if self.overdue:
            return "table-danger"
        if self.due_soon:
            return "table-warning"
        return ""

    @property
    def clock_text(self) -> str:
        from django.utils.translation import gettext, ngettext

        clock = self.clock
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
            if self.working_days:
                text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", -days)
            else:
                text = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days)
            return text % {"n": -days}
        if days == 0:
            return gettext("due today") if clock.due_date >= self.today else gettext("due on the last working day")
        if self.working_days:
            text = ngettext("%(n)d working day left", "%(n)d working days left", days)
        else:
            text = ngettext("%(n)d day left", "%(n)d days left", days)
        return text % {"n": days}


def _as_model(s, office):
    """The page's rows are plain values since issue 20 (review.selectors.QueueSubmission): the old rows read models,
    made here from those values (unsaved: nothing is read again)."""
    from review.selectors import QueueSubmission
    from romantik.models import Agency
    from submissions.models import Submission

    if not isinstance(s, QueueSubmission):
        return s
    fields = {name: getattr(s, name) for name in QueueSubmission.__slots__ if name not in ("pk", "agency_name")}
    return Submission(pk=s.pk, office=office, agency=Agency(name=s.agency_name), **fields)


def old_queue_rows(submissions, *, office, today, calendar=None):
    from django.db.models import Prefetch, prefetch_related_objects

    from review import selectors
    from review.models import Assignment

    calendar = calendar or selectors.office_calendar(office)
    working = office.works_in_working_days
    # The old rows read each submission's assignments through a prefetch, which office_queue no longer makes
    # (issue 20: queue_rows reads the names in one query): the same one query here.
    submissions = [_as_model(s, office) for s in submissions]
    prefetch_related_objects(
        submissions,
        Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer").order_by("at", "pk")),
    )
    rows = []
    for s in submissions:
        if s.office_id == office.pk:
            s.office = office
        rows.append(OldQueueRow(s, selectors.clock_status(s, today=today, calendar=calendar), working, today))
    return rows


def old_template_backend():
    """The project's template settings, with a loader that finds the old table template first."""
    from django.conf import settings
    from django.template.backends.django import DjangoTemplates

    options = dict(settings.TEMPLATES[0]["OPTIONS"])
    options["libraries"] = {"bench_queue_old": "bench.office_queue"}
    options["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            [
                ("django.template.loaders.locmem.Loader", {"review/_queue_table.html": OLD_TABLE}),
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
        )
    ]
    return DjangoTemplates(
        {"NAME": "bench_old", "DIRS": settings.TEMPLATES[0]["DIRS"], "APP_DIRS": False, "OPTIONS": options}
    )


# --- the bench ----------------------------------------------------------------------------------------------


def _office_build(n: int, today: date):
    """The bench's office, rebuilt with `n` submissions past draft; returns (office, a reviewer)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from review.models import Assignment
    from romantik.enums import Role
    from romantik.models import Agency, Office, OfficeRole
    from submissions.models import Submission
    from submissions.states import State

    User = get_user_model()
    office, _ = Office.objects.get_or_create(
        code=OFFICE_CODE, defaults={"name": "BPS Bench Antrean", "level": "kabkota"}
    )
    old = Submission.objects.filter(office=office)
    Assignment.objects.filter(submission__in=old).delete()
    old.delete()
    agencies = [
        Agency.objects.get_or_create(name=name, defaults={"level": "kabkota"})[0]
        for name in ("Dinas Kesehatan Bench", "Dinas Pendidikan & Kebudayaan Bench", "Bappeda Bench")
    ]
    owner, _ = User.objects.get_or_create(email="agency@queue.bench.test")
    reviewers = []
    for i in range(REVIEWERS):
        person, _ = User.objects.get_or_create(
            email=f"reviewer{i}@queue.bench.test", defaults={"full_name": f"Pemeriksa <{i}> Bench"}
        )
        OfficeRole.objects.get_or_create(user=person, office=office, role=Role.REVIEWER)
        reviewers.append(person)
    states = [State.SUBMITTED, State.IN_REVIEW, State.IN_REVIEW, State.NEEDS_REVISION, State.FEASIBLE]
    now = timezone.now()
    batch = []
    for i in range(n):
        state = states[i % len(states)]
        due = None if i % 11 == 0 else today + timedelta(days=(i % 29) - 9)
        batch.append(
            Submission(
                kind=("fs3", "fpkpa", "mskeg")[i % 3],
                number=None if i % 13 == 0 else f"{OFFICE_CODE}-2026-{i:05d}",
                agency=agencies[i % len(agencies)],
                office=office,
                created_by=owner,
                state=state,
                round=1 + i % 3,
                channel="offline" if i % 4 == 0 else "online",
                title=f'Survei Bench {i} "<Sosial & Ekonomi>"',
                submitted_at=now - timedelta(days=60, minutes=i),
                recorded_complete_on=due and due - timedelta(days=42),
                due_date=due,
                clock_paused_on=today - timedelta(days=2) if state == State.NEEDS_REVISION and due else None,
                decided_at=now if state == State.FEASIBLE else None,
            )
        )
    Submission.objects.bulk_create(batch, batch_size=2000)
    pks = list(Submission.objects.filter(office=office).order_by("pk").values_list("pk", flat=True))
    Assignment.objects.bulk_create(
        [
            Assignment(submission_id=pk, reviewer=reviewers[(i + j) % REVIEWERS])
            for i, pk in enumerate(pks)
            for j in range(i % 3)
        ],
        batch_size=5000,
    )
    return office, reviewers[0]


def _same_html(old: str, new: str) -> None:
    """Stops the bench when `old` and `new` differ, apart from the whitespace between tags and the CSRF token."""

    def squeeze(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)  # per response
        return re.sub(r">\s+<", "><", html)

    if squeeze(old) != squeeze(new):
        a, b = squeeze(old), squeeze(new)
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        raise SystemExit(
            f"old and new HTML differ at {at}:\n old: {a[at - 200 : at + 200]}\n new: {b[at - 200 : at + 200]}"
        )


def _counting(queries: list):
    """A database execute wrapper that appends each query's SQL to `queries`."""

    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def _measure(n: int, *, rounds: int, table_rounds: int, old_backend) -> tuple[int, dict[str, float]]:
    """Old and new side by side for an office of `n` submissions: (the page's queries, median ms of each)."""
    from django.db import connection
    from django.http import HttpResponse
    from django.template import engines
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone, translation

    import review.views.queue as queue_view
    from review.selectors import office_calendar, office_queue, queue_rows
    from romantik.calendar import office_today

    started = time.perf_counter()
    office, reviewer = _office_build(n, timezone.localdate())
    print(f"built office {OFFICE_CODE} with {n:,} submissions in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(reviewer)
    url = reverse("review:queue", kwargs={"code": office.code})

    def old_render(request, name, context):
        return HttpResponse(old_backend.get_template(name).render(context, request))

    def page(old: bool):
        """The queue page; `old`: the same view calling the old rows and rendering with the old table."""
        saved = queue_view.queue_rows, queue_view.render, queue_view.rows_html
        if old:  # the old rows through the old table (no kept rows' HTML: the table writes each row)
            queue_view.queue_rows, queue_view.render = old_queue_rows, old_render
            queue_view.rows_html = lambda rows: None
        try:
            response = client.get(url)
        finally:
            queue_view.queue_rows, queue_view.render, queue_view.rows_html = saved
        assert response.status_code == 200, response.status_code
        return response

    old_queries, new_queries = [], []
    with connection.execute_wrapper(_counting(old_queries)):
        old_html = page(old=True).content.decode()
    with connection.execute_wrapper(_counting(new_queries)):
        new_html = page(old=False).content.decode()
    _same_html(old_html, new_html)
    assert len(old_queries) == len(new_queries), (len(old_queries), len(new_queries))
    shown = new_html.count('data-testid="queue-row"')
    assert shown == old_html.count('data-testid="queue-row"') and shown == min(50, n * 4 // 5), shown

    today, calendar = office_today(office), office_calendar(office)
    submissions = list(office_queue(office))
    new_table = engines["django"].get_template("review/_queue_table.html")
    old_table = old_backend.get_template("review/_queue_table.html")

    def table_old():
        rows = old_queue_rows(submissions, office=office, today=today, calendar=calendar)
        return old_table.render({"rows": rows})

    def table_new():
        rows = queue_rows(submissions, office=office, today=today, calendar=calendar)
        return new_table.render({"rows": rows})

    timings = {"page old": [], "page new": [], "table old": [], "table new": []}
    for _ in range(3):  # warm-up: templates, translations, query plans
        page(old=True), page(old=False)
    for _ in range(rounds):
        for name, old in (("page old", True), ("page new", False)):
            gc.collect()  # untimed: neither side pays for the other's garbage
            start = time.perf_counter()
            page(old)
            timings[name].append(time.perf_counter() - start)
    with translation.override("id"):
        _same_html(table_old(), table_new())
        for _ in range(table_rounds):
            for name, fn in (("table old", table_old), ("table new", table_new)):
                gc.collect()
                start = time.perf_counter()
                fn()
                timings[name].append(time.perf_counter() - start)
    return len(new_queries), {name: statistics.median(values) * 1000 for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="Timed page requests per size and side (default 30).")
    parser.add_argument("--table-rounds", type=int, default=10, help="Timed renders of the whole table (default 10).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    args = parser.parse_args()

    from bench.environment import database_prepare, django_start

    # DATABASE_URL (e.g. a PostgreSQL database for benchmarks) when set; else a throw-away SQLite database.
    django_start(database_url=os.environ.get("DATABASE_URL") or None)
    from django.db import connection

    database_prepare()
    db = connection.settings_dict
    where = "SQLite (throw-away)" if db["ENGINE"].endswith("sqlite3") else f"PostgreSQL {db['NAME']}"
    print(f"{where}; machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (1 min) at the start")
    old_backend = old_template_backend()
    results = [
        (n, *_measure(n, rounds=args.rounds, table_rounds=args.table_rounds, old_backend=old_backend))
        for n in args.sizes
    ]
    print(f"\nmedians, ms ({args.rounds} page requests and {args.table_rounds} table renders per side and size)")
    print(
        f"{'submissions':>11} {'queries':>7} {'page old':>9} {'page new':>9} {'new/old':>7}   "
        f"{'table old':>9} {'table new':>9} {'new/old':>7}"
    )
    for n, queries, m in results:
        page, table = m["page new"] / m["page old"], m["table new"] / m["table old"]
        print(
            f"{n:>11,} {queries:>7} {m['page old']:>9.1f} {m['page new']:>9.1f} {page:>7.2f}   "
            f"{m['table old']:>9.1f} {m['table new']:>9.1f} {table:>7.2f}"
        )
    print("page: the queue's first page (50 rows) for a reviewer; table: every row of the queue, its submissions read")
    print(f"load average {os.getloadavg()[0]:.1f} (1 min) at the end")


if __name__ == "__main__":
    main()
