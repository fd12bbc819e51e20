"""The Django admin behind the portal's one log-in door.

Django's admin has a log-in form of its own that checks a password and nothing else: no verified e-mail
address, no second factor, no lockout count of allauth's. Here the admin's log-in page only sends people to
the portal's log-in (allauth: verified e-mail, two-factor, django-axes), and the admin opens only to staff
whose session passed a second factor (romantik.security.two_factor_missing; the site admin's role requires it
like a head's). INSTALLED_APPS names romantik.apps.RomantikAdminConfig instead of "django.contrib.admin".
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class RomantikAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        from .security import two_factor_missing  # this module loads with the app registry, before the models

        return super().has_permission(request) and two_factor_missing(request) is None

    def login(self, request, extra_context=None):
        """Never checks a password: anonymous people go to the portal's log-in and come back; signed-in staff
        go on; anyone else signed in is refused (no second log-in on top of a session)."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("account_login"))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        raise PermissionDenied
