"""Admin of companies, affiliations, working groups, memberships and meetings.

Every change a rule guards (statuses, roles, archiving, meeting times, cancelling) goes through the
services, so the admin keeps the rules of the pages and the API; other fields stay editable here.
The groups app also adds the user's affiliations to the user admin (the users app knows no domain app).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from simple_history.admin import SimpleHistoryAdmin

from snitem_portal.admin import ServiceAdminMixin
from snitem_portal.users.admin import UserAdmin as BaseUserAdmin

from . import services
from .enums import AffiliationStatus, CompanyRole, CompanyStatus, GroupRole, MembershipStatus
from .models import Affiliation, Company, CompanyDomain, Meeting, Membership, WorkingGroup
from .selectors import with_company

DECIDED = ["requested_at", "decided_at", "decided_by"]


def _role_action(service, param: str, role, description):
    """An admin action giving each selected row ``role`` through ``service(<param>=row, by=, role=)``."""

    def action(modeladmin, request, queryset):
        modeladmin.apply_each(
            request,
            queryset,
            lambda row: service(**{param: row}, by=request.user, role=role),
            done=_("%(count)d rôle(s) modifié(s)."),
        )

    action.__name__ = f"make_{role}"
    return admin.action(description=format_lazy(description, role.label))(action)


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
    """Read-only: roles and decisions change from the affiliation admin (through the services)."""

    model = Affiliation
    fk_name = "company"
    extra = 0
    fields = ["user", "role", "status", *DECIDED]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Company)
class CompanyAdmin(ServiceAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
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


def _in_order(changes: dict, opening_status: str) -> list[str]:
    """Role and status changes in a safe order: a status that opens the door to roles (approval)
    first, else the role first (a last chair's role is refused before the seat is ended)."""
    status_first = changes.get("status") == opening_status
    return sorted(changes, key=lambda name: (name == "status") != status_first)


class RequestAdminMixin(ServiceAdminMixin):
    """The admin of something a person asks for (an affiliation, a membership): its status and role
    change through the services, and the approve / reject actions decide pending requests."""

    service_fields = ("role", "status")
    requested: str  # the field naming what is asked for: "company", "group"
    opening_status: str  # the status after which a role may be given
    row_keyword: str  # the services' keyword for the row: "affiliation", "membership"
    # The services (as staticmethods): set the status, set the role, decide a pending request.
    set_status = set_role = decide = None

    def get_fields(self, request, obj=None):
        return ["user", self.requested] if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", self.requested, *DECIDED]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            return form

        class RequestForm(form):
            def _get_validation_exclusions(self):
                # The request service, not the one-row-per-person constraints, says whether the
                # person may ask (a former member may ask again).
                return {*super()._get_validation_exclusions(), "user"}

        return RequestForm

    def apply_changes(self, request, obj, changes):
        for name in _in_order(changes, self.opening_status):
            service = self.set_status if name == "status" else self.set_role
            service(**{self.row_keyword: obj, "by": request.user, name: changes[name]})

    def _decide(self, request, queryset, approve: bool):
        self.apply_each(
            request,
            queryset.pending(),
            lambda row: self.decide(**{self.row_keyword: row, "by": request.user, "approve": approve}),
            done=_("%(count)d demande(s) traitée(s)."),
        )

    @admin.action(description=_("Approuver les demandes sélectionnées"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Refuser les demandes sélectionnées"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)


@admin.register(Affiliation)
class AffiliationAdmin(RequestAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    """A new affiliation is a request (the referents are told); decisions and roles go through the
    services (a company keeps a referent)."""

    resource_classes = [AffiliationResource]
    list_display = ["user", "company", "role", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status", "role", "company__status"]
    search_fields = ["user__email", "user__full_name", "company__name"]
    list_select_related = ["user", "company", "decided_by"]
    autocomplete_fields = ["user", "company"]
    requested, opening_status, row_keyword = "company", AffiliationStatus.APPROVED, "affiliation"
    set_status = staticmethod(services.set_affiliation_status)
    set_role = staticmethod(services.set_company_role)
    decide = staticmethod(services.decide_affiliation)
    actions = [
        "approve",
        "reject",
        _role_action(services.set_company_role, "affiliation", CompanyRole.REFERENT, _("Rôle : {}")),
        _role_action(services.set_company_role, "affiliation", CompanyRole.MEMBER, _("Rôle : {}")),
    ]

    def create_object(self, request, obj):
        return services.request_affiliation(user=obj.user, company=obj.company)


class UserAffiliationInline(AffiliationCompanyInline):
    fk_name = "user"
    fields = ["company", "role", "status", *DECIDED]
    readonly_fields = fields


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(BaseUserAdmin):
    """The users app's admin, with the user's affiliations (contributed by the groups app)."""

    list_filter = [*BaseUserAdmin.list_filter, "affiliations__status"]
    search_fields = [*BaseUserAdmin.search_fields, "affiliations__company__name"]
    inlines = [*BaseUserAdmin.inlines, UserAffiliationInline]


# Working groups.

HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class MembershipInline(admin.TabularInline):
    """Read-only: roles and statuses change from the membership admin (through the services)."""

    model = Membership
    extra = 0
    fields = ["user", "role", "status", *DECIDED]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "decided_by")


class MeetingInline(admin.TabularInline):
    """Read-only: meetings move and are cancelled from the meeting admin (members are told)."""

    model = Meeting
    extra = 0
    fields = ["title", "starts_at", "ends_at", "place", "cancelled_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class SubgroupInline(admin.TabularInline):
    model = WorkingGroup
    fk_name = "parent"
    extra = 0
    fields = ["name", "slug", "is_open", "is_active", "position"]
    # Archiving goes through the subgroup's own page or the archive action.
    readonly_fields = ["is_active"]
    show_change_link = True
    verbose_name = _("sous-groupe")
    verbose_name_plural = _("sous-groupes")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ServiceAdminMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "parent", "is_open", "is_active", "seats_per_company", "member_count", "position"]
    list_filter = ["is_open", "is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [SubgroupInline, MembershipInline, MeetingInline]
    service_fields = ("is_active",)
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

    def apply_changes(self, request, obj, changes):
        services.set_group_active(group=obj, by=request.user, active=changes["is_active"])

    def _set_active(self, request, queryset, active: bool, done: str):
        self.apply_each(
            request,
            queryset,
            lambda group: services.set_group_active(group=group, by=request.user, active=active),
            done=done,
        )

    @admin.action(description=_("Archiver les groupes sélectionnés"))
    def archive(self, request, queryset):
        self._set_active(request, queryset, False, _("%(count)d groupe(s) archivé(s)."))

    @admin.action(description=_("Réactiver les groupes sélectionnés"))
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, True, _("%(count)d groupe(s) réactivé(s)."))


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
class MembershipAdmin(RequestAdminMixin, ExportActionMixin, SimpleHistoryAdmin):
    """A new membership is a join on the person's behalf (company, seats and moderation hold);
    decisions, roles and ending a seat go through the services (last chair, seat cap, emails)."""

    resource_classes = [MembershipResource]
    list_display = ["user", "group", "company", "role", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status", "role", ("group", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "group__name"]
    list_select_related = ["user", "group", "decided_by"]
    autocomplete_fields = ["user", "group"]
    requested, opening_status, row_keyword = "group", MembershipStatus.ACTIVE, "membership"
    set_status = staticmethod(services.set_membership_status)
    set_role = staticmethod(services.set_member_role)
    decide = staticmethod(services.decide_membership)
    actions = [
        "approve",
        "reject",
        *(
            _role_action(services.set_member_role, "membership", role, _("Rôle : {}"))
            for role in (GroupRole.CHAIR, GroupRole.CO_CHAIR, GroupRole.MEMBER, GroupRole.OBSERVER)
        ),
        "end",
    ]

    def get_queryset(self, request):
        return with_company(super().get_queryset(request))

    @admin.display(description=_("entreprise"), ordering="company_name")
    def company(self, membership) -> str:
        return membership.company_name or "—"

    def create_object(self, request, obj):
        membership, created = services.join_group(user=obj.user, group=obj.group)
        if not created:
            raise ValidationError(_("Cette personne participe déjà à ce groupe (ou l'a déjà demandé)."))
        return membership

    @admin.action(description=_("Mettre fin aux participations sélectionnées"))
    def end(self, request, queryset):
        self.apply_each(
            request,
            queryset.live(),
            lambda membership: services.set_membership_status(
                membership=membership, by=request.user, status=MembershipStatus.LEFT
            ),
            done=_("%(count)d participation(s) terminée(s)."),
        )


class MeetingAdminForm(forms.ModelForm):
    # The version the editor read: a change made meanwhile by someone else is not silently undone.
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version


@admin.register(Meeting)
class MeetingAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Scheduling, moving and cancelling go through the services: the members are told."""

    form = MeetingAdminForm

    formfield_overrides = HTTPS_URLS
    list_display = ["title", "group", "starts_at", "ends_at", "place", "cancelled_at"]
    list_filter = [("group", admin.RelatedOnlyFieldListFilter), ("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "group__name", "agenda"]
    date_hierarchy = "starts_at"
    list_select_related = ["group"]
    autocomplete_fields = ["group"]
    readonly_fields = ["created_by", "created_at", "cancelled_at", "cancelled_by"]
    service_fields = services.MEETING_FIELDS
    actions = ["cancel"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is None else ["group", *self.readonly_fields]

    def create_object(self, request, obj):
        return services.schedule_meeting(
            group=obj.group, by=request.user, **{name: getattr(obj, name) for name in services.MEETING_FIELDS}
        )

    def save_model(self, request, obj, form, change):
        obj.read_version = form.cleaned_data.get("read_version")
        super().save_model(request, obj, form, change)

    def apply_changes(self, request, obj, changes):
        services.update_meeting(meeting=obj, by=request.user, version=obj.read_version, **changes)

    @admin.action(description=_("Annuler les réunions sélectionnées (les membres sont prévenus)"))
    def cancel(self, request, queryset):
        self.apply_each(
            request,
            queryset,
            lambda meeting: services.cancel_meeting(meeting=meeting, by=request.user),
            done=_("%(count)d réunion(s) annulée(s)."),
        )
