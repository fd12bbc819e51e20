"""Server-side bar charts of the index report, drawn as inline SVG by the template (no chart library,
no script). Coordinates are formatted here with a dot, whatever the language (Indonesian would write a
decimal comma into the SVG); the value labels are localised."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .enums import Quality
from .ikm import CATEGORY_BOUNDS

# Fill of each quality category; white text is readable on each but C, which gets dark text.
QUALITY_FILL = {Quality.A: "#198754", Quality.B: "#0b4f8a", Quality.C: "#ffc107", Quality.D: "#b02a37"}


def _n(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    label: str  # under or beside the bar ("U1", "T1")
    title: str  # the full name, shown on hover and read by screen readers
    value: str  # localised, or "—"
    x: str
    y: str
    width: str
    height: str
    fill: str
    value_x: str
    value_y: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class Line:
    label: str
    x1: str
    y1: str
    x2: str
    y2: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    grid: list[Line]


def element_chart(elements) -> Chart:
    """Horizontal bars: the NRR (scale 0–4) of each element, U1 at the top."""
    left, right, top, row = 48, 56, 8, 30
    width = 640
    plot = width - left - right
    height = top + row * len(elements) + 24
    bars = []
    for i, element in enumerate(elements):
        length = plot * float(element.nrr) / 4
        y = top + row * i + 5
        bars.append(
            Bar(
                label=element.element.code,
                title=f"{element.element.code} {element.element.name}: {number_format(element.nrr_shown, 2)}",
                value=number_format(element.nrr_shown, 2),
                x=_n(left),
                y=_n(y),
                width=_n(length),
                height=_n(row - 10),
                fill=QUALITY_FILL[element.quality],
                value_x=_n(left + length + 6),
                value_y=_n(y + (row - 10) / 2 + 5),
                label_x=_n(left - 8),
                label_y=_n(y + (row - 10) / 2 + 5),
            )
        )
    bottom = top + row * len(elements)
    grid = [
        Line(
            label=str(tick),
            x1=_n(left + plot * tick / 4),
            y1=_n(top),
            x2=_n(left + plot * tick / 4),
            y2=_n(bottom),
            label_x=_n(left + plot * tick / 4),
            label_y=_n(bottom + 16),
        )
        for tick in range(5)
    ]
    return Chart(width=width, height=height, bars=bars, grid=grid)


def quarter_chart(quarters) -> Chart:
    """Vertical bars: the IKM (scale 0–100) of each quarter, with the lower bounds of the categories."""
    left, right, top, bottom_margin = 40, 80, 16, 40
    width, height = 640, 280
    plot_w, plot_h = width - left - right, height - top - bottom_margin
    bottom = top + plot_h
    slot = plot_w / len(quarters)
    bars = []
    for i, quarter in enumerate(quarters):
        result = quarter.result
        value = float(result.ikm) if result else 0.0
        bar_h = plot_h * value / 100
        x = left + slot * i + slot * 0.2
        label = _("Q%(q)d") % {"q": quarter.quarter}
        shown = number_format(result.ikm_shown, 2) if result else "—"
        bars.append(
            Bar(
                label=label,
                title=(
                    _("Quarter %(q)d: IKM %(ikm)s (%(quality)s), respondents: %(n)d")
                    % {"q": quarter.quarter, "ikm": shown, "quality": result.quality.value, "n": result.respondents}
                    if result
                    else _("Quarter %(q)d: no responses") % {"q": quarter.quarter}
                ),
                value=shown,
                x=_n(x),
                y=_n(bottom - bar_h),
                width=_n(slot * 0.6),
                height=_n(bar_h),
                fill=QUALITY_FILL[result.quality] if result else "#6c757d",
                value_x=_n(x + slot * 0.3),
                value_y=_n(bottom - bar_h - 6),
                label_x=_n(x + slot * 0.3),
                label_y=_n(bottom + 18),
            )
        )
    grid = [
        Line(
            label=f"{quality.value} ≥ {number_format(bound, 2)}",
            x1=_n(left),
            y1=_n(bottom - plot_h * float(bound) / 100),
            x2=_n(width - right),
            y2=_n(bottom - plot_h * float(bound) / 100),
            label_x=_n(width - right + 4),
            label_y=_n(bottom - plot_h * float(bound) / 100 + 4),
        )
        for bound, quality in CATEGORY_BOUNDS[:-1]
    ]
    return Chart(width=width, height=height, bars=bars, grid=grid)
