"""Who may follow a complaint on the public pages, and the file download both sides use.

The complainant follows a complaint when signed in as the person who filed it, or in the browser session
that filed it or proved the number and e-mail pair on the tracking page. Everyone else gets 404, so a guessed
number tells nothing.
"""

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

SESSION_KEY = "complaints_followed"
SESSION_MAX = 20


def session_follow(request, complaint) -> None:
    """Let this browser session follow `complaint` (after filing it, or proving number and e-mail)."""
    followed = [pk for pk in request.session.get(SESSION_KEY, []) if pk != complaint.pk]
    request.session[SESSION_KEY] = [*followed, complaint.pk][-SESSION_MAX:]


def may_follow(request, complaint) -> bool:
    """The complainant's view: not the handlers' (they have the office page, with the whole log)."""
    from ..rules import is_complainant

    return is_complainant(request.user, complaint) or complaint.pk in request.session.get(SESSION_KEY, [])


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
