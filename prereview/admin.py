from django.contrib import admin

from .models import Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    """The catalogue, for an office admin of BPS RI: switch a rule off, reword it, change its threshold, or add a
    rule of a built-in kind (a copy with other wording or threshold)."""

    list_display = ("title", "kind", "section", "field", "threshold", "enabled", "position")
    list_editable = ("enabled", "position")
    list_filter = ("enabled", "kind", "section")
    search_fields = ("key", "title", "violation_text")
    ordering = ("position", "key")
