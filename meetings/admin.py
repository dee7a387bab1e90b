"""Admin of meetings' workspaces: the meeting page shows agenda, answers, attendance and minutes;
the agenda, minutes and action items change through the services (workflow, locking, owner checks)."""

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
from .permissions import can_manage_meeting

# The agenda item's fields ``set_agenda`` takes (its position is the order of the list).
AGENDA_FIELDS = ("title", "presenter", "presenter_name", "action", "consultation")


class KeptRecordMixin:
    """Not deleted in admin: a meeting is cancelled (its members get the calendar CANCEL), and its
    minutes and action items stay the group's record."""

    def has_delete_permission(self, request, obj=None):
        return False


class AgendaItemInlineForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("rang"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("Vide : à la fin. Les points sont renumérotés 1, 2, 3… à l'enregistrement."),
    )

    class Meta:
        model = AgendaItem
        fields = ["position", *AGENDA_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.initial.pop("position", None)  # a new point goes last unless given a rank


class AgendaItemInline(admin.TabularInline):
    """The agenda, edited here as on the meeting's page: ``MeetingAdmin.save_formset`` hands the
    whole list to ``set_agenda`` (renumbered in ``position`` order). Read only once the meeting is
    cancelled or its group archived, when the service would refuse any change."""

    model = AgendaItem
    form = AgendaItemInlineForm
    extra = 0
    fields = ["position", "title", "presenter_name", "presenter", "action", "consultation"]
    autocomplete_fields = ["presenter"]
    raw_id_fields = ["action", "consultation"]

    def _editable(self, request, meeting) -> bool:
        return meeting is None or (not meeting.is_cancelled and can_manage_meeting(request.user, meeting))

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


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

    def save_formset(self, request, form, formset, change):
        if formset.model is not AgendaItem or not formset.has_changed():
            return super().save_formset(request, form, formset, change)
        deleted = set(formset.deleted_forms)
        # Unchanged extra rows have no cleaned data; the others in the order of their rank, those
        # without one last (in the order shown).
        kept = [row for row in formset.forms if row.cleaned_data and row not in deleted]
        kept.sort(key=lambda row: (row.cleaned_data.get("position") is None, row.cleaned_data.get("position") or 0))
        before = list(form.instance.agenda_items.all())
        with self.refusals():
            created = services.set_agenda(
                meeting=form.instance,
                by=request.user,
                items=[{name: row.cleaned_data.get(name) for name in AGENDA_FIELDS} for row in kept],
            )
        # What the change message lists: the service replaces the agenda as a whole.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = created, [], before
        return None


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
