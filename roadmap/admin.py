from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ExportActionMixin, ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from groups.models import WorkingGroup
from snitem_portal.admin import HiddenDraftsAdminMixin, ReadOnlyHistoryMixin, ServiceAdminMixin
from snitem_portal.exports import FormulaSafeResourceMixin

from . import services
from .enums import ActionStatus, PositionStatus
from .models import Action, Answer, Consultation, Orientation, Position, Question, Roadmap, TimelineEntry

# Django 6 will assume https for schemeless URLs; do so now (and silence the transition warning).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["short_title", "slug", "published_on", "position"]
    search_fields = ["title", "short_title", "slug"]
    prepopulated_fields = {"slug": ["short_title"]}


class ActionInline(admin.TabularInline):
    formfield_overrides = URL_FIELDS
    model = Action
    extra = 0
    fields = ["number", "title", "status", "progress", "owner"]
    readonly_fields = ["status", "progress"]
    show_change_link = True


@admin.register(Orientation)
class OrientationAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["roadmap", "number", "title"]
    list_filter = ["roadmap"]
    search_fields = ["title"]
    list_select_related = ["roadmap"]
    inlines = [ActionInline]


class ActionResource(FormulaSafeResourceMixin, resources.ModelResource):
    """Import/export of actions, matched on (roadmap, number): importing twice changes nothing."""

    roadmap = fields.Field(attribute="roadmap", column_name="roadmap", widget=widgets.ForeignKeyWidget(Roadmap, "slug"))
    orientation = fields.Field(attribute="orientation", column_name="orientation")
    pilot_group = fields.Field(attribute="pilot_group", column_name="pilot_group")

    class Meta:
        model = Action
        import_id_fields = ["roadmap", "number"]
        fields = [
            "roadmap",
            "number",
            "orientation",
            "title",
            "description",
            "owner",
            "pilot_group",
            "status",
            "progress",
            "target_date",
            "source_url",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def dehydrate_orientation(self, action) -> int:
        return action.orientation.number

    def dehydrate_pilot_group(self, action) -> str:
        return action.pilot_group.slug if action.pilot_group else ""

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name == "orientation":
            roadmap = Roadmap.objects.filter(slug=row.get("roadmap")).first()
            orientation = Orientation.objects.filter(roadmap=roadmap, number=row.get("orientation")).first()
            if orientation is None:
                raise ValueError(
                    _("Orientation %(number)s inconnue pour cette feuille de route.")
                    % {"number": row.get("orientation")}
                )
            instance.orientation = orientation
            return
        if field.column_name == "pilot_group":
            slug = (row.get("pilot_group") or "").strip()
            instance.pilot_group = WorkingGroup.objects.filter(slug=slug).first() if slug else None
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("roadmap", "orientation", "pilot_group")


class TimelineEntryInline(admin.TabularInline):
    formfield_overrides = URL_FIELDS
    model = TimelineEntry
    extra = 1
    fields = ["date", "text", "link", "status", "progress", "author"]
    readonly_fields = ["author"]


@admin.register(Action)
class ActionAdmin(ServiceAdminMixin, ImportExportMixin, ExportActionMixin, SimpleHistoryAdmin):
    formfield_overrides = URL_FIELDS
    resource_classes = [ActionResource]
    list_display = [
        "number",
        "title",
        "roadmap",
        "orientation",
        "owner",
        "pilot_group",
        "status",
        "progress",
        "updated_at",
    ]
    list_display_links = ["number", "title"]
    list_filter = ["roadmap", "status", "orientation", "pilot_group", "owner"]
    search_fields = ["title", "description", "owner"]
    list_select_related = ["roadmap", "orientation", "pilot_group"]
    # Status and progress change through timeline entries (history, follower emails);
    # followers are the users' own choice.
    readonly_fields = ["status", "progress", "updated_at", "followers"]
    inlines = [TimelineEntryInline]
    actions = ["mark_in_progress", "mark_done"]

    def save_formset(self, request, form, formset, change):
        """New timeline entries go through the service: they update the action and notify followers."""
        if formset.model is not TimelineEntry:
            return super().save_formset(request, form, formset, change)
        entries = formset.save(commit=False)
        for entry in formset.deleted_objects:
            entry.delete()
        for entry in entries:
            if entry.pk:
                entry.save()
                continue
            try:
                services.add_timeline_entry(
                    action=form.instance,
                    by=request.user,
                    text=entry.text,
                    link=entry.link,
                    date=entry.date,
                    status=entry.status,
                    progress=entry.progress,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        return None

    def _set_status(self, request, queryset, status):
        self.apply_each(
            request,
            queryset,
            lambda action: services.add_timeline_entry(
                action=action, by=request.user, text=str(_("Changement de statut")), status=status
            ),
            done=_("%(count)d action(s) mise(s) à jour."),
        )

    @admin.action(description=_("Marquer « en cours »"))
    def mark_in_progress(self, request, queryset):
        self._set_status(request, queryset, ActionStatus.IN_PROGRESS)

    @admin.action(description=_("Marquer « réalisée »"))
    def mark_done(self, request, queryset):
        self._set_status(request, queryset, ActionStatus.DONE)


class ConsultationResource(FormulaSafeResourceMixin, resources.ModelResource):
    action_number = fields.Field(attribute="action__number", column_name="action")
    group_slug = fields.Field(attribute="group__slug", column_name="group")

    class Meta:
        model = Consultation
        fields = ["id", "action_number", "group_slug", "question", "opens_at", "closes_at", "created_at"]
        export_order = fields


class QuestionInline(admin.TabularInline):
    """The consultation's questions; every change goes through the questionnaire services."""

    model = Question
    extra = 0
    fields = ["kind", "label", "choices", "required"]


@admin.register(Consultation)
class ConsultationAdmin(ServiceAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    resource_classes = [ConsultationResource]
    inlines = [QuestionInline]
    list_display = ["action", "group", "opens_at", "closes_at", "created_by"]
    list_filter = ["group", "action__roadmap"]
    search_fields = ["question", "action__title"]
    list_select_related = ["action", "group", "created_by"]
    autocomplete_fields = ["action"]
    readonly_fields = ["created_by", "created_at"]
    date_hierarchy = "closes_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Questions are added, changed and removed by the services (frozen once a company answered);
        a refusal rolls the whole change back and shows on the form."""
        if formset.model is not Question:
            return super().save_formset(request, form, formset, change)
        questions = formset.save(commit=False)
        with self.refusals():
            for question in formset.deleted_objects:
                services.delete_question(question=question, by=request.user)
            for question in questions:
                values = {
                    "kind": question.kind,
                    "label": question.label,
                    "choices": question.choices or [],
                    "required": question.required,
                }
                if question.pk:
                    services.update_question(question=question, by=request.user, **values)
                else:
                    services.add_question(consultation=form.instance, by=request.user, **values)
        return None


class PositionResource(FormulaSafeResourceMixin, resources.ModelResource):
    consultation_id = fields.Field(attribute="consultation_id", column_name="consultation")
    company_name = fields.Field(attribute="company__name", column_name="company")

    class Meta:
        model = Position
        fields = [
            "id",
            "consultation_id",
            "company_name",
            "stance",
            "argument",
            "shared",
            "status",
            "version",
            "submitted_at",
        ]
        export_order = fields


class AnswerInline(admin.TabularInline):
    """The position's answers, read only (a pending revision's answers are the company's unsigned work)."""

    model = Answer
    extra = 0
    fields = ["question", "value"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Position)
class PositionAdmin(HiddenDraftsAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    """Read-mostly: positions are written by the companies; staff read them and their history."""

    # Drafts are the company's own until a referent submits them: staff never see them, here either.
    visible_statuses = (PositionStatus.SUBMITTED,)

    resource_classes = [PositionResource]
    list_display = ["company", "consultation", "stance", "status", "shared", "version", "updated_at"]
    list_filter = ["status", "stance", "shared", "consultation__action__roadmap"]
    search_fields = ["company__name", "argument", "consultation__question"]
    list_select_related = ["company", "consultation", "consultation__action"]
    readonly_fields = [
        "consultation",
        "company",
        "stance",
        "argument",
        "shared",
        "status",
        "version",
        "created_at",
        "updated_at",
        "updated_by",
        "submitted_at",
        "submitted_by",
    ]
    # A pending revision is the company's unsigned work, like a draft: not shown, not editable here.
    exclude = ["revision_stance", "revision_argument", "revision_shared"]
    inlines = [AnswerInline]

    def has_add_permission(self, request):
        return False
