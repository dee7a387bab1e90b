from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.admin import HiddenDraftsAdminMixin, ReadOnlyHistoryMixin, ServiceAdminMixin

from . import services
from .enums import SENT_STATUSES, CallStatus, Outcome
from .exports import SubmissionResource, export_queryset
from .forms import CallAdminForm
from .models import Attachment, Authorisation, Call, Criterion, DeadlineChange, Partnership, Review, Score, Submission


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


class DeadlineChangeInline(admin.TabularInline):
    model = DeadlineChange
    extra = 0
    can_delete = False
    fields = ("old_closes_at", "new_closes_at", "reason", "changed_by", "changed_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Call)
class CallAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    form = CallAdminForm
    list_display = ("title", "funder", "status", "opens_at", "closes_at")
    list_filter = ("status", "funder")
    search_fields = ("title", "funder", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("jurors",)
    inlines = [CriterionInline, DeadlineChangeInline]
    actions = ["mark_published", "mark_closed", "mark_decided", "mark_draft"]

    def get_readonly_fields(self, request, obj=None):
        # Once created, the closing date moves through the call page (history and emails).
        return ("closes_at",) if obj else ()

    def save_model(self, request, obj, form, change):
        # A status change goes through change_call_status (the form already checked it).
        new_status = obj.status
        old_status = form.initial.get("status") if change else None
        if change and old_status and new_status != old_status:
            obj.status = old_status
        super().save_model(request, obj, form, change)
        if change and old_status and new_status != old_status:
            try:
                services.change_call_status(call=obj, status=new_status, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level=messages.ERROR)
            else:
                obj.status = new_status

    def _change_status(self, request, queryset, status):
        self.apply_each(
            request,
            queryset,
            lambda call: services.change_call_status(call=call, status=status, by=request.user),
            done=_("%(count)d appel(s) modifié(s)."),
        )

    @admin.action(description=_("Publier ou rouvrir les appels sélectionnés"))
    def mark_published(self, request, queryset):
        self._change_status(request, queryset, CallStatus.PUBLISHED)

    @admin.action(description=_("Clore les appels sélectionnés"))
    def mark_closed(self, request, queryset):
        self._change_status(request, queryset, CallStatus.CLOSED)

    @admin.action(description=_("Marquer les appels sélectionnés comme décidés"))
    def mark_decided(self, request, queryset):
        self._change_status(request, queryset, CallStatus.DECIDED)

    @admin.action(description=_("Repasser les appels sélectionnés en brouillon"))
    def mark_draft(self, request, queryset):
        self._change_status(request, queryset, CallStatus.DRAFT)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("name", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PartnershipInline(admin.TabularInline):
    """Who named which partner, and whether that company confirmed (only a confirmed partner recuses jurors)."""

    model = Partnership
    extra = 0
    can_delete = False
    fields = ("company", "status", "named_by", "named_at", "decided_by", "decided_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AuthorisationInline(admin.TabularInline):
    model = Authorisation
    extra = 0


@admin.register(Submission)
class SubmissionAdmin(ServiceAdminMixin, HiddenDraftsAdminMixin, ExportMixin, SimpleHistoryAdmin):
    # Drafts are the company's own until sent: staff never see them, here either.
    visible_statuses = SENT_STATUSES
    resource_classes = [SubmissionResource]
    list_display = (
        "title",
        "call",
        "holder_name",
        "status",
        "submitted_at",
        "decision",
        "decision_published_at",
    )
    list_filter = ("call", "status", "decision")
    search_fields = ("title", "summary", "company__name", "holder")
    list_select_related = ("call", "company")
    autocomplete_fields = ("company",)
    filter_horizontal = ("roadmap_actions",)
    # Extensions and decisions go through the services (audited) from the staff pages and the
    # actions below; the applicant, call and submission facts are the company's record.
    readonly_fields = (
        "call",
        "company",
        "status",
        "version",
        "submitted_at",
        "submitted_by",
        "snapshot",
        "extension_until",
        "extension_reason",
        "extension_granted_by",
        "extension_granted_at",
        "decision",
        "decided_by",
        "decision_published_at",
    )
    inlines = [PartnershipInline, AttachmentInline, AuthorisationInline]
    actions = ["decide_laureate", "decide_not_selected"]

    def has_add_permission(self, request):
        # Applications come from the companies (and, for past calls, from the reference data).
        return False

    def get_export_queryset(self, request):
        return export_queryset(super().get_export_queryset(request))

    def _decide(self, request, queryset, decision):
        self.apply_each(
            request,
            queryset,
            lambda submission: services.record_decision(submission=submission, decision=decision, by=request.user),
            done=_("%(count)d décision(s) en attente de publication."),
        )

    @admin.action(description=_("Décider : lauréat (en attente de publication)"))
    def decide_laureate(self, request, queryset):
        self._decide(request, queryset, Outcome.LAUREATE)

    @admin.action(description=_("Décider : non retenue (en attente de publication)"))
    def decide_not_selected(self, request, queryset):
        self._decide(request, queryset, Outcome.NOT_SELECTED)


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ("submission", "juror", "updated_at")
    list_filter = ("submission__call",)
    search_fields = ("submission__title", "juror__email", "juror__full_name")
    list_select_related = ("submission", "juror")
    inlines = [ScoreInline]


@admin.register(Authorisation)
class AuthorisationAdmin(ReadOnlyHistoryMixin, SimpleHistoryAdmin):
    list_display = ("submission", "kind", "status", "requested_on", "decided_on")
    list_filter = ("kind", "status")
    search_fields = ("submission__title", "reference")
