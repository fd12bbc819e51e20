from django.contrib import admin

from .models import CatalogueEntry


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    """Read-only: rows are written by `catalogue_entry_refresh` (at issue) and `manage.py catalogue_rebuild`."""

    list_display = ["recommendation_number", "recommendation_date", "title", "agency_name", "year", "decision"]
    list_filter = ["decision", "kind", "year"]
    search_fields = ["recommendation_number", "title", "agency_name"]
    exclude = ["search_vector"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
