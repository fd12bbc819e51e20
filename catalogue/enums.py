from django.db import models

from submissions.states import State


class Decision(models.TextChoices):
    """The decision a recommendation letter carries: the submission's state before the letter was issued."""

    FEASIBLE = State.FEASIBLE.value, State.FEASIBLE.label
    NOT_FEASIBLE = State.NOT_FEASIBLE.value, State.NOT_FEASIBLE.label
