"""letters' answers to the signals of the layers below it (connected in LettersConfig.ready)."""

from django.dispatch import receiver

from review.signals import submission_decided

from .services import letter_prepare


@receiver(submission_decided, dispatch_uid="letters.prepare_on_decision")
def prepare_letter_on_decision(sender, *, submission, actor, **kwargs):
    letter_prepare(submission=submission, actor=actor)  # the draft letter, rendered after commit
