"""Letter numbers: per office per year, with the office's pattern, assigned when the letter is signed.

An outgoing letter is numbered by the office whose kop it bears, the one that signs it (`Letter.signer_office`):
seed 003's letters of BPS Kabupaten Kayong Utara (6111), signed at BPS RI by the Direktur Diseminasi Statistik,
carry BPS RI's kop and take BPS RI's next number, in BPS RI's pattern, in one sequence with BPS RI's own letters.

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


def letter_numbering_office(letter):
    """The office whose sequence and pattern number `letter`: the one that signs it, whose kop it bears."""
    return letter.signer_office if letter.signer_office_id else letter.office


def letter_number_assign(letter, *, on: datetime.date | None = None):
    """Give `letter` the next number of its signing office for the year. Call inside the signing transaction."""
    on = on or timezone.localdate()
    office = letter_numbering_office(letter)
    seq = counter_next(key=letter_counter_key(office, on.year))
    letter.seq, letter.year, letter.numbered_by = seq, on.year, office
    letter.number = letter_number_format(office, seq=seq, on=on)
    return letter
