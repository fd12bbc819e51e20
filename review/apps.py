from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """The review workflow: accept, return, decide; rounds, notes, assignment, consultations, queues."""

    name = "review"
    verbose_name = _("Review")

    def ready(self):
        from romantik.officetime import office_of_url_register
        from romantik.staff import open_work_register
        from submissions.selectors import submission_office_code

        from .models import Consultation, SectionNote
        from .staffwork import open_work_of, open_work_release

        # The core's staff pages list a leaver's open review work and release it for reassignment.
        open_work_register(of=open_work_of, release=open_work_release)

        # The review pages of a submission show times in the zone of the office that handles it.
        office_of_url_register("review", lambda kwargs: submission_office_code(kwargs.get("pk")))
        office_of_url_register(
            "review:consultation_answer",
            lambda kwargs: (
                Consultation.objects.filter(pk=kwargs.get("pk"))
                .values_list("submission__office__code", flat=True)
                .first()
            ),
        )
        office_of_url_register(
            "review:note_respond",
            lambda kwargs: (
                SectionNote.objects.filter(pk=kwargs.get("pk"))
                .values_list("submission__office__code", flat=True)
                .first()
            ),
        )
