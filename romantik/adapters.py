from allauth.account.adapter import DefaultAccountAdapter

from notifications.services import message_queue


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset) go through the outbox like every other message."""

    def send_mail(self, template_prefix, email, context):
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
