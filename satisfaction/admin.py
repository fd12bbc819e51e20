from django.contrib import admin

from .models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["office", "answered_on", "source", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"]
    list_filter = ["source", "office"]
    date_hierarchy = "answered_on"
    search_fields = ["comment", "submission__number"]
    list_select_related = ["office"]
    raw_id_fields = ["submission", "guest", "respondent"]
    readonly_fields = ["created_at"]
