"""What is still missing, per section, before a submission may be submitted."""

import copy

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .attachments import attachment_kinds_required, cover_letter_recorded
from .enums import AttachmentKind
from .forms import form_data_from_instance, section_form
from .models import SectionDraft, Submission
from .sections import SectionStatus, sections_for


def _form_problems(section, submission: Submission) -> list[str]:
    form_class = section_form(section, submission)
    # A copy: validating a ModelForm writes the cleaned values onto its instance.
    instance = copy.copy(submission)
    stored = form_class(instance=instance, strict=True)
    form = form_class(data=form_data_from_instance(stored), instance=instance, strict=True)
    if form.is_valid():
        return []
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        problems.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return problems


def submission_completeness(submission: Submission) -> list[SectionStatus]:
    """Each applicable section with the list of what is missing or wrong (empty = complete)."""
    drafts = set(SectionDraft.objects.filter(submission=submission).values_list("section", flat=True))
    counts = {
        "variables": submission.variables.count(),
        "attachments": set(submission.attachments.values_list("kind", flat=True)),
    }
    result = []
    for section in sections_for(submission):
        status = SectionStatus(section)
        if section.key in drafts:
            status.missing.append(_("Some answers here were not saved because they have errors: open the section."))
        if section.key == "variables":
            if counts["variables"] < 1:
                status.missing.append(_("Add at least one variable."))
        elif section.key == "attachments":
            kinds_required = attachment_kinds_required(submission.kind)
            required = kinds_required - counts["attachments"]
            if AttachmentKind.COVER_LETTER in required:
                status.missing.append(_("Upload the cover letter (surat pengantar) as a PDF."))
            if AttachmentKind.COVER_LETTER in kinds_required and not cover_letter_recorded(submission):
                # The recommendation letter cites the agency's cover letter by its number and date.
                status.missing.append(_("Enter the cover letter's number and date."))
            if AttachmentKind.INSTRUMENT in required:
                status.missing.append(_("Upload the questionnaire/instrument as a PDF."))
        elif not section.table and section.key not in drafts:
            status.missing.extend(_form_problems(section, submission))
        result.append(status)
    return result


def missing_count(statuses: list[SectionStatus]) -> int:
    return sum(len(s.missing) for s in statuses)


def summary(statuses: list[SectionStatus]) -> str:
    count = missing_count(statuses)
    if not count:
        return _("Complete: ready to submit.")
    return ngettext("%(count)d item is still missing.", "%(count)d items are still missing.", count) % {"count": count}
