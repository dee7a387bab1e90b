from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "snitem_portal"
    verbose_name = "Portail Snitem"
