"""One row per activity in the public catalogue: the public listing fields, denormalised, and the search text.

Rows are written only by `services.catalogue_entry_refresh` (when a letter is issued, and by the
`catalogue_rebuild` command). The GIN indexes on `search_vector` and on the title's trigrams exist on
PostgreSQL only and are made by migration 0002, not declared here, because SQLite cannot build them.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.enums import Kind, Sector

from .enums import Decision


class CatalogueEntry(models.Model):
    submission = models.OneToOneField(
        "submissions.Submission", primary_key=True, on_delete=models.CASCADE, related_name="catalogue_entry"
    )
    # The recommendation: the signed letter's number and date, and its decision.
    recommendation_number = models.CharField(_("recommendation number"), max_length=80)
    recommendation_date = models.DateField(_("recommendation date"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)

    title = models.CharField(_("activity title"), max_length=250)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    kind = models.CharField(_("form"), max_length=8, choices=Kind.choices)
    sector = models.PositiveSmallIntegerField(_("sector"), choices=Sector.choices, null=True, blank=True)
    agency = models.ForeignKey(
        "romantik.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="catalogue_entries"
    )
    agency_name = models.CharField(_("agency name"), max_length=200)
    province = models.ForeignKey(
        "romantik.Region",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regency = models.ForeignKey(
        "romantik.Region",
        verbose_name=_("regency/city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # " 62 6202 6203 ": the BPS codes of the organiser's region and of the regions covered, with their
    # provinces, space-delimited so that " 62 " matches a province and never a regency's code.
    region_codes = models.TextField(blank=True)
    # Folded public text (title, purpose, variables, indicators, agency): the SQLite fallback's search and the
    # word overlap of duplicate detection.
    search_text = models.TextField(blank=True)
    # PostgreSQL: weighted tsvector (title A, purpose B, variables and indicators C, agency and background D).
    search_vector = SearchVectorField(null=True, blank=True)
    # "Cek Survei" (issue 22): the short public code of a recommended (layak) activity, letters.public_code of the
    # submission's id, printed on the letter and the questionnaires; None for a tidak layak decision.
    public_check_code = models.CharField(_("public check code"), max_length=8, unique=True, null=True, blank=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-recommendation_date", "-submission_id"]
        indexes = [
            models.Index(fields=["-recommendation_date", "-submission"], name="catalogue_date"),
            models.Index(fields=["year"], name="catalogue_year"),
            models.Index(fields=["agency"], name="catalogue_agency"),
            models.Index(fields=["sector"], name="catalogue_sector"),
            # The catalogue's version (selectors.catalogue_version): MAX(refreshed_at) without a table scan.
            models.Index(fields=["refreshed_at"], name="catalogue_refreshed"),
        ]
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")

    def __str__(self):
        return f"{self.recommendation_number} {self.title}"


class ReusableVariable(models.Model):
    """A variable offered for reuse while an agency adds variables (issue 22): the public variables with the same
    name and definition (case, accents and spacing aside: `group_key`) in activities recommended layak, once, with
    the columns "Salin" copies (those of the activity listed last with it) and the number of activities using it
    (`activities`, kept by `reuse.reusable_uses_set` as entries are written and removed; `catalogue_rebuild` counts
    them again). The trigram GIN index on `name_folded` (PostgreSQL only, migration 0008) serves the search's
    `LIKE '%…%'`."""

    group_key = models.CharField(max_length=32, unique=True)  # md5 of the folded name and definition
    name_folded = models.CharField(max_length=200)  # text.fold(name): what the search matches
    activities = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200)
    alias = models.CharField(max_length=100, blank=True)
    concept = models.TextField(blank=True)
    definition = models.TextField()
    selection_reference = models.CharField(max_length=200, blank=True)
    time_reference = models.CharField(max_length=200, blank=True)
    data_type = models.CharField(max_length=10, blank=True)
    classification = models.CharField(max_length=200, blank=True)
    standard_classification = models.CharField(max_length=40, blank=True)
    validation_rule = models.CharField(max_length=250, blank=True)
    question_text = models.TextField(blank=True)

    def __str__(self):
        return self.name


class ReusableVariableUse(models.Model):
    """A recommended activity (its catalogue entry) uses the reusable variable `variable`: what `activities` counts."""

    entry = models.ForeignKey(CatalogueEntry, on_delete=models.CASCADE, related_name="reusable_uses")
    variable = models.ForeignKey(ReusableVariable, on_delete=models.CASCADE, related_name="uses")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "variable"], name="catalogue_reuse_use_unique")]

    def __str__(self):
        return f"{self.entry_id}: {self.variable_id}"
