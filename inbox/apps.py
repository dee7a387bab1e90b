from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = _("Centre de notifications")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Notification
        from .selectors import forget_unread

        def forget_bell(sender, instance, **kwargs):
            # A notification saved or deleted one by one (the admin, a fixture): the services and the
            # channel's bulk writes send no signal and forget the counts themselves.
            forget_unread([instance.recipient_id])

        post_save.connect(forget_bell, sender=Notification, weak=False, dispatch_uid="inbox:forget-unread")
        post_delete.connect(forget_bell, sender=Notification, weak=False, dispatch_uid="inbox:forget-unread-delete")
