from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CekSurveiConfig(AppConfig):
    """ "Cek Survei" (issue 22): the public check of a recommended activity by the code on its questionnaire."""

    name = "ceksurvei"
    verbose_name = _("Survey check")

    def ready(self):
        from complaints.selectors import activity_of_code_register

        from .selectors import complaint_activity

        activity_of_code_register(complaint_activity)
