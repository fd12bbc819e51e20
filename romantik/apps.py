from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RomantikConfig(AppConfig):
    name = "romantik"
    verbose_name = _("Offices, agencies and people")

    def ready(self):
        from . import checks, security  # noqa: F401 - registers the deploy checks; connects the signal receivers
        from .audit import audit_register
        from .models import Office, OfficeClosure, OfficeDocument, OfficeRole, ServiceStandard

        # What an office's history shows (romantik/audit.py); each model names its office.
        for model in (Office, OfficeRole, OfficeClosure, OfficeDocument, ServiceStandard):
            audit_register(model)
        # Agencies as master data (romantik/agencies.py: its permissions); each change in its office's history.
        from . import agencies  # noqa: F401
        from .models import Agency

        audit_register(Agency, exclude_fields=["created_at"])


class RomantikAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the portal's log-in door (romantik/admin_site.py)."""

    default = False  # "romantik" in INSTALLED_APPS is RomantikConfig
    default_site = "romantik.admin_site.RomantikAdminSite"
