from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.exceptions import Conflict

from . import services
from .enums import AffiliationStatus, CompanyStatus
from .models import Affiliation, Company, CompanyDomain


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
