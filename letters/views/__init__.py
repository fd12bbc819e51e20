"""Views of letters, one module per capability; each module has its own `urlpatterns`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


def letter_refused(request, letter):
    """Refuse `letter` as the submission pages do: 404 to whoever may not see its submission (another office,
    another agency: ids tell nothing), 403 to those who see it but may not do this."""
    if request.user.has_perm("submissions.view_submission", letter.submission):
        raise PermissionDenied
    raise Http404
