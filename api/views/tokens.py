"""The page where a signed-in agency user creates and revokes personal API tokens (/akun/token-api/).

A new key is shown once, in the answer to the POST that made it (not stored, not put in the session),
with caching forbidden; afterwards only its first characters are shown.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from romantik.refusals import form_refuse

from ..models import ApiToken
from ..selectors import tokens_of
from ..services import api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=gettext_lazy("What the token is for, e.g. the script or application that will use it."),
    )


def _page(request, form, *, new_key: str = "", new_token=None, status: int = 200):
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": list(tokens_of(request.user)),
            "may_create": request.user.has_perm("api.manage_tokens"),
            "new_key": new_key,
            "new_token": new_token,
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@login_required
def token_list(request):
    """GET: the user's tokens. POST: create one and show its key once."""
    if request.method != "POST":
        return _page(request, TokenForm())
    if not request.user.has_perm("api.manage_tokens"):
        raise PermissionDenied
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        token, key = api_token_create(user=request.user, name=form.cleaned_data["name"])
    except ValidationError as error:
        form_refuse(form, error, field="name")
        return _page(request, form, status=400)
    return _page(request, TokenForm(), new_key=key, new_token=token)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # someone else's token: 404
    if token.revoked_at is not None:
        messages.info(request, _("The token %(name)s was already revoked.") % {"name": token.name})
        return redirect("api_tokens")
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token %(name)s was revoked: it no longer works.") % {"name": token.name})
    return redirect("api_tokens")


urlpatterns = [
    path("", token_list, name="api_tokens"),
    path("<int:pk>/cabut/", token_revoke, name="api_token_revoke"),
]
