from django.contrib import admin

from .models import Transition


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["submission", "from_state", "to_state", "actor", "round", "at"]
    list_filter = ["to_state"]
    readonly_fields = ["submission", "from_state", "to_state", "actor", "note", "round", "at"]

    def has_add_permission(self, request):
        return False
