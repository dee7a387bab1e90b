from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from snitem_portal.admin import ServiceAdminMixin

from . import services
from .models import Delivery, Mailing, MailingStatus, Unsubscription

CONTENT = ["subject", "body", "subject_en", "body_en", "all_members", "groups", "include_subgroups", "roles"]
STATE = [
    "status",
    "scheduled_at",
    "created_by",
    "created_at",
    "started_at",
    "sent_at",
    "recipients_count",
    "sent_count",
]


class DeliveryInline(admin.TabularInline):
    """The ledger, read-only: the first rows (the full ledger is the deliveries list, filtered by mailing)."""

    model = Delivery
    fields = ["recipient", "status", "attempts", "sent_at", "note"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    def get_queryset(self, request):
        first = Delivery.objects.order_by("pk").values("pk")[:50]
        return super().get_queryset(request).filter(pk__in=first).select_related("recipient")


@admin.register(Mailing)
class MailingAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["subject", "status", "scheduled_at", "recipients_count", "sent_count", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    filter_horizontal = ["groups"]
    fields = [*CONTENT, "company_statuses", *STATE]
    readonly_fields = STATE
    inlines = [DeliveryInline]
    actions = ["send_now"]

    def get_inlines(self, request, obj):
        # A new mailing has no ledger yet.
        return self.inlines if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
            return [*CONTENT, "company_statuses", *STATE]
        return STATE

    def save_related(self, request, form, formsets, change):
        # Groups are set by create_mailing on a new mailing.
        if change:
            super().save_related(request, form, formsets, change)

    def create_object(self, request, obj):
        form_groups = request.POST.getlist("groups")
        return services.create_mailing(
            by=request.user,
            subject=obj.subject,
            body=obj.body,
            subject_en=obj.subject_en,
            body_en=obj.body_en,
            groups=[int(pk) for pk in form_groups if pk.isdigit()],
            include_subgroups=obj.include_subgroups,
            roles=obj.roles or [],
            all_members=obj.all_members,
            company_statuses=obj.company_statuses,
        )

    @admin.action(description=_("Envoyer maintenant"))
    def send_now(self, request, queryset):
        self.apply_each(
            request,
            queryset,
            lambda mailing: services.send_mailing(mailing=mailing, by=request.user, version=mailing.version),
            done=_("%(count)d lettres partent."),
        )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["mailing", "recipient", "status", "attempts", "sent_at", "note"]
    list_filter = ["status", "mailing"]
    list_select_related = ["mailing", "recipient"]
    readonly_fields = ["mailing", "recipient", "status", "attempts", "queued_at", "claimed_at", "sent_at", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Unsubscription)
class UnsubscriptionAdmin(admin.ModelAdmin):
    """Who opted out of mailings: read only. A person's choice is theirs (the unsubscribe link and their
    preferences); staff neither add nor lift an opt-out."""

    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
