from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The public catalogue of recommended activities, their machine-readable metadata and duplicate detection."""

    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from submissions.tables import variable_copy_register

        from . import receivers  # noqa: F401 - connects them to the signals of the layers below (receivers.py)
        from .reuse import reusable_variable_initial

        variable_copy_register(reusable_variable_initial)  # "Salin" on the add-variable page (catalogue/reuse.py)
