"""The catalogue's answers to the signals of the layers below it (connected in CatalogueConfig.ready)."""

from django.dispatch import receiver

from letters.signals import letter_issued

from .services import catalogue_entry_refresh


@receiver(letter_issued, dispatch_uid="catalogue.list_issued_activity")
def list_issued_activity(sender, *, submission, **kwargs):
    catalogue_entry_refresh(submission=submission)  # listed in the public catalogue, in the same transaction
