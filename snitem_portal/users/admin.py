from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ExportActionMixin

from snitem_portal.dashboard import forget_dashboards

from .models import User


class UserResource(resources.ModelResource):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "language", "is_staff", "is_active", "date_joined"]
        export_order = fields


@admin.register(User)
class UserAdmin(ExportActionMixin, BaseUserAdmin):
    resource_classes = [UserResource]
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_staff", "is_active", "date_joined"]
    # Domain apps extend this admin (the groups app adds the user's affiliations).
    list_filter = ["is_staff", "is_active", "language", ("erased_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login", "erased_at"]
    inlines = []
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profil"), {"fields": ["full_name", "language"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "erased_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    actions = ["deactivate"]

    def get_readonly_fields(self, request, obj=None):
        # Staff make colleagues staff and put them in the Staff group; only a superuser grants
        # superuser rights or permissions one by one (else staff could raise their own rights).
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_erased:
            # A closed account stays anonymous: nobody gives it back a name, an address or a password.
            return [name for fieldset in self.fieldsets for name in fieldset[1]["fields"]]
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    @admin.action(description=_("Désactiver les comptes sélectionnés"))
    def deactivate(self, request, queryset):
        count = queryset.update(is_active=False)
        # An update sends no signal: the dashboards listing these people are made stale here.
        forget_dashboards()
        self.message_user(request, _("%(count)d compte(s) désactivé(s).") % {"count": count})
