"""The on-time chart of the supervision page: CSS bars written by the template (no chart library, no script).
Widths are formatted with a dot whatever the language; the labels are localised by the template."""

from dataclasses import dataclass

from .selectors import OfficeRow, Tally, province_group

# Beyond this many offices (BPS RI's 553), a bar per province: its office and the regencies below it together.
MAX_BARS = 40


@dataclass(frozen=True)
class Bar:
    label: str  # office code
    title: str  # office name (and "with the offices below it" for a province group)
    decided: int
    percent: float | None  # on-time rate, 0–100
    width: str  # the bar's SVG width out of 100, with a dot


def on_time_bars(rows: list[OfficeRow], *, group_title: str) -> tuple[list[Bar], bool]:
    """A bar per office, or per province group when there are more than MAX_BARS offices. Returns the bars and
    whether they are groups."""
    grouped = len(rows) > MAX_BARS
    if grouped:
        heads = {row.office.pk: row.office for row in rows}
        tallies: dict[int, Tally] = {}
        for row in rows:
            key = province_group(row.office)
            key = key if key in heads else row.office.pk
            tallies.setdefault(key, Tally()).add(row.tally)
        items = [(heads[pk], tallies[pk], group_title) for pk in sorted(tallies, key=lambda pk: heads[pk].code)]
    else:
        items = [(row.office, row.tally, "") for row in rows]
    bars = []
    for office, tally, suffix in items:
        rate = tally.on_time_rate
        percent = None if rate is None else 100 * rate
        title = f"{office.name} {suffix}".strip() if tally is not None else office.name
        bars.append(Bar(office.code, title, tally.decided, percent, f"{percent or 0:.1f}"))
    return bars, grouped
