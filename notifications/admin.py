from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .enums import MessageState
from .models import ChannelPreference, Message
from .services import message_resend


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "template", "address", "channel", "state", "attempts", "office", "sent_at"]
    list_filter = ["state", "channel", "template", "office"]
    list_select_related = ["office"]
    search_fields = ["address", "subject_ref", "idempotency_key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["resend"]

    @admin.action(description=_("Resend the selected failed messages"))
    def resend(self, request, queryset):
        # The site admin acts for every office, so no actor check; the service re-checks each row's state.
        count = 0
        for message in queryset.filter(state=MessageState.FAILED):
            if message_resend(message=message).state == MessageState.QUEUED:
                count += 1
        self.message_user(request, _("%(count)d message(s) queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "whatsapp"]
    list_filter = ["whatsapp"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
