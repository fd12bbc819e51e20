from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    """The satisfaction survey (Survei Kepuasan Masyarakat) and its index (IKM), PermenPANRB 14/2017."""

    name = "satisfaction"
    verbose_name = _("Satisfaction survey")

    def ready(self):
        from . import receivers  # noqa: F401 - connects them to the signals of the layers below (receivers.py)
