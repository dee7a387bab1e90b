from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Entreprises et groupes de travail")

    def ready(self):
        from snitem_portal.memo import forget_on_change

        from . import signals  # noqa: F401  (the affiliation chosen at signup is requested once the email is verified)
        from .models import Affiliation, Company, Membership, WorkingGroup

        # "My groups" and "my company" are memoised per request (groups.selectors): a write forgets them.
        forget_on_change([Affiliation, Company, Membership, WorkingGroup])
