"""The catalogue's answers to the signals of the layers below it (connected in CatalogueConfig.ready)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from letters.signals import letter_issued
from romantik.signals import agency_merged
from submissions.models import Submission

from .models import CatalogueEntry
from .selectors import catalogue_generation_bump
from .services import catalogue_entry_refresh


@receiver(letter_issued, dispatch_uid="catalogue.list_issued_activity")
def list_issued_activity(sender, *, submission, **kwargs):
    catalogue_entry_refresh(submission=submission)  # listed in the public catalogue, in the same transaction


@receiver(agency_merged, dispatch_uid="catalogue.refresh_merged_agency")
def refresh_merged_agency(sender, *, into, **kwargs):
    """The activities moved from the duplicate name it and were found by its name: each entry of `into` is written
    again (its agency's name and acronym in the search text; `into` may also have taken the duplicate's acronym).
    As many refreshes as the agency has listed activities: a merge is a rare act of an office admin."""
    for pk in CatalogueEntry.objects.filter(agency=into).values_list("submission_id", flat=True):
        catalogue_entry_refresh(submission=Submission(pk=pk))


@receiver([post_save, post_delete], sender=CatalogueEntry, dispatch_uid="catalogue.generation_bump")
def catalogue_changed(sender, **kwargs):
    """The counts and years kept per generation (selectors.catalogue_count) are read afresh: now, and again once
    the change is committed (a count taken meanwhile from the old rows is then not kept under the new one)."""
    catalogue_generation_bump()
    transaction.on_commit(catalogue_generation_bump)
