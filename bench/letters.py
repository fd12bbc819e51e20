"""Letter render + sign time next to WeasyPrint rendering a one-line page, in the same run.

    .venv/bin/python bench/letters.py [--rounds 5]

Builds a throw-away SQLite database with the demo data under a temporary folder, takes the demo
FS3 of BPS Kabupaten Kotawaringin Timur to a layak decision, then times, alternating in each
round so machine noise hits all alike: (a) WeasyPrint rendering a one-line page, (b) the full
letter with its lampiran (letters.rendering.letter_pdf), (c) the PAdES signature with the demo
head's certificate (letters.signing). Prints medians and ratios to (a). Not a test.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="romantik-bench-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "romantik.settings",
            "ROMANTIK_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "CELERY_BROKER_URL": "memory://",
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from weasyprint import HTML

    call_command("migrate", verbosity=0)
    call_command("seed_demo", quiet=True, stdout=StringIO())

    from letters.rendering import letter_pdf
    from letters.signing import signer_get
    from review import services
    from review.enums import State
    from submissions.models import Submission

    User = get_user_model()
    reviewer = User.objects.get(email="reviewer.6202@demo.bps.go.id")
    head = User.objects.get(email="head.6202@demo.bps.go.id")
    submission = Submission.objects.get(state=State.SUBMITTED, office__code="6202")
    s = services.review_accept(submission=submission, actor=reviewer)
    services.review_take(submission=s, actor=reviewer)
    s = services.review_decide(submission=s, actor=reviewer, decision=State.FEASIBLE, text="Saran uji kinerja.")
    letter = s.letter
    letter.number = "B-999/62020/VS.300/2026"  # as at signing; nothing is saved
    signer = signer_get()

    def one_line():
        return HTML(string="<p>Romantik</p>").write_pdf()

    def render():
        return letter_pdf(letter)

    pdf = render()

    def sign():
        return signer.sign(pdf, letter=letter, signer_user=head, passphrase="romantik-demo")

    timings = {"one-line page (WeasyPrint)": [], "letter render": [], "letter sign (PAdES)": []}
    one_line()  # warm up fonts and imports
    sign()
    for _ in range(args.rounds):
        for name, fn in zip(timings, (one_line, render, sign), strict=True):
            start = time.perf_counter()
            fn()
            timings[name].append(time.perf_counter() - start)

    base = statistics.median(timings["one-line page (WeasyPrint)"])
    total = statistics.median(timings["letter render"]) + statistics.median(timings["letter sign (PAdES)"])
    print(f"{'step':<30} {'median s':>9} {'x one-line':>11}   ({args.rounds} rounds, {len(pdf) // 1024} KB letter)")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<30} {median:>9.3f} {median / base:>11.1f}")
    print(f"{'letter render + sign':<30} {total:>9.3f} {total / base:>11.1f}")


if __name__ == "__main__":
    main()
