"""Reminder sweep time follows the reminders due (K), not the open submissions (N), in the same run.

    .venv/bin/python bench/reminders.py [--rounds 3] [--total 100000]

Builds a throw-away SQLite database under a temporary folder with one office (a coordinator, a head,
a reviewer), one agency and `--total` open submissions under review whose due dates lie far ahead,
bulk-created. Then, for K in (10, 100) and N in (1,000, total), it moves K submissions to a due date
3 working days away, runs `review.reminders.reminders_sweep` (first run: queues K x 2 reminders; the
messages are then deleted so each round does the same work), and prints medians and the ratios N=total
/ N=1,000 (≈ 1 when the cost does not grow with the table) and K=100 / K=10 (grows with K).
N=1,000 is the same table with all but 1,000 submissions moved out of the open states. Not a test.
"""

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2027, 7, 5)  # Monday; July 2027 has no holiday: 3 working days later is Thursday 8 July


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--total", type=int, default=100_000)
    args = parser.parse_args()

    from bench.environment import database_prepare, django_start

    django_start()
    database_prepare()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from notifications import services as notification_services
    from notifications.models import Message
    from review.models import Assignment
    from review.reminders import reminders_sweep
    from romantik.enums import Role
    from romantik.models import Agency, Office, OfficeRole
    from submissions.models import Submission
    from submissions.states import State

    notification_services.message_dispatch = lambda *, message_id: True  # no broker: time the sweep only

    User = get_user_model()
    office = Office.objects.create(code="9999", name="BPS Bench", level="kabkota")
    agency = Agency.objects.create(name="Dinas Bench", level="kabkota")
    owner = User.objects.create_user("agency@bench.test", "x")
    reviewer = User.objects.create_user("reviewer@bench.test", "x")
    for email, role in (("coordinator@bench.test", Role.COORDINATOR), ("head@bench.test", Role.HEAD)):
        OfficeRole.objects.create(user=User.objects.create_user(email, "x"), office=office, role=role)
    OfficeRole.objects.create(user=reviewer, office=office, role=Role.REVIEWER)

    started = time.perf_counter()
    far = TODAY + timedelta(days=400)
    batch = [
        Submission(
            kind="fs3",
            number=f"B{n:07d}",
            agency=agency,
            office=office,
            created_by=owner,
            state=State.IN_REVIEW,
            due_date=far + timedelta(days=n % 200),
            title=f"Survei {n}",
        )
        for n in range(args.total)
    ]
    Submission.objects.bulk_create(batch, batch_size=5000)
    pks = list(Submission.objects.order_by("pk").values_list("pk", flat=True))
    Assignment.objects.bulk_create(
        [Assignment(submission_id=pk, reviewer=reviewer) for pk in pks[:100]], batch_size=5000
    )
    print(f"built {len(pks):,} open submissions in {time.perf_counter() - started:.1f} s")

    due = TODAY + timedelta(days=3)

    def prepare(total: int, k: int) -> None:
        Submission.objects.update(state=State.IN_REVIEW, due_date=far)
        if total < len(pks):  # out of the open states: the table keeps its size
            Submission.objects.filter(pk__gt=pks[total - 1]).update(state=State.ISSUED)
        Submission.objects.filter(pk__in=pks[:k]).update(due_date=due)
        Message.objects.all().delete()

    def sweep() -> float:
        Message.objects.all().delete()
        t = time.perf_counter()
        queued = reminders_sweep(today=TODAY)
        elapsed = time.perf_counter() - t
        assert queued == expected, (queued, expected)
        return elapsed

    from review.reminders import _Sweep

    query = _Sweep(TODAY).due_query()
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [row[-1] for row in cursor.fetchall()]
    print("query plan:", "; ".join(plan))

    results = {}
    cases = [(1_000, 10), (args.total, 10), (1_000, 100), (args.total, 100)]
    for total, k in cases:
        prepare(total, k)
        expected = k * 2  # the assigned reviewer (first 100) and the coordinator
        results[(total, k)] = []
    prepare(1_000, 10)
    expected = 20
    sweep()  # warm-up: templates, calendar, query plans
    for _ in range(args.rounds):  # alternate the cases in each round so noise hits all alike
        for total, k in cases:
            prepare(total, k)
            expected = k * 2
            results[(total, k)].append(sweep())

    med = {case: statistics.median(times) for case, times in results.items()}
    print(f"\nmedian of {args.rounds} rounds, ms (K = reminders due, N = open submissions):")
    print(f"{'':>10} {'N=1,000':>10} {f'N={args.total:,}':>12} {'ratio N':>8}")
    for k in (10, 100):
        small, big = med[(1_000, k)], med[(args.total, k)]
        print(f"{'K=' + str(k):>10} {small * 1000:>10.1f} {big * 1000:>12.1f} {big / small:>8.2f}")
    print(
        f"{'ratio K':>10} {med[(1_000, 100)] / med[(1_000, 10)]:>10.2f} "
        f"{med[(args.total, 100)] / med[(args.total, 10)]:>12.2f}"
    )
    print("\nThe N ratio stays near 1 (the table size does not matter); the K ratio follows the reminders due.")


if __name__ == "__main__":
    main()
