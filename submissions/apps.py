from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """FS3 / FP-KPA / MS-Keg forms, variables, indicators, attachments, walk-in intake."""

    name = "submissions"
    verbose_name = _("Submissions")

    def ready(self):
        from notifications.selectors import submission_numbers_register
        from romantik.officetime import office_of_url_register

        from .selectors import submission_numbers, submission_office_code

        submission_numbers_register(submission_numbers)  # the outbox's message log shows them
        # A submission's pages show times in the zone of the office that handles it.
        office_of_url_register("submissions", lambda kwargs: submission_office_code(kwargs.get("pk")))
