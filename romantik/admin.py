from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, AgencyMembership, Office, OfficeClosure, OfficeRole, Region, ServiceStandard, User
from .standards import MIRRORED_FIELDS


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class OfficeClosureInline(admin.TabularInline):
    model = OfficeClosure
    extra = 0


class OfficeRoleInline(admin.TabularInline):
    model = OfficeRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "service_time_amount", "service_time_unit", "letter_code"]
    list_filter = ["level", "service_time_unit"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "region", "signer_office"]
    inlines = [OfficeClosureInline, OfficeRoleInline]
    # The standard's fields copy the version in force (romantik/standards.py): a new version is published on the
    # office's page /kantor/<code>/standar-layanan/, never typed over here.
    readonly_fields = MIRRORED_FIELDS


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    """Published versions are the record of what the office promised: shown, never edited or deleted here."""

    list_display = ["office", "version", "sk_number", "effective_from", "created_at"]
    search_fields = ["office__code", "office__name", "sk_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "level", "region", "verified"]
    list_filter = ["level", "verified"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["region"]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "agency__name"]
    raw_id_fields = ["user", "agency", "decided_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name", "nip"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "nip", "position", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    inlines = [OfficeRoleInline]
