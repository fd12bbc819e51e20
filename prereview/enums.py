from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    """The built-in checks (prereview/kinds.py). A rule of the catalogue names one kind, with its own wording,
    threshold and switch; a new kind is a function in kinds.py and a choice here."""

    SUPERVISORS_EXCEED_ENUMERATORS = "supervisors_exceed_enumerators", _("More supervisors than enumerators")
    CAPI_CATI_WITHOUT_PILOT = "capi_cati_without_pilot", _("CAPI or CATI without a pilot test")
    SAMPLING_ERROR_ABOVE = "sampling_error_above", _("Sampling error above the threshold (%)")
    SAMPLE_DESIGN_FOR_COMPILATION = "sample_design_for_compilation", _("A sample design for a compilation")
    COMPILATION_TITLE = "compilation_title", _("A compilation whose title does not say so")
    ANALYSIS_BEFORE_COLLECTION = "analysis_before_collection", _("Analysis ends before data collection ends")
    VARIABLE_WITHOUT_DEFINITION = "variable_without_definition", _("A variable without definition or question text")
    PRESENTATION_BEYOND_COVERAGE = "presentation_beyond_coverage", _("Presentation levels beyond the coverage")
    REPEATED_WITHOUT_PREVIOUS = "repeated_without_previous", _("Repeated, without the previous recommendation")


class Status(models.TextChoices):
    PASS = "pass", _("Passes")
    VIOLATION = "violation", _("Violation")
    UNKNOWN = "unknown", _("Cannot be judged yet")
