"""The nine elements (unsur) of the satisfaction survey, their questions and the four answers of each,
as in the sample questionnaire of PermenPANRB 14/2017; where a response comes from; the quality categories.

Numbering follows DOMAIN.md ("Satisfaction and complaints"): U8 is the handling of complaints and U9 the
facilities. The regulation's sample questionnaire asks them the other way round; the columns u1..u9 of a
paper import and the exports use this numbering.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

SCORES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Element:
    number: int  # 1..9
    name: Promise
    question: Promise
    levels: tuple[Promise, Promise, Promise, Promise]  # the wording of scores 1, 2, 3, 4

    @property
    def code(self) -> str:
        """'U1' … 'U9', as survey reports name the elements."""
        return f"U{self.number}"

    @property
    def field(self) -> str:
        """The model field (and the import column) of the element: 'u1' … 'u9'."""
        return f"u{self.number}"

    def level(self, score: int) -> Promise:
        return self.levels[score - 1]

    @property
    def choices(self) -> list[tuple[int, Promise]]:
        return list(zip(SCORES, self.levels, strict=True))


ELEMENTS: tuple[Element, ...] = (
    Element(
        1,
        pgettext_lazy("skm element", "Requirements"),
        pgettext_lazy("skm question", "How well do the requirements of the service fit the kind of service?"),
        (
            pgettext_lazy("skm answer", "Not suitable"),
            pgettext_lazy("skm answer", "Less suitable"),
            pgettext_lazy("skm answer", "Suitable"),
            pgettext_lazy("skm answer", "Very suitable"),
        ),
    ),
    Element(
        2,
        pgettext_lazy("skm element", "Systems, mechanisms and procedures"),
        pgettext_lazy("skm question", "How easy is the procedure of the service at this office?"),
        (
            pgettext_lazy("skm answer", "Not easy"),
            pgettext_lazy("skm answer", "Less easy"),
            pgettext_lazy("skm answer", "Easy"),
            pgettext_lazy("skm answer", "Very easy"),
        ),
    ),
    Element(
        3,
        pgettext_lazy("skm element", "Completion time"),
        pgettext_lazy("skm question", "How fast was the service given?"),
        (
            pgettext_lazy("skm answer", "Not fast"),
            pgettext_lazy("skm answer", "Less fast"),
            pgettext_lazy("skm answer", "Fast"),
            pgettext_lazy("skm answer", "Very fast"),
        ),
    ),
    Element(
        4,
        pgettext_lazy("skm element", "Cost/tariff"),
        pgettext_lazy("skm question", "How fair is the cost or tariff of the service?"),
        (
            pgettext_lazy("skm answer", "Very expensive"),
            pgettext_lazy("skm answer", "Fairly expensive"),
            pgettext_lazy("skm answer", "Cheap"),
            pgettext_lazy("skm answer", "Free of charge"),
        ),
    ),
    Element(
        5,
        pgettext_lazy("skm element", "Product specification of the type of service"),
        pgettext_lazy(
            "skm question",
            "Does the product you received match the product listed in the service standard?",
        ),
        (
            pgettext_lazy("skm answer", "Not suitable"),
            pgettext_lazy("skm answer", "Less suitable"),
            pgettext_lazy("skm answer", "Suitable"),
            pgettext_lazy("skm answer", "Very suitable"),
        ),
    ),
    Element(
        6,
        pgettext_lazy("skm element", "Competence of the staff"),
        pgettext_lazy("skm question", "How competent were the staff who served you?"),
        (
            pgettext_lazy("skm answer", "Not competent"),
            pgettext_lazy("skm answer", "Less competent"),
            pgettext_lazy("skm answer", "Competent"),
            pgettext_lazy("skm answer", "Very competent"),
        ),
    ),
    Element(
        7,
        pgettext_lazy("skm element", "Conduct of the staff"),
        pgettext_lazy("skm question", "How polite and friendly were the staff who served you?"),
        (
            pgettext_lazy("skm answer", "Not polite and friendly"),
            pgettext_lazy("skm answer", "Less polite and friendly"),
            pgettext_lazy("skm answer", "Polite and friendly"),
            pgettext_lazy("skm answer", "Very polite and friendly"),
        ),
    ),
    Element(
        8,
        pgettext_lazy("skm element", "Handling of complaints, suggestions and feedback"),
        pgettext_lazy("skm question", "How are the complaints of service users handled?"),
        (
            pgettext_lazy("skm answer", "Not available"),
            pgettext_lazy("skm answer", "Available but not working"),
            pgettext_lazy("skm answer", "Working, but not fully"),
            pgettext_lazy("skm answer", "Well managed"),
        ),
    ),
    Element(
        9,
        pgettext_lazy("skm element", "Facilities and infrastructure"),
        pgettext_lazy("skm question", "How good are the facilities and infrastructure of the service?"),
        (
            pgettext_lazy("skm answer", "Poor"),
            pgettext_lazy("skm answer", "Fair"),
            pgettext_lazy("skm answer", "Good"),
            pgettext_lazy("skm answer", "Very good"),
        ),
    ),
)
ELEMENT_FIELDS: tuple[str, ...] = tuple(e.field for e in ELEMENTS)


class Source(models.TextChoices):
    """Where a response was given."""

    ONLINE = "online", pgettext_lazy("skm source", "Online (after the letter)")
    KIOSK = "kios", pgettext_lazy("skm source", "Front-desk kiosk")
    PAPER = "kertas", pgettext_lazy("skm source", "Paper questionnaire")


class Quality(models.TextChoices):
    """Quality of service (mutu pelayanan) by the IKM; the bounds are in ikm.py."""

    A = "A", pgettext_lazy("ikm quality", "Very good")
    B = "B", pgettext_lazy("ikm quality", "Good")
    C = "C", pgettext_lazy("ikm quality", "Less than good")
    D = "D", pgettext_lazy("ikm quality", "Not good")
