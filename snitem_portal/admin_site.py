"""The portal's admin site: its own name in the header and the browser tab, and French names for
the sections that third-party apps leave untranslated or that would repeat ours."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

# Sections named by third-party apps: allauth's "account" is also translated « Comptes », like
# our users app, and its MFA app and model have no French name.
APP_NAMES = {
    "account": _("Adresses e-mail des comptes"),
    "mfa": _("Double authentification"),
}
MODEL_NAMES = {
    ("mfa", "Authenticator"): _("Authentificateurs"),
}


class PortalAdminSite(AdminSite):
    site_header = _("Administration du portail Snitem")
    site_title = _("Portail Snitem")
    index_title = _("Données du portail")

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            app["name"] = APP_NAMES.get(app["app_label"], app["name"])
            for model in app["models"]:
                model["name"] = MODEL_NAMES.get((app["app_label"], model["object_name"]), model["name"])
        return apps


class PortalAdminConfig(AdminConfig):
    default_site = "snitem_portal.admin_site.PortalAdminSite"
