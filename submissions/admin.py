from django.contrib import admin

from .models import Attachment, GuestBookEntry, Indicator, Submission, Transition, Variable


class VariableInline(admin.TabularInline):
    model = Variable
    extra = 0
    fields = ["position", "name", "data_type", "public"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["position", "name", "unit", "public"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["kind", "original_name", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-mostly: states change only through the workflow's services, never here."""

    list_display = ["number", "title", "kind", "agency", "office", "state", "channel", "updated_at"]
    list_filter = ["kind", "state", "channel", "office"]
    search_fields = ["number", "title", "agency__name"]
    list_select_related = ["agency", "office"]
    readonly_fields = ["number", "state", "round", "submitted_at", "created_by", "recorded_by", "agency", "office"]
    inlines = [VariableInline, IndicatorInline, AttachmentInline]


@admin.register(GuestBookEntry)
class GuestBookEntryAdmin(admin.ModelAdmin):
    list_display = ["office", "visit_date", "queue_number", "name", "agency_name", "purpose", "status"]
    list_filter = ["office", "visit_date", "status"]
    search_fields = ["name", "agency_name", "email"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["submission", "from_state", "to_state", "actor", "round", "at"]
    list_filter = ["to_state"]
    readonly_fields = ["submission", "from_state", "to_state", "actor", "note", "round", "at"]

    def has_add_permission(self, request):
        return False
