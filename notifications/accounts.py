"""allauth's account adapter (ACCOUNT_ADAPTER): its e-mails (verification, password reset) go through the outbox
like every other message, and its log-in limits count per real client address."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from romantik.clientip import client_ip

from .services import message_queue


def portal_site():
    """The portal as allauth's e-mails name it ("Hello from {{ current_site.name }}!", `current_site.domain`):
    SITE_NAME and the host of SITE_URL. The sites framework is not installed, and the request's host is not the
    portal's name (nor is there a request when a task sends)."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset) go through the outbox like every other message."""

    def get_client_ip(self, request):
        """allauth's own log-in limits (ACCOUNT_RATE_LIMITS) count per client address as the rest of the site
        reads it: behind the trusted proxies (romantik.clientip, TRUSTED_PROXY_COUNT)."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        # What allauth's own send_mail adds to every account e-mail's context.
        context = {"request": allauth_context.request, "email": email, "current_site": portal_site(), **context}
        msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        if getattr(msg, "alternatives", None) and not body:
            body = msg.alternatives[0][0]
        message_queue(
            template="prerendered",
            address=email,
            context={"subject": msg.subject, "body": body},
            subject_ref=f"account:{template_prefix.rsplit('/', 1)[-1]}",
        )
