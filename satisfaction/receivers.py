"""The survey's answers to the signals of the layers below it (connected in SatisfactionConfig.ready)."""

from django.dispatch import receiver

from letters.signals import letter_issued

from .services import rating_request


@receiver(letter_issued, dispatch_uid="satisfaction.ask_for_rating")
def ask_for_rating(sender, *, submission, **kwargs):
    rating_request(submission=submission)  # the satisfaction survey (SKM), in the same transaction
