"""Server-side p50/p95 of the busiest pages over the national data set, next to a bare view, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/romantik_bench make bench-national
    DATABASE_URL=... .venv/bin/python bench/national.py [--requests 50] [--sweeps 5] [--reset]

Against the PostgreSQL of DATABASE_URL: creates the database when it is missing, migrates, loads the national
data set (`manage.py seed_bench`: all offices, 5,000 agencies, 100,000 submissions, 20,000 letters) unless it
is already there (`--reset` loads it again), then measures in-process with Django's test Client, through the
whole middleware stack (no network): the agency's submission list, the office queue (first page and a
filtered page), a submission's review page, the public catalogue search, and the deadline sweep
(`review.reminders.reminders_sweep`; the reminders it queues are deleted after each run so every run does the
same work). The reference is a bare view returning "ok" behind the same middleware (mounted only here, through
this module's `urlpatterns`); a second one, the base page, renders base.html for the signed-in person.

The pages are requested in turn, round after round, so machine noise hits all alike; a garbage collection,
not timed, precedes each request so that no page pays for the garbage of the one before it. Each page is measured
for the largest subject of the data set (busiest agency, busiest office, the submission with the most rounds
and notes) and its query count is also taken for the smallest one: the counts must be equal. Prints p50, p95,
p95 / bare p95, p95 / base p95, queries, and which targets of docs/PERFORMANCE.md each page meets. Not a
test. The broker is the in-memory one, so no reminder is sent. The supervision pages (issue 18: BPS RI's year and
month over every office, one office, the public performance page) are also printed in CPU time of this process
(`time.process_time`), beside a diagnostic row of BPS RI's year as built after a refresh (supervision.kept).
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Targets (issue 9, "National-scale performance").
P95_MS = 50.0
RATIO = 5.0
BASE_RATIO = 4.0  # issue 20: p95 <= 4x the base page's (the floor of any page on this stack)
SWEEP_S = 2.0
# The filtered queue page: in review or submitted, FS3, agency or title containing this word.
QUEUE_FILTER_TEXT = "kesehatan"
BARE, BASE = "bare view (reference)", "base page (reference)"
NO_DUPLICATES = "  duplicate search uncached"
SUPERVISION = "supervision (all offices)"
# Diagnostic: BPS RI's year as the first view after a refresh builds it (supervision.kept, its cache replaced by a
# dummy for the request); the row above is the table as kept in the shared cache between refreshes.
SUPERVISION_BUILT = "  supervision, built"
PUBLIC_PERFORMANCE = "public performance"
PUBLIC_UNCACHED = "  public, cache cleared"


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def base_page(request):
    """The site's frame for the signed-in person (base.html: navigation, messages), with no content: what every
    page costs before its own work, a second reference next to the bare view."""
    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render

    return login_required(lambda request: render(request, "base.html"))(request)


def _urlpatterns():
    from django.urls import include, path

    return [
        path("bench/bare/", bare, name="bench_bare"),
        path("bench/base/", base_page, name="bench_base"),
        path("", include("portal.urls")),
    ]


def __getattr__(name):
    # ROOT_URLCONF = "bench.national": Django reads `urlpatterns` once the settings are loaded.
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _database_prepare(reset: bool) -> None:
    """Create the database when missing, migrate, seed when the bench data is absent (or --reset)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.environment import database_prepare

    database_prepare()
    from portal.management.commands.seed_bench import bench_users

    if reset or not bench_users().exists():
        started = time.perf_counter()
        call_command("seed_bench", reset=reset)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    connection.close()


