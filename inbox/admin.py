from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by ``notify`` and read or pruned by their recipient's actions."""

    list_display = ["title", "recipient", "kind", "created_at", "read_at", "digest_status"]
    list_filter = ["kind", "digest_status"]
    search_fields = ["title", "recipient__email"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    """Read-only: a person sets their own preferences (the service checks what a referent may lower)."""

    list_display = ["user", "kind", "mode", "updated_at"]
    list_filter = ["kind", "mode"]
    search_fields = ["user__email"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
