from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CekSurveiConfig(AppConfig):
    """"Cek Survei" (issue 22): the public check of a recommended activity by the code on its questionnaire."""

    name = "ceksurvei"
    verbose_name = _("Survey check")
