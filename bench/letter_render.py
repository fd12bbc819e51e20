"""Letter render time by the size of its lampiran (3, 100 and 2,000 variables) next to a one-line PDF, in one run.

    .venv/bin/python bench/letter_render.py [--sizes 3 100 2000] [--rounds 3] [--large-rounds 1] [--out DIR]

Builds a throw-away SQLite database with the demo data under a temporary folder, takes the demo FS3 of BPS
Kabupaten Kotawaringin Timur to a layak decision, gives it 3, 100 and 2,000 variables (the import's maximum) with
every MS-Var column filled and 5 indicators, and times, alternating in each round so machine noise hits all alike:
the floor (WeasyPrint rendering a one-line page, and the same with the letter's own fonts), the letter's pages
(letters.rendering.letter_pages_pdf: rendered again at signing) and the lampiran (lampiran_pdf: rendered once, with
the draft). Prints medians, seconds per variable and ratios to the floor. The goal (issue 16): the 2,000-variable
lampiran in 10 s or less. `--out DIR` also writes each size's whole letter (letter_pdf) there. Prints the load
average at the start and the end: on a shared machine the wall time follows it, the CPU time much less. Not a test.

A lampiran of letters.rendering.LAMPIRAN_PARTS_MIN_ITEMS items or more is rendered in parts at once (one process
each): for those sizes the bench times it both ways side by side, "one process" (as before) and "in N parts". CPU
is then this process's and, in brackets, its children's (the parts rendered in forked processes); the time that
counts on an idle machine is the larger of the two (each part has a processor) and the wall time; on a machine
shared with other work, the wall time is whatever the others leave.
"""

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project, instead of bench/ (whose module names must not shadow the standard library's)

DEFINITION = (
    "Lama hidup balita dihitung sejak tanggal lahir sampai dengan tanggal pengukuran, dinyatakan dalam bulan penuh "
    "sesuai dengan akta kelahiran atau Kartu Identitas Anak"
)


def _variable(submission, n: int):
    from submissions.enums import DataType
    from submissions.models import Variable

    return Variable(
        submission=submission,
        position=1000 + n,
        name=f"Umur balita pada saat pengukuran ({n})",
        alias=f"UMUR_BLT_{n}",
        concept="Umur balita pada ulang tahun terakhir",
        definition=DEFINITION,
        selection_reference="Balita umur 0-59 bulan di rumah tangga sampel",
        time_reference="Saat pengukuran",
        data_type=DataType.choices[0][0],
        classification="Kelompok umur: 0-5, 6-11, 12-23, 24-59 bulan",
        validation_rule="0-59",
        question_text="Berapa umur anak ini pada saat pengukuran (dalam bulan)?",
        public=True,
    )


def _indicator(submission, n: int):
    from submissions.models import Indicator

    return Indicator(
        submission=submission,
        position=n,
        name=f"Prevalensi stunting balita ({n})",
        concept="Balita dengan tinggi badan menurut umur di bawah minus dua simpangan baku",
        definition="Persentase balita dengan z-skor TB/U kurang dari -2 SD terhadap median standar WHO",
        method="Jumlah balita stunting dibagi jumlah balita diukur dikali 100",
        measure="Persentase",
        unit="Persen",
        presentation_classification="Menurut kecamatan dan jenis kelamin",
        building_variables="Umur balita, tinggi badan, jenis kelamin",
        estimation_level="Kecamatan",
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(fn):
    """((wall seconds, CPU seconds of this process, CPU seconds of its children), result): on a shared machine the
    CPU time is the steadier."""
    wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    result = fn()
    return (time.perf_counter() - wall, time.process_time() - cpu, _children_cpu() - children), result


def _medians(triples) -> tuple[float, float, float]:
    return tuple(statistics.median(t[i] for t in triples) for i in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 100, 2000])
    parser.add_argument("--rounds", type=int, default=3, help="rounds for the sizes under 1,000")
    parser.add_argument("--large-rounds", type=int, default=1, help="rounds for the sizes of 1,000 and more")
    parser.add_argument("--out", type=Path, help="write each size's whole letter here")
    args = parser.parse_args()

    from bench.environment import database_prepare, demo_letter, django_start

    django_start()
    database_prepare()
    from pypdf import PdfReader
    from weasyprint import HTML

    from letters import rendering
    from letters.rendering import lampiran_pdf, letter_combine, letter_pages_pdf
    from letters.typesetting import FONT_STACK, font_faces_css, html_pdf
    from submissions.models import Indicator, Variable

    letter = demo_letter()
    s = letter.submission
    Indicator.objects.bulk_create([_indicator(s, n) for n in range(1, 6)])

    def one_line():
        return HTML(string="<p>Romantik</p>").write_pdf()

    faces = font_faces_css()

    def one_line_fonts():
        return html_pdf(f"<style>{faces} p {{ font-family: {FONT_STACK}; }}</style><p>Romantik</p>")

    def pages():
        return letter_pages_pdf(letter)

    def lampiran():
        return lampiran_pdf(letter)

    parts_from = rendering.LAMPIRAN_PARTS_MIN_ITEMS

    def lampiran_one_process():
        rendering.LAMPIRAN_PARTS_MIN_ITEMS = 10**9
        try:
            return lampiran_pdf(letter)
        finally:
            rendering.LAMPIRAN_PARTS_MIN_ITEMS = parts_from

    one_line(), one_line_fonts(), pages()  # warm up imports and fonts
    load_before = os.getloadavg()
    floor, floor_fonts, letter_part = [], [], []
    rows = []
    for size in sorted(args.sizes):
        Variable.objects.filter(submission=s).delete()
        Variable.objects.bulk_create([_variable(s, n) for n in range(1, size + 1)])
        times, one_process = [], []
        rounds = args.rounds if size < 1000 else args.large_rounds
        in_parts = size >= parts_from and rendering.lampiran_processes() > 1
        for _ in range(rounds):
            for bucket, fn in ((floor, one_line), (floor_fonts, one_line_fonts), (letter_part, pages)):
                bucket.append(_timed(fn)[0])
            if in_parts:  # side by side: as before (one process), then in parts
                elapsed, single = _timed(lampiran_one_process)
                one_process.append(elapsed)
            elapsed, pdf = _timed(lampiran)
            times.append(elapsed)
        if in_parts:
            pages_of = (len(PdfReader(io.BytesIO(p)).pages) for p in (single, pdf))
            rows.append((size, "one process", _medians(one_process), rounds, len(single), next(pages_of)))
            name = f"in {rendering.lampiran_processes()} parts"
            rows.append((size, name, _medians(times), rounds, len(pdf), next(pages_of)))
        else:
            rows.append((size, "", _medians(times), rounds, len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)))
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"letter-{size}.pdf").write_bytes(letter_combine(pages(), pdf))

    base = _medians(floor)
    print(
        f"{'render':<58} {'wall s':>7} {'CPU s':>7} {'(+children)':>11} {'ms/var':>7} {'x floor':>8}"
        "   (ms/var and x floor: CPU of this process)"
    )

    def line(name, wall, cpu, children=0.0, size=None):
        per = f"{1000 * cpu / size:7.1f}" if size else f"{'':>7}"
        extra = f"(+{children:.3f})" if children >= 0.0005 else ""
        print(f"{name:<58} {wall:>7.3f} {cpu:>7.3f} {extra:>11} {per} {cpu / base[1]:>8.1f}")

    line("one-line page (WeasyPrint, system font)", *base)
    line("one-line page (the letter's font)", *_medians(floor_fonts))
    line("the letter's pages (rendered at signing)", *_medians(letter_part))
    for size, how, (wall, cpu, children), rounds, length, page_count in rows:
        how = f", {how}" if how else ""
        name = f"lampiran, {size:,} variables{how} ({page_count} p., {length // 1024} KB, {rounds}x)"
        line(name, wall, cpu, children, size)
    load = " / ".join(f"{a:.1f} {b:.1f} {c:.1f}" for a, b, c in (load_before, os.getloadavg()))
    print(f"load average (1, 5, 15 min) at the start / the end: {load} on {os.cpu_count()} processors")
    print("goal: the 2,000-variable lampiran in 10 s or less (issue 16)")


if __name__ == "__main__":
    main()
