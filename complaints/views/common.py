"""Who may follow a complaint on the public pages, and the file download both sides use.

The complainant follows a complaint when signed in as the person who filed it, or in a browser session that
proved its tracking key (complaints.tracking): the session that filed it, or one that opened the tracking link
or typed number and key. Everyone else gets 404, so a guessed number tells nothing. The session keeps a tag of
the current key, so a new key sent by the office ends the sessions that followed with the old one.
"""

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from ..tracking import follow_tag

SESSION_KEY = "complaints_following"
SESSION_MAX = 20


def _followed(request) -> dict[str, str]:
    followed = request.session.get(SESSION_KEY, {})
    return followed if isinstance(followed, dict) else {}


def session_follow(request, complaint) -> None:
    """Let this browser session follow `complaint` (it filed it, or proved its key)."""
    followed = {pk: tag for pk, tag in _followed(request).items() if pk != str(complaint.pk)}
    followed[str(complaint.pk)] = follow_tag(complaint)
    request.session[SESSION_KEY] = dict(list(followed.items())[-SESSION_MAX:])


def may_follow(request, complaint) -> bool:
    """The complainant's view: not the handlers' (they have the office page, with the whole log)."""
    from ..rules import is_complainant

    if is_complainant(request.user, complaint):
        return True
    tag = _followed(request).get(str(complaint.pk))
    return bool(complaint.tracking_key_hash) and tag == follow_tag(complaint)


def attachment_response(complaint) -> FileResponse:
    if not complaint.attachment:
        raise Http404
    try:
        handle = complaint.attachment.storage.open(complaint.attachment.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=complaint.attachment_name, content_type=complaint.attachment_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response
