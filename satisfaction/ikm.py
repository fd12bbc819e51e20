"""The satisfaction index (Indeks Kepuasan Masyarakat, IKM) of PermenPANRB 14/2017, exactly.

* NRR (nilai rata-rata) of an element: the mean of its scores (1–4) over the respondents.
* IKM = (Σ NRR × 1/9) × 25, with the exact 1/9 (not the 0.111 of the regulation's worked example): a value
  from 25 to 100. Everything is computed with `Fraction`, so no rounding happens before the end.
* Quality (mutu pelayanan): A 88.31–100 Sangat baik, B 76.61–88.30 Baik, C 65.00–76.60 Kurang baik,
  D 25.00–64.99 Tidak baik. The bounds are given with two decimals, so the category is decided on the value
  rounded half up to two decimals — the value that is shown. 88.305 shows as 88.31 and is A; 88.3049… shows
  as 88.30 and is B. The number printed and its letter therefore always agree.

`ikm_compute` is pure (no database); `selectors.office_ikm` feeds it the sums of an aggregate query.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .enums import ELEMENTS, Quality

WEIGHT = Fraction(1, 9)  # every element weighs the same: 1 / number of elements
SCALE = 25  # turns the weighted mean (1–4) into the index (25–100)
TWO_PLACES = Decimal("0.01")

# Lower bound (inclusive, on the value rounded to two decimals) of each category, best first.
CATEGORY_BOUNDS: tuple[tuple[Decimal, Quality], ...] = (
    (Decimal("88.31"), Quality.A),
    (Decimal("76.61"), Quality.B),
    (Decimal("65.00"), Quality.C),
    (Decimal("25.00"), Quality.D),
)


def round2(value: Fraction | Decimal | int) -> Decimal:
    """Half up to two decimals, from the exact value (a Fraction is never passed through a float)."""
    if isinstance(value, Fraction):
        # Exactly: hundredths rounded half up (values are never negative here).
        return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2)
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def quality_of(value: Fraction | Decimal | int) -> Quality:
    """The category of an index value on the 25–100 scale (see the module's note on the bounds)."""
    shown = round2(value)
    for bound, quality in CATEGORY_BOUNDS:
        if shown >= bound:
            return quality
    raise ValueError(f"An IKM of {shown} is below 25: scores must be 1–4")


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: tuple[Fraction, ...]  # per element, U1..U9, exact
    ikm: Fraction  # exact

    @property
    def ikm_shown(self) -> Decimal:
        """The index with two decimals, as reported."""
        return round2(self.ikm)

    @property
    def quality(self) -> Quality:
        return quality_of(self.ikm)

    @property
    def nrr_shown(self) -> tuple[Decimal, ...]:
        return tuple(round2(n) for n in self.nrr)

    @property
    def elements(self) -> list["ElementResult"]:
        return [ElementResult(element, nrr) for element, nrr in zip(ELEMENTS, self.nrr, strict=True)]


@dataclass(frozen=True)
class ElementResult:
    element: object  # enums.Element
    nrr: Fraction

    @property
    def nrr_shown(self) -> Decimal:
        return round2(self.nrr)

    @property
    def converted(self) -> Fraction:
        """The element on the index scale (NRR × 25), as reports show it per element."""
        return self.nrr * SCALE

    @property
    def converted_shown(self) -> Decimal:
        return round2(self.converted)

    @property
    def quality(self) -> Quality:
        return quality_of(self.converted)


def ikm_compute(*, totals: Sequence[int], respondents: int) -> IkmResult:
    """The IKM from the sum of the scores of each element (U1..U9) and the number of respondents."""
    if len(totals) != len(ELEMENTS):
        raise ValueError(f"Need {len(ELEMENTS)} totals, got {len(totals)}")
    if respondents <= 0:
        raise ValueError("No respondents: there is no index")
    nrr = tuple(Fraction(total, respondents) for total in totals)
    if any(not 1 <= n <= 4 for n in nrr):
        raise ValueError("A mean score outside 1–4: the totals do not fit the respondents")
    ikm = sum(nrr, Fraction(0)) * WEIGHT * SCALE
    return IkmResult(respondents=respondents, nrr=nrr, ikm=ikm)


def ikm_from_scores(rows: Iterable[Sequence[int]]) -> IkmResult:
    """The IKM of answered questionnaires, each a sequence of nine scores 1–4."""
    totals = [0] * len(ELEMENTS)
    respondents = 0
    for row in rows:
        if len(row) != len(ELEMENTS) or any(s not in (1, 2, 3, 4) for s in row):
            raise ValueError(f"A questionnaire needs nine scores from 1 to 4, not {row!r}")
        respondents += 1
        for i, score in enumerate(row):
            totals[i] += score
    return ikm_compute(totals=totals, respondents=respondents)
