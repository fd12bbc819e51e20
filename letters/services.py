"""Every write to a letter draft: prepared at the decision, edited by the reviewers, rendered by a Celery task,
sent to the head for signature. Each write locks the letter row, checks the django-rules permission and treats a
repeated click as a no-op."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from notifications.services import message_queue
from romantik.enums import OfficeLevel, Role
from romantik.selectors import staff_with_roles
from submissions.selectors import submission_locked
from submissions.states import DECISION_STATES

from .enums import LetterState, RenderState
from .models import Letter, OfficeLetterDefaults
from .rules import EDITABLE_LETTER_STATES, is_letter_editor
from .selectors import letter_locked
from .workflow import letter_transition

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = ("sifat", "subject", "addressee", "body_text", "tembusan")


# --- the defaults of a new letter (always Indonesian: an official document) ---------------------------


def _default_subject(submission) -> str:
    return gettext("Recommendation for the statistical activity “%(title)s”") % {"title": submission.title}


def _default_addressee(submission) -> str:
    agency = submission.agency
    lines = [gettext("Head of %(agency)s") % {"agency": agency.name}]
    if agency.region is not None and agency.region.display_name.lower() not in agency.name.lower():
        lines.append(agency.region.display_name)
    return "\n".join(lines)


def _default_tembusan(office) -> str:
    """The office's own default, set on its letter settings page (OfficeLetterDefaults, even empty); without one,
    a regency/city office copies its province office."""
    own = OfficeLetterDefaults.objects.filter(office=office).values_list("tembusan", flat=True).first()
    if own is not None:
        return own
    return tembusan_builtin(office)


def tembusan_builtin(office) -> str:
    """The tembusan of an office that set none: a regency/city office copies its province office."""
    if office.level == OfficeLevel.REGENCY and office.parent is not None:
        return "1. " + gettext("Head of %(office)s") % {"office": office.parent.name}
    return ""


def letter_tembusan_default(office) -> str:
    """The tembusan a new letter of `office` starts with (in Indonesian: an official document)."""
    with translation.override("id"):
        return _default_tembusan(office)


def letter_defaults(submission) -> dict:
    with translation.override("id"):
        return {
            "subject": _default_subject(submission),
            "addressee": _default_addressee(submission),
            "body_text": submission.decision_text,
            "tembusan": _default_tembusan(submission.office),
        }


# --- rendering -----------------------------------------------------------------------------------------


def _render_dispatch(letter_id: int, version: int) -> bool:
    """Hand the render to the broker; False (the letter stays 'being prepared') when the broker is down.
    Saving the draft again queues a new render."""
    from .tasks import letter_render_task

    try:
        letter_render_task.apply_async(args=[letter_id, version], retry=False, timeout=settings.CELERY_PUBLISH_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - a dead broker must not break the request
        logger.warning("Broker unavailable, letter %s (version %s) is not rendered: %s", letter_id, version, exc)
        return False
    return True


def _queue_render(letter: Letter) -> None:
    """A new version to render (the caller holds the row lock and saves)."""
    letter.draft_version += 1
    letter.render_state = RenderState.PENDING
    letter.render_error = ""
    letter_id, version = letter.pk, letter.draft_version
    transaction.on_commit(lambda: _render_dispatch(letter_id, version))


def letters_render_flush(*, now=None, grace: timedelta | None = None, limit: int = 20) -> int:
    """Drafts still 'being prepared' long after their render was queued (the broker was down at the decision,
    or the task was lost): render their current version here, in the periodic task, as the outbox flush
    sends messages the broker never took. Returns how many were rendered."""
    now = now or timezone.now()
    grace = grace if grace is not None else timedelta(seconds=settings.LETTER_RENDER_GRACE_SECONDS)
    stale = (
        Letter.objects.filter(render_state=RenderState.PENDING, updated_at__lt=now - grace)
        .exclude(state=LetterState.SIGNED)
        .order_by("updated_at")
    )
    done = 0
    for letter_id, version in stale.values_list("pk", "draft_version")[:limit]:
        if letter_render(letter_id=letter_id, version=version) is not None:
            done += 1
    return done


def letter_render(*, letter_id: int, version: int) -> Letter | None:
    """Render version `version` of a draft and store it, unless a newer version was queued meanwhile
    (then nothing is stored) or the letter is signed. Called by the Celery task, holding no lock while it renders.

    Two files: the draft (the letter's pages and the lampiran, for the preview) and the lampiran alone, which has
    no number in it: the signing task combines it with the letter's pages rendered with the number, so that the
    long part (up to 2,000 variables) is rendered here, ahead of the signature (letters.rendering, letters.issuing)."""
    from .rendering import lampiran_pdf, letter_combine, letter_pages_pdf

    letter = (
        Letter.objects.select_related("submission__agency__region", "office__region", "signer_office")
        .filter(pk=letter_id)
        .first()
    )
    if letter is None or letter.draft_version != version or letter.state == LetterState.SIGNED:
        return None  # gone, stale or final
    try:
        lampiran = lampiran_pdf(letter)
        pdf, error = letter_combine(letter_pages_pdf(letter), lampiran), ""
    except Exception as exc:  # noqa: BLE001 - the failure is shown to the reviewer, who may save again
        logger.exception("Letter %s (version %s) failed to render", letter_id, version)
        pdf, lampiran, error = None, None, f"{type(exc).__name__}: {exc}"
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter_id)
        if locked.draft_version != version or locked.state == LetterState.SIGNED:
            return None
        if pdf is None:
            locked.render_state, locked.render_error = RenderState.FAILED, error
            locked.save(update_fields=["render_state", "render_error", "updated_at"])
            return locked
        old = [name for name in (locked.draft_pdf.name, locked.lampiran_pdf.name) if name]
        locked.draft_pdf.save("draft.pdf", ContentFile(pdf), save=False)
        locked.lampiran_pdf.save("lampiran.pdf", ContentFile(lampiran), save=False)
        locked.render_state, locked.render_error = RenderState.READY, ""
        locked.save(update_fields=["draft_pdf", "lampiran_pdf", "render_state", "render_error", "updated_at"])
        if old:
            storage = locked.draft_pdf.storage
            transaction.on_commit(lambda: [storage.delete(name) for name in old])
    return locked


# --- the writes --------------------------------------------------------------------------------------


@transaction.atomic
def letter_prepare(*, submission, actor) -> Letter:
    """The draft of a decided submission (layak / tidak layak), with its defaults; rendered after commit.
    Returns the existing letter when there is one."""
    locked = submission_locked(submission.pk)
    existing = Letter.objects.filter(submission=locked).first()
    if existing is not None:
        return existing
    if locked.state not in DECISION_STATES:
        raise ValidationError(gettext("A letter is made only once the submission is decided."))
    letter = Letter(
        submission=locked,
        office=locked.office,
        signer_office=locked.office.signing_office,
        decision=locked.state,
        created_by=actor,
        **letter_defaults(locked),
    )
    if not is_letter_editor(actor, letter):
        raise PermissionDenied
    letter.save()
    _queue_render(letter)
    letter.save(update_fields=["draft_version", "render_state", "render_error"])
    return letter


@transaction.atomic
def letter_update(
    *, letter, actor, sifat: str, subject: str, addressee: str, body_text: str, tembusan: str = ""
) -> Letter:
    """The reviewers edit the free-text parts of a draft (draft or returned); the PDF is rendered again.
    Saving unchanged text is a no-op, unless the last render failed (then it is tried again)."""
    locked = letter_locked(letter)
    if not (
        actor.has_perm("review.review_submission", locked.submission) or actor.has_perm("letters.edit_letter", locked)
    ):
        raise PermissionDenied
    if locked.state not in EDITABLE_LETTER_STATES:
        raise PermissionDenied
    values = {
        "sifat": sifat.strip(),
        "subject": subject.strip(),
        "addressee": addressee.strip(),
        "body_text": body_text.strip(),
        "tembusan": tembusan.strip(),
    }
    for name in ("sifat", "subject", "addressee", "body_text"):
        if not values[name]:
            raise ValidationError({name: gettext("This part of the letter cannot be empty.")})
    unchanged = all(getattr(locked, name) == value for name, value in values.items())
    if unchanged and locked.render_state != RenderState.FAILED:
        return locked  # a repeated click
    for name, value in values.items():
        setattr(locked, name, value)
    _queue_render(locked)
    locked.save()
    return locked


def _notify_heads(letter: Letter, key: str) -> None:
    submission = letter.submission
    heads = staff_with_roles(letter.signer_office, {Role.HEAD})
    url = reverse("letters:sign", kwargs={"pk": letter.pk})  # the head's page: read, sign or send back
    for head in heads:
        message_queue(
            template="letter_awaiting_signature",
            recipient=head,
            context={
                "number": submission.number,
                "title": submission.title,
                "agency": submission.agency.name,
                "office": letter.office.name,
                "decision": str(submission.get_state_display()),
                "url": url,
            },
            idempotency_key=f"letter_awaiting_signature:{letter.pk}:{key}:{head.pk}",
            subject_ref=f"submissions.submission:{submission.pk}",
            office=letter.office,
        )


@transaction.atomic
def letter_send_to_head(*, letter, actor) -> Letter:
    """Draft or returned → awaiting signature, with a rendered PDF; the heads of the signing office are told."""
    locked = letter_locked(letter)
    if locked.state == LetterState.AWAITING_SIGNATURE:
        if not actor.has_perm("letters.view_letter_draft", locked):
            raise PermissionDenied
        return locked  # a repeated click
    if not actor.has_perm("letters.edit_letter", locked):
        raise PermissionDenied
    if locked.render_state != RenderState.READY or not locked.draft_pdf:
        raise ValidationError(gettext("The letter is still being prepared; send it once its preview is ready."))
    letter_transition(locked=locked, to=LetterState.AWAITING_SIGNATURE, actor=actor)
    _notify_heads(locked, f"v{locked.draft_version}:{timezone.now().isoformat()}")
    return locked
