from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.exceptions import Conflict

from . import services
from .enums import AffiliationStatus, CompanyStatus, MembershipStatus
from .models import Affiliation, Company, CompanyDomain, Meeting, Membership, WorkingGroup
from .selectors import with_company


class CompanyResource(resources.ModelResource):
    domains = fields.Field(column_name="domains")

    class Meta:
        model = Company
        fields = ["id", "name", "siren", "status", "created_at", "domains"]
        export_order = fields

    def dehydrate_domains(self, company) -> str:
        return ", ".join(d.domain for d in company.domains.all())


class CompanyDomainInline(admin.TabularInline):
    model = CompanyDomain
    extra = 1


class AffiliationCompanyInline(admin.TabularInline):
    model = Affiliation
    fk_name = "company"
    extra = 0
    fields = ["user", "role", "status", "requested_at", "decided_at", "decided_by"]
    readonly_fields = ["user", "requested_at", "decided_at", "decided_by"]
    can_delete = False
    show_change_link = True


@admin.register(Company)
class CompanyAdmin(ExportActionMixin, SimpleHistoryAdmin):
    resource_classes = [CompanyResource]
    list_display = ["name", "siren", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "siren", "domains__domain"]
    inlines = [CompanyDomainInline, AffiliationCompanyInline]
    actions = ["mark_active", "mark_suspended", "mark_former"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("domains")

    def _set_status(self, request, queryset, status):
        count = services.set_company_status(companies=queryset, status=status)
        self.message_user(request, _("%(count)d entreprise(s) mise(s) à jour.") % {"count": count})

    @admin.action(description=_("Approuver l'adhésion (active)"))
    def mark_active(self, request, queryset):
        self._set_status(request, queryset, CompanyStatus.ACTIVE)

    @admin.action(description=_("Suspendre l'adhésion"))
    def mark_suspended(self, request, queryset):
        self._set_status(request, queryset, CompanyStatus.SUSPENDED)

    @admin.action(description=_("Marquer comme ancienne adhérente"))
    def mark_former(self, request, queryset):
        self._set_status(request, queryset, CompanyStatus.FORMER)


class AffiliationResource(resources.ModelResource):
    email = fields.Field(attribute="user__email", column_name="email")
    full_name = fields.Field(attribute="user__full_name", column_name="full_name")
    company_name = fields.Field(attribute="company__name", column_name="company")

    class Meta:
        model = Affiliation
        fields = ["id", "email", "full_name", "company_name", "role", "status", "requested_at", "decided_at"]
        export_order = fields


@admin.register(Affiliation)
class AffiliationAdmin(ExportActionMixin, SimpleHistoryAdmin):
    resource_classes = [AffiliationResource]
    list_display = ["user", "company", "role", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status", "role", "company__status"]
    search_fields = ["user__email", "user__full_name", "company__name"]
    list_select_related = ["user", "company", "decided_by"]
    autocomplete_fields = ["user", "company"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    actions = ["approve", "reject"]

    def _decide(self, request, queryset, approve: bool):
        done = 0
        for affiliation in queryset.filter(status=AffiliationStatus.PENDING):
            try:
                services.decide_affiliation(affiliation=affiliation, by=request.user, approve=approve)
            except Conflict:
                continue
            done += 1
        self.message_user(request, _("%(count)d demande(s) traitée(s).") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Approuver les demandes sélectionnées"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuser les demandes sélectionnées"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)


# Working groups.

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "status", "requested_at", "decided_at", "decided_by"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    autocomplete_fields = ["user"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "decided_by")


class MeetingInline(admin.TabularInline):
    model = Meeting
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["title", "starts_at", "ends_at", "place", "video_url"]
    show_change_link = True


class SubgroupInline(admin.TabularInline):
    model = WorkingGroup
    fk_name = "parent"
    extra = 0
    fields = ["name", "slug", "is_open", "is_active", "position"]
    show_change_link = True
    verbose_name = _("sous-groupe")
    verbose_name_plural = _("sous-groupes")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "parent", "is_open", "is_active", "seats_per_company", "member_count", "position"]
    list_filter = ["is_open", "is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [SubgroupInline, MembershipInline, MeetingInline]
    actions = ["archive", "reactivate"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(active_members=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))
        )

    @admin.display(description=_("membres"), ordering="active_members")
    def member_count(self, group) -> int:
        return group.active_members

    @admin.action(description=_("Archiver les groupes sélectionnés"))
    def archive(self, request, queryset):
        count = queryset.update(is_active=False)
        self.message_user(request, _("%(count)d groupe(s) archivé(s).") % {"count": count})

    @admin.action(description=_("Réactiver les groupes sélectionnés"))
    def reactivate(self, request, queryset):
        count = queryset.update(is_active=True)
        self.message_user(request, _("%(count)d groupe(s) réactivé(s).") % {"count": count})


class MembershipResource(resources.ModelResource):
    group_name = fields.Field(attribute="group__name", column_name="group")
    email = fields.Field(attribute="user__email", column_name="email")
    full_name = fields.Field(attribute="user__full_name", column_name="full_name")
    company_name = fields.Field(attribute="company_name", column_name="company")

    class Meta:
        model = Membership
        fields = [
            "id",
            "group_name",
            "email",
            "full_name",
            "company_name",
            "role",
            "status",
            "requested_at",
            "decided_at",
        ]
        export_order = fields


@admin.register(Membership)
class MembershipAdmin(ExportActionMixin, SimpleHistoryAdmin):
    resource_classes = [MembershipResource]
    list_display = ["user", "group", "company", "role", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status", "role", ("group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "group__name"]
    list_select_related = ["user", "group", "decided_by"]
    autocomplete_fields = ["user", "group"]
    readonly_fields = ["requested_at", "decided_at", "decided_by"]
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        return with_company(super().get_queryset(request))

    @admin.display(description=_("entreprise"), ordering="company_name")
    def company(self, membership) -> str:
        return membership.company_name or "—"

    def _decide(self, request, queryset, approve: bool):
        done, refused = 0, []
        for membership in queryset.filter(status=MembershipStatus.PENDING):
            try:
                services.decide_membership(membership=membership, by=request.user, approve=approve)
            except Conflict:
                continue
            except ValidationError as error:
                refused.append(f"{membership.user}: {' '.join(error.messages)}")
                continue
            done += 1
        self.message_user(request, _("%(count)d demande(s) traitée(s).") % {"count": done}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description=_("Approuver les demandes sélectionnées"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuser les demandes sélectionnées"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "group", "starts_at", "ends_at", "place", "cancelled_at"]
    list_filter = [("group", admin.RelatedOnlyFieldListFilter), ("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "group__name", "agenda"]
    date_hierarchy = "starts_at"
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    # Cancelling goes through the meeting page (it emails the members), not the admin form.
    readonly_fields = ["created_by", "created_at", "cancelled_at", "cancelled_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
