"""Letter numbers: per office per year, with the office's pattern, assigned when the letter is signed.

The sequence comes from `romantik.services.counter_next` (a row-locked counter) inside the signing
transaction: a failed signature rolls the number back, so numbers are never skipped nor reused.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from romantik.services import counter_next


class _TwoDigits(int):
    """A month that prints as "02" with a bare {month} and still honours an explicit format spec."""

    def __format__(self, spec):
        return super().__format__(spec or "02d")


def letter_counter_key(office, year: int) -> str:
    return f"letter:{office.code}:{year}"


def letter_number_format(office, *, seq: int, on: datetime.date) -> str:
    """B-036/62020/VS.300/2026 for the default pattern; {month} gives the two-digit month."""
    try:
        return office.letter_number_pattern.format(
            seq=seq,
            code=office.letter_code or office.code,
            classification=office.letter_classification,
            month=_TwoDigits(on.month),
            year=on.year,
        )
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            gettext("The letter number pattern of %(office)s is invalid: %(error)s")
            % {"office": office.name, "error": error}
        ) from None


def letter_number_assign(letter, *, on: datetime.date | None = None):
    """Give `letter` the next number of its office for the year. Call inside the signing transaction."""
    on = on or timezone.localdate()
    seq = counter_next(key=letter_counter_key(letter.office, on.year))
    letter.seq, letter.year = seq, on.year
    letter.number = letter_number_format(letter.office, seq=seq, on=on)
    return letter
