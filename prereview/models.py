from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import RuleKind


class Rule(models.Model):
    """One rule of the pre-review catalogue: a built-in check (`kind`) with the wording an office admin of BPS RI
    adjusts in the Django admin (seeded from prereview/seed/rules.json by `rules_seed`). The texts may use
    {threshold}, {value} and {names} (what the check found)."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("check"), max_length=40, choices=RuleKind.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    section = models.CharField(_("section of the form"), max_length=20, help_text=_("For example: 4, 6, variables."))
    field = models.CharField(
        _("question"),
        max_length=60,
        blank=True,
        help_text=_("The field the result is shown next to; empty: the section."),
    )
    threshold = models.DecimalField(_("threshold"), max_digits=9, decimal_places=2, null=True, blank=True)
    parameter = models.CharField(
        _("parameter"), max_length=200, blank=True, help_text=_("For the title check: the words, comma-separated.")
    )
    title = models.CharField(_("rule"), max_length=200)
    pass_text = models.CharField(_("text when it passes"), max_length=300, blank=True)
    violation_text = models.TextField(_("reason when violated"))
    fix_text = models.TextField(_("how to fix"))
    unknown_text = models.CharField(_("text when it cannot be judged yet"), max_length=300)

    class Meta:
        ordering = ["position", "key"]
        verbose_name = _("pre-review rule")
        verbose_name_plural = _("pre-review rules")

    def __str__(self):
        return self.title
