"""The shape every state door beyond the submission's shares (letters.workflow, handover.workflow): an abstract log
row (`StateChange`) and one function (`state_change`) that checks the allowed table, moves the locked row and
logs the change, in the caller's transaction. Each door names its table, its log model and its refusal; the
submission's own door (submissions.workflow) does more (permissions, clock, messages) and stays its own."""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext


class StateChange(models.Model):
    """One change of an object's state: the concrete log adds the object (a foreign key) and `from_state` and
    `to_state` with the object's choices."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


def state_change(
    *,
    locked,
    to: str,
    actor,
    note: str,
    fields: tuple[str, ...],
    allowed: dict,
    states,
    log,
    owner: str,
    refusal: type[Exception],
    message: str,
):
    """Move `locked` (its row locked by the caller) to `to`, saving `fields` changed with it, and log the change as
    a `log` row whose foreign key to it is `owner`. A step `allowed` does not list raises `refusal` with `message`
    (a translatable text naming %(from)s and %(to)s, filled with the labels of `states`)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{log.__name__}: the door needs the caller's transaction, with the row locked")
    if to not in allowed.get(locked.state, set()):
        raise refusal(gettext(message) % {"from": states(locked.state).label, "to": states(to).label})
    from_state = locked.state
    locked.state = to
    locked.save(update_fields=["state", "updated_at", *fields])
    return log.objects.create(**{owner: locked}, from_state=from_state, to_state=to, actor=actor, note=note)
