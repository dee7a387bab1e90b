from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Entreprises et groupes de travail")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from snitem_portal.caching import renew
        from snitem_portal.memo import forget_on_change

        from . import signals  # noqa: F401  (the affiliation chosen at signup is requested once the email is verified)
        from .models import Affiliation, Company, Membership, WorkingGroup
        from .selectors import AFFILIATIONS_STAMP

        # "My groups" and "my company" are memoised per request (groups.selectors): a write forgets them.
        forget_on_change([Affiliation, Company, Membership, WorkingGroup])

        # "My company" is also cached across requests (groups.selectors.member_affiliation).
        def renew_affiliations(sender, **kwargs):
            renew([AFFILIATIONS_STAMP])

        for model in (Affiliation, Company):
            uid = f"groups:affiliations:{model._meta.label}"
            post_save.connect(renew_affiliations, sender=model, weak=False, dispatch_uid=f"{uid}:save")
            post_delete.connect(renew_affiliations, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
