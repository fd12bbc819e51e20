"""Reads of letters used in more than one place."""

from django.db.models import QuerySet

from submissions.states import State

from .enums import LetterState
from .models import Letter


def letter_locked(letter) -> Letter:
    """The letter's row, locked until the transaction ends (its own row only), with what every write that locks it
    reads next: its offices, and its submission with the agency and the office."""
    return (
        Letter.objects.select_for_update(of=("self",))
        .select_related("office", "signer_office", "submission__agency", "submission__office")
        .get(pk=letter.pk)
    )


def signed_letters() -> QuerySet[Letter]:
    """The letters the head has signed: the only ones the public verification page and the API show."""
    return Letter.objects.filter(state=LetterState.SIGNED)


def signed_letter_of(submission) -> Letter | None:
    """The submission's signed letter with its offices, or None while none is signed (the API's letter)."""
    letters = signed_letters().select_related("submission", "office", "signer_office")
    return letters.filter(submission=submission).first()


def letter_decision_label(letter) -> str:
    """The letter's decision in words (a submission state's label); a value no state has, as it is."""
    return str(State(letter.decision).label) if letter.decision in State.values else letter.decision


def letters_to_sign(office) -> QuerySet[Letter]:
    """Letters waiting for the signature of `office`'s head: its own and those of the offices it signs for."""
    return (
        Letter.objects.filter(signer_office=office, state=LetterState.AWAITING_SIGNATURE)
        .select_related("submission", "submission__agency", "office")
        .order_by("updated_at", "pk")
    )


def letters_signed_recently(office, limit: int = 10) -> QuerySet[Letter]:
    return (
        Letter.objects.filter(signer_office=office, state=LetterState.SIGNED)
        .select_related("submission", "submission__agency", "office", "signed_by")
        .order_by("-signed_at")[:limit]
    )
