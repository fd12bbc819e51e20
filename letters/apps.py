from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """Numbering, PDF rendering (WeasyPrint), signing (pyHanko), verification."""

    name = "letters"
    verbose_name = _("Letters")

    def ready(self):
        from romantik.audit import audit_register
        from romantik.officetime import office_of_url_register

        from . import receivers  # noqa: F401 - connects them to the signals of the layers below (receivers.py)
        from .models import Letter, OfficeLetterDefaults

        audit_register(OfficeLetterDefaults)  # an office's history (romantik/audit.py): its letter defaults

        # A letter's pages show times in its office's zone; its public verification page, the signing office's.
        office_of_url_register(
            "letters",
            lambda kwargs: Letter.objects.filter(pk=kwargs.get("pk")).values_list("office__code", flat=True).first(),
        )
        office_of_url_register(
            "letters:verify",
            lambda kwargs: (
                Letter.objects.filter(verify_token=kwargs.get("token"))
                .values_list("signer_office__code", flat=True)
                .first()
            ),
        )
