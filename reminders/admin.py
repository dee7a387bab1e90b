from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ExportActionMixin

from .models import NotificationPreference, Reminder, ReminderRule
from .services import requeue_failed_reminders


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "days_before", "hours_before", "repeat_every_hours", "is_active"]
    list_editable = ["days_before", "hours_before", "repeat_every_hours", "is_active"]
    list_display_links = ["kind"]
    list_filter = ["kind", "is_active"]

    def has_delete_permission(self, request, obj=None):
        # Rules that already sent reminders stay for the ledger's sake: deactivate them instead.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.reminders.exists())


class ReminderResource(resources.ModelResource):
    class Meta:
        model = Reminder
        fields = [
            "id",
            "kind",
            "object_id",
            "rule__days_before",
            "rule__hours_before",
            "sequence",
            "recipient__email",
            "deadline_at",
            "due_at",
            "mode",
            "status",
            "attempts",
            "sent_at",
            "note",
        ]
        export_order = fields


@admin.register(Reminder)
class ReminderAdmin(ExportActionMixin, admin.ModelAdmin):
    resource_classes = [ReminderResource]
    list_display = [
        "kind",
        "object_id",
        "recipient",
        "rule",
        "sequence",
        "deadline_at",
        "mode",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind", "mode", "rule", "sent_at", "deadline_at"]
    search_fields = ["recipient__email", "recipient__full_name", "note"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "rule"]
    readonly_fields = [field.name for field in Reminder._meta.fields]
    actions = ["requeue"]

    def has_requeue_permission(self, request):
        return request.user.has_perm("reminders.change_reminder")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer les rappels en échec"), permissions=["requeue"])
    def requeue(self, request, queryset):
        count = requeue_failed_reminders(reminder_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)d rappel(s) remis en file d'envoi.") % {"count": count})


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ExportActionMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "mode", "updated_at"]
    list_filter = ["kind", "mode"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