def _subjects():
    """The largest and the smallest subject of each page in the bench data."""
    from django.db.models import Count, Exists, OuterRef, Q

    from portal.management.commands.seed_bench import BENCH_DOMAIN
    from romantik.enums import MembershipStatus, OfficeLevel, Role
    from romantik.models import AgencyMembership, Office, OfficeRole
    from submissions.models import Submission
    from submissions.states import State

    agencies = (
        Submission.objects.filter(created_by__email__endswith=f"@{BENCH_DOMAIN}")
        .values("agency")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency")
    )
    big_agency, small_agency = agencies.first(), agencies.last()

    def member(agency):
        return (
            AgencyMembership.objects.filter(agency=agency["agency"], status=MembershipStatus.VERIFIED)
            .order_by("pk")
            .select_related("user")
            .first()
            .user
        )

    offices = (
        Office.objects.annotate(n=Count("submissions", filter=~Q(submissions__state=State.DRAFT)))
        .filter(n__gt=0)
        .order_by("-n", "code")
    )
    big_office = offices.first()
    below_central = offices.exclude(level=OfficeLevel.CENTRAL).first()  # big_office, unless that is BPS RI
    # The quietest office whose first page (what awaits a decision) has a row: an empty page reads neither the rows'
    # reviewers nor their closures, so its fewer queries would say nothing of growth with the data.
    from review.selectors import AWAITING_DECISION_STATES

    small_office = offices.filter(
        Exists(Submission.objects.filter(office=OuterRef("pk"), state__in=AWAITING_DECISION_STATES))
    ).last()
    # The quietest office with a row on the filtered page (an empty page skips the reviewers' query).
    small_filtered = offices.filter(
        Exists(
            Submission.objects.filter(
                office=OuterRef("pk"),
                state__in=(State.IN_REVIEW, State.SUBMITTED),
                kind="fs3",
                agency__name__icontains=QUEUE_FILTER_TEXT,
            )
        )
    ).last()

    def reviewer(office):
        return (
            OfficeRole.objects.filter(office=office, role=Role.REVIEWER, user__email__endswith=f"@{BENCH_DOMAIN}")
            .order_by("pk")
            .first()
            .user
        )

    under_review = Submission.objects.filter(office=big_office, state=State.IN_REVIEW).annotate(
        notes_n=Count("notes", distinct=True)
    )
    small_submission = under_review.order_by("round", "notes_n", "pk").first()
    # The largest form under review anywhere (issue 20: 50-300 variables, 20+ indicators, rounds of many notes),
    # measured by a reviewer of its own office.
    from submissions.models import Variable

    largest = (
        Variable.objects.filter(submission__state=State.IN_REVIEW)
        .values("submission")
        .annotate(n=Count("pk"))
        .order_by("-n", "submission")
        .first()
    )
    big_submission = Submission.objects.select_related("office").get(pk=largest["submission"])
    return {
        "agency": (member(big_agency), big_agency["n"], member(small_agency), small_agency["n"]),
        "office": (big_office, reviewer(big_office), small_office, reviewer(small_office)),
        "office_below_central": below_central,
        "filtered_office": (small_filtered, reviewer(small_filtered)),
        "submission": (big_submission, small_submission),
        "submission_reviewer": reviewer(big_submission.office),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="Timed requests per page (default 50).")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--sweeps", type=int, default=5, help="Timed runs of the deadline sweep (default 5).")
    parser.add_argument("--reset", action="store_true", help="Load the bench data again.")
    parser.add_argument("--json", help="Also write the figures to this file (bench/http_national.py reads it).")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/romantik_bench")
    from django.conf import settings

    from bench.environment import django_start

    # No worker listens: reminders queued by the sweep go nowhere, as in bench/reminders.py.
    django_start(database_url=os.environ["DATABASE_URL"], throwaway_files=False)
    settings.ROOT_URLCONF = "bench.national"
    _database_prepare(args.reset)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from notifications.models import Message
    from review.reminders import reminders_sweep

    s = _subjects()
    agency_user, agency_n, small_agency_user, small_agency_n = s["agency"]
    office, reviewer, small_office, small_reviewer = s["office"]
    submission, small_submission = s["submission"]

    def client_for(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    agency_client, reviewer_client, anonymous = client_for(agency_user), client_for(reviewer), client_for(None)
    small_agency_client, small_reviewer_client = client_for(small_agency_user), client_for(small_reviewer)
    filtered_office, filtered_reviewer = s["filtered_office"]
    filtered_client = client_for(filtered_reviewer)
    submission_client = client_for(s["submission_reviewer"])
    queue_filter = f"?saring=1&status=diperiksa&status=diajukan&jenis=fs3&q={QUEUE_FILTER_TEXT}"
    pages = [
        # name, client, url; the same page for the smallest subject (query count only)
        (BARE, agency_client, "/bench/bare/", None),
        (BASE, agency_client, "/bench/base/", None),
        ("agency: my submissions", agency_client, reverse("submissions:list"), (small_agency_client, None)),
        (
            "office queue, first page",
            reviewer_client,
            reverse("review:queue", kwargs={"code": office.code}),
            (small_reviewer_client, reverse("review:queue", kwargs={"code": small_office.code})),
        ),
        (
            "office queue, filtered",
            reviewer_client,
            reverse("review:queue", kwargs={"code": office.code}) + queue_filter,
            (filtered_client, reverse("review:queue", kwargs={"code": filtered_office.code}) + queue_filter),
        ),
        (
            "review page",
            submission_client,
            reverse("review:detail", kwargs={"pk": submission.pk}),
            (reviewer_client, reverse("review:detail", kwargs={"pk": small_submission.pk})),
        ),
    ]
    try:
        catalogue = reverse("catalogue:list")
    except NoReverseMatch:  # no catalogue app
        catalogue = None
    if catalogue:
        from catalogue.models import CatalogueEntry

        # Words of many titles, against one whole title: the same queries for a full page of results or one.
        title = CatalogueEntry.objects.order_by("pk").values_list("title", flat=True).first() or "zzzz"
        rare = urlencode({"q": " ".join(title.split()[:-1])})
        pages.append(("catalogue search", anonymous, catalogue + "?q=status+gizi", (anonymous, f"{catalogue}?{rare}")))
        pages.append(("catalogue, first page", anonymous, catalogue, None))

    # Supervision (issue 18): BPS RI's reviewer sees every office; the quietest office's reviewer only theirs. The
    # monthly figures are computed first, as the hourly task does.
    from supervision.services import office_months_refresh

    started = time.perf_counter()
    month_rows = office_months_refresh()
    print(f"supervision figures refreshed: {month_rows:,} office-months in {time.perf_counter() - started:.2f} s")
    from romantik.enums import OfficeLevel, Role
    from romantik.models import OfficeRole

    central_reviewer = (
        OfficeRole.objects.filter(office__level=OfficeLevel.CENTRAL, role=Role.REVIEWER)
        .order_by("pk")
        .select_related("user")
        .first()
        .user
    )
    central_client = client_for(central_reviewer)
    print(f"supervision: BPS RI's {central_reviewer.email}, every office; the quietest office's reviewer, one")
    year = timezone.localdate().year
    pages.append(
        (
            SUPERVISION,
            central_client,
            f"{reverse('supervision:index')}?tahun={year}",
            (small_reviewer_client, None),
        )
    )
    pages.append((SUPERVISION_BUILT, central_client, f"{reverse('supervision:index')}?tahun={year}", None))
    pages.append(
        (
            "supervision, a month",
            central_client,
            f"{reverse('supervision:index')}?tahun={year}&bulan={timezone.localdate().month}",
            (small_reviewer_client, None),
        )
    )
    # The busiest office below BPS RI, at every size: the reader's own office (BPS RI is the busiest at 100k) needs
    # one query fewer than an office they supervise from above, so the counts of the sizes would not compare.
    supervised_office = s["office_below_central"]
    pages.append(
        (
            "supervision, one office",
            central_client,
            reverse("supervision:office", kwargs={"code": supervised_office.code}),
            # the same reader (a supervisor above the office: one query more than the office's own staff)
            (central_client, reverse("supervision:office", kwargs={"code": small_office.code})),
        )
    )
    public_url = f"{reverse('supervision:public')}?tahun={year}"
    pages.append((PUBLIC_PERFORMANCE, anonymous, public_url, (anonymous, public_url + "&urut=-ikm")))
    pages.append((PUBLIC_UNCACHED, anonymous, public_url, None))

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (1 min) at the start")
    print(
        f"busiest agency: {agency_n:,} submissions ({agency_user.email}); quietest: {small_agency_n:,}\n"
        f"busiest office: {office.code} {office.name} (reviewer {reviewer.email}); quietest: {small_office.code}\n"
        f"review page: {submission.number} (round {submission.round}, {submission.variables.count()} variables, "
        f"{submission.indicators.count()} indicators, {submission.notes.count()} notes); "
        f"smallest: {small_submission.number}"
    )

    def get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        return response

    def queries(name, client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            fetch(name, client, url)
        return len(captured)

    try:  # the review page's duplicate search: the catalogue's panel (catalogue.templatetags.catalogue_panels)
        import catalogue.templatetags.catalogue_panels as duplicate_panel
    except ImportError:  # no catalogue app
        duplicate_panel = None
    if duplicate_panel is not None:
        # Diagnostic: the review page with the catalogue's duplicate panel built afresh on every view (its search
        # run, not the HTML kept per version and catalogue generation), beside it: the search's cost when a
        # submission or the catalogue has just changed is the difference between the two rows.
        at = next(i for i, page in enumerate(pages) if page[0] == "review page")
        pages.insert(at + 1, (NO_DUPLICATES, submission_client, pages[at][2], None))

    def fetch(name, client, url):
        if name == SUPERVISION_BUILT:  # as after a refresh: the table is built (the other pages' entries untouched)
            from django.core.cache.backends.dummy import DummyCache

            import supervision.kept as kept

            saved = kept.cache
            kept.cache = DummyCache("", {})
            try:
                return get(client, url)
            finally:
                kept.cache = saved
        if name == PUBLIC_UNCACHED:
            from django.core.cache import cache

            from supervision.selectors import public_cache_key

            cache.delete_many([public_cache_key("years"), public_cache_key(timezone.localdate().year)])
            return get(client, url)
        if name != NO_DUPLICATES:
            return get(client, url)
        saved = duplicate_panel.similar_panel_key
        duplicate_panel.similar_panel_key = lambda submission: None  # no key: the panel is rendered, never kept
        try:
            return get(client, url)
        finally:
            duplicate_panel.similar_panel_key = saved

    counts = {}
    for name, client, url, small in pages:
        for _ in range(args.warmup):
            fetch(name, client, url)
        if small:  # its first view too: the page keeps some HTML per process (review.templatetags.review_kept)
            fetch(name, small[0], small[1] or url)
        counts[name] = (queries(name, client, url), queries(name, small[0], small[1] or url) if small else None)

    timings = {name: [] for name, *_ in pages}
    cpu = {name: [] for name, *_ in pages}  # this process's CPU time (time.process_time): moves less with the load
    for _ in range(args.requests):
        for name, client, url, _small in pages:
            gc.collect()  # untimed: no page pays for the garbage of the one before it
            start, start_cpu = time.perf_counter(), time.process_time()
            fetch(name, client, url)
            timings[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)

    today = timezone.localdate()
    # Each run deletes the reminders it queued: without a vacuum the dead rows of earlier runs slow the next one.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE notifications_message")
    last_pk = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sweeps, queued = [], 0
    with CaptureQueriesContext(connection) as captured:
        queued = reminders_sweep(today=today)
    sweep_queries = len(captured)
    Message.objects.filter(pk__gt=last_pk).delete()
    for _ in range(args.sweeps):
        start = time.perf_counter()
        reminders_sweep(today=today)
        sweeps.append(time.perf_counter() - start)
        Message.objects.filter(pk__gt=last_pk).delete()  # the next run does the same work
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE notifications_message")

    bare_p95 = _percentile(timings[BARE], 0.95) * 1000
    base_p95 = _percentile(timings[BASE], 0.95) * 1000
    print(
        f"\n{args.requests} requests per page after {args.warmup} warm-up, ms; targets: p95 <= {P95_MS:.0f} ms, "
        f"p95 <= {RATIO:.0f}x the bare view's p95 and <= {BASE_RATIO:.0f}x the base page's, the same queries for the "
        "smallest subject"
    )
    print(f"{'page':<26} {'p50':>6} {'p95':>6} {'x bare':>7} {'x base':>7} {'queries':>8} {'smallest':>8}  target met")
    for name, *_ in pages:
        values = timings[name]
        p50, p95 = statistics.median(values) * 1000, _percentile(values, 0.95) * 1000
        big, small = counts[name]
        misses = []
        if p95 > P95_MS:
            misses.append("p95")
        if p95 / bare_p95 > RATIO:
            misses.append("x bare")
        if p95 / base_p95 > BASE_RATIO:
            misses.append("x base")
        if small is not None and small != big:
            misses.append("queries")
        if name in (BARE, BASE, NO_DUPLICATES, PUBLIC_UNCACHED, SUPERVISION_BUILT):
            diagnostic = name in (NO_DUPLICATES, PUBLIC_UNCACHED, SUPERVISION_BUILT)
            met = "(diagnostic)" if diagnostic else "(reference)"
        else:
            met = "yes" if not misses else "NO: " + ", ".join(misses)
        small_text = "" if small is None else str(small)
        print(
            f"{name:<26} {p50:>6.1f} {p95:>6.1f} {p95 / bare_p95:>7.1f} {p95 / base_p95:>7.1f} {big:>8} "
            f"{small_text:>8}  {met}"
        )
    if not catalogue:
        print(f"{'catalogue search':<26} (no catalogue app installed)")
    # The supervision pages (issue 18) in CPU time of this process too: the machine is shared.
    print(f"\n{'CPU ms (process_time)':<26} {'p50':>6} {'p95':>6}   wall p50    p95  queries")
    for name, *_ in pages:
        if name in (BARE, BASE) or "supervision" in name or "public" in name:
            values = cpu[name]
            print(
                f"{name:<26} {statistics.median(values) * 1000:>6.1f} {_percentile(values, 0.95) * 1000:>6.1f}   "
                f"{statistics.median(timings[name]) * 1000:>8.1f} {_percentile(timings[name], 0.95) * 1000:>6.1f} "
                f"{counts[name][0]:>8}"
            )
    load = os.getloadavg()[0]
    busy = " (above the CPU count: other work shared the machine)" if load > (os.cpu_count() or 1) else ""
    print(f"load average {load:.1f} (1 min) at the end{busy}")
    sweep_p50, sweep_max = statistics.median(sweeps), max(sweeps)
    if args.json:
        import json

        figures = {}
        for name, *_ in pages:
            values = timings[name]
            p95 = _percentile(values, 0.95) * 1000
            figures[name] = {
                "p50": statistics.median(values) * 1000,
                "p95": p95,
                "x_bare": p95 / bare_p95,
                "x_base": p95 / base_p95,
                "queries": counts[name][0],
                "queries_smallest": counts[name][1],
                "cpu_p50": statistics.median(cpu[name]) * 1000,
                "cpu_p95": _percentile(cpu[name], 0.95) * 1000,
                "ms": [v * 1000 for v in values],
            }
        sweep = {"median": sweep_p50, "max": sweep_max, "queries": sweep_queries, "queued": queued, "runs": sweeps}
        Path(args.json).write_text(json.dumps({"pages": figures, "sweep": sweep}))
    print(
        f"\ndeadline sweep: {queued:,} reminders, {sweep_queries:,} queries; median {sweep_p50:.2f} s, "
        f"max {sweep_max:.2f} s of {args.sweeps} runs; target <= {SWEEP_S:.0f} s: "
        f"{'yes' if sweep_max <= SWEEP_S else 'NO'}"
    )


if __name__ == "__main__":
    main()
