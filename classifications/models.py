"""A standard classification and its items, loaded from the files in classifications/data/ (loading.py checks
them, services.classifications_load writes them). The region codes are a classification whose items are
romantik's regions (`regions` True): they are not copied here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)  # "kbli2020": what a variable stores
    name = models.CharField(_("name"), max_length=120)  # "KBLI 2020"
    version = models.CharField(_("version"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=300)
    detail = models.CharField(_("detail shipped"), max_length=300, blank=True)
    regions = models.BooleanField(_("items are the regions"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("standard classification")
        verbose_name_plural = _("standard classifications")

    def __str__(self):
        return self.name


class ClassificationItem(models.Model):
    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        ordering = ["classification", "pk"]
        verbose_name = _("classification item")
        verbose_name_plural = _("classification items")
        constraints = [
            models.UniqueConstraint(fields=["classification", "code"], name="classification_item_code_unique")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"
