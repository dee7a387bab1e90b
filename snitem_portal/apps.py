from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "snitem_portal"
    verbose_name = "Portail Snitem"

    def ready(self):
        from django.contrib import admin

        from . import tokens  # noqa: F401  (connects the receivers that revoke API tokens)
        from .exports import make_admin_exports_formula_safe

        # django.contrib.admin comes first in INSTALLED_APPS: every admin module is loaded by now.
        make_admin_exports_formula_safe(admin.site)
