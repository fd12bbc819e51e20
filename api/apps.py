from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        # The OpenAPI description of the bearer-token authentication (drf-spectacular finds it on import).
        from . import openapi  # noqa: F401
