from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ChannelPreference, Message
from .services import message_resend


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "template", "address", "channel", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel", "template"]
    search_fields = ["address", "subject_ref", "idempotency_key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["resend"]

    @admin.action(description=_("Resend the selected failed messages"))
    def resend(self, request, queryset):
        count = 0
        for message in queryset.filter(state="failed"):
            message_resend(message=message)
            count += 1
        self.message_user(request, _("%(count)d message(s) queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "whatsapp"]
    list_filter = ["whatsapp"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
