"""The automatic pre-review (issue 22): what the rule check costs on the largest bench form, and how the share of
submissions returned for revision compares between those with and without a violation, on the demo and bench data.

    .venv/bin/python bench/prereview.py [--submissions 600] [--rounds 200] [--database-url URL]

Without --database-url: a throw-away SQLite database under a temporary folder, migrated, with the demo data
(`seed_demo`) and a small national data set (`seed_bench --allow-sqlite`, 3 % large forms of 50-300 variables).
With --database-url: that database as it is (already seeded with seed_bench; nothing written).

Cost: on the submission with the most variables, `submissions.prereview_input.prereview_context` (the design built
from the stored answers: the catalogue's rules, the variables, the regions; every rule; the title helper) and
`prereview.engine.evaluate` alone, median and p95 of --rounds runs, next to the page budget (p95 <= 50 ms a page,
docs/PERFORMANCE.md): the check must stay under a tenth of it. Effect: every submission that reached the office
(not a draft), by whether it has a violation now, and whether it was ever returned for revision (a Transition to
perlu_perbaikan). Not a test.
"""

import argparse
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project, instead of bench/ (whose module names must not shadow the standard library's)

BUDGET_MS = 50.0  # p95 of a page (docs/PERFORMANCE.md)
CHECK_SHARE = 0.10  # the rule check may take at most this share of it


def _times(fn, rounds: int) -> tuple[float, float]:
    runs = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.95))]


def effect(out=print) -> dict:
    """Returned-for-revision share by violation (now), over every submission that reached the office."""
    from prereview.engine import enabled_rules, evaluate
    from submissions.models import Submission, Transition
    from submissions.prereview_input import prereview_design
    from submissions.states import State

    rules = enabled_rules()
    returned = set(Transition.objects.filter(to_state=State.NEEDS_REVISION).values_list("submission_id", flat=True))
    groups = {True: [0, 0], False: [0, 0]}  # has a violation → [submissions, returned]
    by_rule: dict[str, list[int]] = {}
    queryset = Submission.objects.exclude(state=State.DRAFT).select_related(
        "agency", "organizer_province", "organizer_regency"
    )
    for submission in queryset.prefetch_related("coverage_regions").iterator(chunk_size=500):
        results = evaluate(prereview_design(submission), rules)
        violated = [r.key for r in results if r.is_violation]
        was_returned = submission.pk in returned
        group = groups[bool(violated)]
        group[0] += 1
        group[1] += was_returned
        for key in violated:
            row = by_rule.setdefault(key, [0, 0])
            row[0] += 1
            row[1] += was_returned
    for has, (n, r) in sorted(groups.items(), reverse=True):
        label = "with a violation" if has else "without"
        out(f"  {label:<18} {n:>7} submissions, {r:>6} returned for revision = {100 * r / n if n else 0:5.1f} %")
    for key, (n, r) in sorted(by_rule.items()):
        out(f"    {key:<28} {n:>7} violating, {100 * r / n if n else 0:5.1f} % returned")
    return {"groups": groups, "by_rule": by_rule}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=600, help="seed_bench's submissions (SQLite run)")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--database-url", help="an already seeded database (nothing written)")
    args = parser.parse_args()

    from bench.environment import database_prepare, django_start

    django_start(database_url=args.database_url)
    if args.database_url is None:
        database_prepare()
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("seed_demo", quiet=True, stdout=StringIO())
        call_command(
            "seed_bench",
            "--allow-sqlite",
            f"--submissions={args.submissions}",
            f"--agencies={max(20, args.submissions // 10)}",
            f"--letters={args.submissions // 5}",
            stdout=StringIO(),
        )
        print(f"seeded in {time.perf_counter() - started:.0f} s")

    from django.db.models import Count

    from prereview.engine import enabled_rules, evaluate
    from submissions.models import Submission
    from submissions.prereview_input import prereview_context, prereview_design

    largest = Submission.objects.annotate(n=Count("variables")).order_by("-n").first()
    largest = Submission.objects.select_related("agency", "organizer_province", "organizer_regency").get(pk=largest.pk)
    n_variables = largest.variables.count()
    rules = enabled_rules()
    design = prereview_design(largest)
    whole = _times(lambda: prereview_context(largest), args.rounds)
    rules_only = _times(lambda: evaluate(design, rules), args.rounds)
    limit = BUDGET_MS * CHECK_SHARE
    print(f"largest form: submission {largest.pk}, {largest.get_kind_display()}, {n_variables} variables")
    print(f"  prereview_context (queries + rules + title): p50 {whole[0]:.2f} ms, p95 {whole[1]:.2f} ms")
    print(f"  evaluate only ({len(rules)} rules):            p50 {rules_only[0]:.3f} ms, p95 {rules_only[1]:.3f} ms")
    verdict = "within" if whole[1] <= limit else "OVER"
    print(f"  {verdict} the check's budget: p95 <= {limit:.0f} ms ({CHECK_SHARE:.0%} of a page's {BUDGET_MS:.0f} ms)")
    print("returned for revision, by violation now:")
    effect()


if __name__ == "__main__":
    main()
