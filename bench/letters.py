"""Letter render + sign time next to WeasyPrint rendering a one-line page, in the same run.

    .venv/bin/python bench/letters.py [--rounds 5]

Builds a throw-away SQLite database with the demo data under a temporary folder, takes the demo
FS3 of BPS Kabupaten Kotawaringin Timur to a layak decision, then times, alternating in each
round so machine noise hits all alike: (a) WeasyPrint rendering a one-line page, (b) the full
letter with its lampiran (letters.rendering.letter_pdf), (c) the PAdES signature with the demo
head's certificate (letters.signers). Prints medians and ratios to (a). Not a test.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from bench.environment import database_prepare, demo_letter, django_start

    django_start()
    database_prepare()
    from django.contrib.auth import get_user_model
    from weasyprint import HTML

    from letters.rendering import letter_pdf
    from letters.signers import signer_get

    letter = demo_letter()
    head = get_user_model().objects.get(email="head.6202@demo.bps.go.id")
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
