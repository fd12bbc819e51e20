from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The public catalogue of recommended activities, their machine-readable metadata and duplicate detection."""

    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from . import receivers  # noqa: F401 - connects them to the signals of the layers below (receivers.py)
