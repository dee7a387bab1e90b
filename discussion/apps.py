from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Discussions")

    def ready(self):
        from . import signals

        signals.connect_target_cleanup()
