"""Short, readable names of the message templates, for the message log (not the subjects the reader gets)."""

from django.utils.translation import gettext_lazy as _

# One entry per folder in notifications/templates/notifications/messages/ (a test keeps them in step).
TEMPLATE_LABELS = {
    "account_invitation": _("Account invitation"),
    "api_token_created": _("API token created"),
    "complaint_filed": _("Complaint receipt"),
    "complaint_link": _("New complaint tracking link"),
    "complaint_new": _("New complaint received"),
    "complaint_replied": _("Complaint answered"),
    "complaint_status": _("Complaint status changed"),
    "consultation_answered": _("Consultation answered"),
    "consultation_requested": _("Advice requested"),
    "decision_awaiting_approval": _("Decision awaiting approval"),
    "handover_reminder": _("Reminder: results to hand over"),
    "handover_reviewed": _("Hand-over of results confirmed or more asked"),
    "handover_submitted": _("Results handed over by the agency"),
    "letter_awaiting_signature": _("Letter awaiting signature"),
    "letter_issued": _("Letter issued"),
    "letter_sent_back": _("Letter sent back for revision"),
    "letter_tampered": _("Stored letter altered"),
    "membership_pending": _("Agency link awaiting verification"),
    "membership_rejected": _("Agency link rejected"),
    "membership_verified": _("Agency link verified"),
    "prerendered": _("Account e-mail (verification, password)"),
    "reminder_draft_idle": _("Reminder: unfinished draft"),
    "reminder_due": _("Reminder: review deadline"),
    "reminder_overdue_digest": _("Overdue submissions digest"),
    "reminder_revision_waiting": _("Reminder: revision awaited"),
    "revision_close_warning": _("Warning: revision about to be closed"),
    "skm_request": _("Satisfaction survey request"),
    "staff_invitation": _("Invitation to an office's staff"),
    "submission_accepted": _("Submission recorded complete"),
    "submission_assigned": _("Reviewer assigned"),
    "submission_closed": _("Submission closed: revision not sent"),
    "submission_incoming": _("New submission received"),
    "submission_needs_revision": _("Submission returned for revision"),
    "submission_recorded": _("Walk-in form recorded"),
    "submission_resubmission_received": _("Revision receipt"),
    "submission_resubmitted": _("Revision received"),
    "submission_returned_incomplete": _("Submission returned as incomplete"),
    "submission_submitted": _("Submission receipt"),
    "submission_withdrawn": _("Submission withdrawn by the agency"),
    "submission_withdrawn_receipt": _("Withdrawal receipt"),
    "whatsapp_code": _("WhatsApp number verification code"),
}


def template_label(template: str) -> str:
    """The label of a template; its technical name when a newer template has no label yet."""
    return str(TEMPLATE_LABELS.get(template, template))
