from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "snitem_portal"
    verbose_name = "Portail Snitem"

    def ready(self):
        from . import tokens  # noqa: F401  (connects the receivers that revoke API tokens)
