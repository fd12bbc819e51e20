"""The hand-over's answers to the signals of the layers below it (connected in HandoverConfig.ready)."""

from django.dispatch import receiver

from letters.signals import letter_issued

from .services import handover_schedule


@receiver(letter_issued, dispatch_uid="handover.schedule_results")
def schedule_results(sender, *, submission, letter, **kwargs):
    handover_schedule(submission=submission, letter=letter)  # due dates from block VIII, in the same transaction
