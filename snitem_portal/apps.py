from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "snitem_portal"
    verbose_name = _("Portail Snitem")  # the admin's section title, in the reader's language

    def ready(self):
        from django.contrib import admin

        from . import tokens  # noqa: F401  (connects the receivers that revoke API tokens)
        from .dashboard import invalidate_dashboards_on_change
        from .exports import make_admin_exports_formula_safe

        # django.contrib.admin comes first in INSTALLED_APPS: every admin module is loaded by now.
        make_admin_exports_formula_safe(admin.site)
        invalidate_dashboards_on_change()
        # Sent once per app with models: the users app's signal comes first.
        users = apps.get_app_config("users")
        pre_migrate.connect(create_cache_table, sender=users, dispatch_uid="portal_create_cache_table")


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """The database cache's table (the default cache with debug off and no CACHE_URL) comes with migrate,
    before the migrations run: saving some rows (the roadmap) invalidates cached pages."""
    call_command("createcachetable", database=using, verbosity=verbosity)
