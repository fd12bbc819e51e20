from django.contrib import admin

from .models import Classification, ClassificationItem


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    """Read only: the classifications are the shipped files (manage.py classifications_load)."""

    list_display = ("code", "name", "version", "regions", "loaded_at")
    readonly_fields = ("code", "name", "version", "source", "detail", "regions", "loaded_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClassificationItem)
class ClassificationItemAdmin(admin.ModelAdmin):
    list_display = ("classification", "code", "title", "level")
    list_filter = ("classification", "level")
    search_fields = ("code", "title")
    readonly_fields = ("classification", "code", "title", "level", "parent")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
