"""Admin of meetings' workspaces: the meeting page shows agenda, answers, attendance and minutes;
minutes and action items change through the services (workflow, locking, owner checks)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from groups.admin import MeetingAdmin as GroupsMeetingAdmin
from groups.models import Meeting
from snitem_portal.admin import ServiceAdminMixin

from . import services
from .models import ActionItem, AgendaItem, Attendance, Minutes, Registration


class KeptRecordMixin:
    """Not deleted in admin: a meeting is cancelled (its members get the calendar CANCEL), and its
    minutes and action items stay the group's record."""

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "presenter_name", "presenter", "action", "consultation"]
    autocomplete_fields = ["presenter"]
    raw_id_fields = ["action", "consultation"]


class ReadOnlyInline(admin.TabularInline):
    """Rows that services write (answers obey the capacity and the deadline; attendance its moment)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = readonly_fields = ["user", "response", "answered_at"]


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = readonly_fields = ["user", "recorded_at", "recorded_by"]


class MinutesInline(ReadOnlyInline):
    model = Minutes
    fields = readonly_fields = ["status", "version", "updated_at", "updated_by"]
    show_change_link = True


admin.site.unregister(Meeting)


@admin.register(Meeting)
class MeetingAdmin(KeptRecordMixin, GroupsMeetingAdmin):
    inlines = [AgendaItemInline, RegistrationInline, AttendanceInline, MinutesInline]


class MinutesAdminForm(forms.ModelForm):
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version


@admin.register(Minutes)
class MinutesAdmin(KeptRecordMixin, ServiceAdminMixin, SimpleHistoryAdmin):
    """Text and status change through ``save_minutes``: the workflow, the lock and the circulation email hold."""

    form = MinutesAdminForm
    list_display = ["meeting", "status", "version", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["meeting__group"]
    search_fields = ["meeting__title", "meeting__group__name", "text"]
    fields = ["meeting", "text", "status", "read_version", "version", "updated_at", "updated_by"]
    readonly_fields = ["version", "updated_at", "updated_by", "circulated_at", "approved_at"]
    raw_id_fields = ["meeting"]
    service_fields = ("text", "status")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is None else ["meeting", *self.readonly_fields]

    def create_object(self, request, obj):
        return services.save_minutes(meeting=obj.meeting, by=request.user, text=obj.text, status=obj.status, version=0)

    def save_model(self, request, obj, form, change):
        obj.read_version = form.cleaned_data.get("read_version")
        super().save_model(request, obj, form, change)

    def apply_changes(self, request, obj, changes):
        services.save_minutes(
            meeting=obj.meeting,
            by=request.user,
            text=changes.get("text", obj.text),
            status=changes.get("status", obj.status),
            version=obj.read_version,
        )


class ActionItemResource(resources.ModelResource):
    class Meta:
        model = ActionItem
        fields = ["id", "meeting__group__name", "meeting__title", "title", "owner__email", "due_date", "status"]


@admin.register(ActionItem)
class ActionItemAdmin(KeptRecordMixin, ServiceAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    """Created and changed through the services (the owner is a member of the group or staff)."""

    resource_classes = [ActionItemResource]
    list_display = ["title", "meeting", "owner", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["meeting__group", "owner"]
    search_fields = ["title", "meeting__title", "owner__email", "owner__full_name"]
    fields = ["meeting", "title", "owner", "due_date", "status", "created_by", "created_at", "done_at"]
    readonly_fields = ["created_by", "created_at", "done_at"]
    raw_id_fields = ["meeting"]
    autocomplete_fields = ["owner"]
    service_fields = ("title", "owner", "due_date", "status")
    actions = ["mark_done"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return [*self.readonly_fields, "status"]
        return ["meeting", *self.readonly_fields]

    def create_object(self, request, obj):
        return services.add_action_item(
            meeting=obj.meeting, by=request.user, title=obj.title, owner=obj.owner, due_date=obj.due_date
        )

    def apply_changes(self, request, obj, changes):
        services.update_action_item(item=obj, by=request.user, **changes)

    @admin.action(description=_("Marquer les actions sélectionnées comme faites"))
    def mark_done(self, request, queryset):
        self.apply_each(
            request,
            queryset,
            lambda item: services.update_action_item(item=item, by=request.user, status="done"),
            done=_("%(count)d action(s) marquée(s) comme faite(s)."),
        )
