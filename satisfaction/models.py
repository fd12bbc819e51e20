"""One answered satisfaction questionnaire (nine scores and a comment)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import ELEMENTS, Source


def _score_field(element):
    return models.PositiveSmallIntegerField(element.code, choices=element.choices)


class PaperImport(models.Model):
    """One CSV file of paper questionnaires loaded for an office (import_skm). Its SHA-256 is unique per office:
    loading the same file twice would count every questionnaire twice in the index."""

    office = models.ForeignKey("romantik.Office", on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    count = models.PositiveIntegerField()
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "sha256"], name="skm_paper_import_once")]

    def __str__(self):
        return f"{self.office_id} {self.file_name} ({self.count})"


class SurveyResponse(models.Model):
    """A response to the survey of one office: online for a submission whose letter was issued, at the
    front-desk kiosk for a guest-book entry, or typed in from a paper questionnaire. The database allows one
    response per submission and one per guest-book entry, and only scores from 1 to 4."""

    office = models.ForeignKey(
        "romantik.Office", verbose_name=_("BPS office"), on_delete=models.PROTECT, related_name="survey_responses"
    )
    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_response",
    )
    guest = models.OneToOneField(
        "submissions.GuestBookEntry",
        verbose_name=_("guest-book entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_response",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    answered_on = models.DateField(_("answered on"))
    u1 = _score_field(ELEMENTS[0])
    u2 = _score_field(ELEMENTS[1])
    u3 = _score_field(ELEMENTS[2])
    u4 = _score_field(ELEMENTS[3])
    u5 = _score_field(ELEMENTS[4])
    u6 = _score_field(ELEMENTS[5])
    u7 = _score_field(ELEMENTS[6])
    u8 = _score_field(ELEMENTS[7])
    u9 = _score_field(ELEMENTS[8])
    comment = models.TextField(_("comment or suggestion"), blank=True, max_length=2000)
    # The file a paper questionnaire came from (import_skm), so a batch can be found again.
    paper_import = models.ForeignKey(PaperImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-answered_on", "-pk"]
        verbose_name = _("satisfaction survey response")
        verbose_name_plural = _("satisfaction survey responses")
        indexes = [models.Index(fields=["office", "answered_on"], name="skm_office_answered_on")]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{e.field}__gte": 1, f"{e.field}__lte": 4}), name=f"skm_{e.field}_1_to_4"
                )
                for e in ELEMENTS
            ),
            # Each source is tied to what it answers for: the submission, the visit, or nothing (paper).
            models.CheckConstraint(
                condition=(
                    Q(source=Source.ONLINE, submission__isnull=False, guest__isnull=True)
                    | Q(source=Source.KIOSK, submission__isnull=True, guest__isnull=False)
                    | Q(source=Source.PAPER, submission__isnull=True, guest__isnull=True)
                ),
                name="skm_source_matches_link",
            ),
        ]

    def __str__(self):
        return f"{self.office.code} {self.answered_on} ({self.get_source_display()})"

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(getattr(self, e.field) for e in ELEMENTS)

    @property
    def answers(self) -> list[tuple]:
        """(element, score, wording of the score) for each element, for showing a response back."""
        return [(e, score, e.level(score)) for e, score in zip(ELEMENTS, self.scores, strict=True)]
