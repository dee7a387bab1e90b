from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Feuille de route")

    def ready(self):
        from groups.models import WorkingGroup
        from snitem_portal.caching import invalidate_on_change

        from .models import Action, Orientation, Roadmap

        # The public roadmap page and API (cached for everyone) show these rows; pilot groups by name.
        invalidate_on_change("roadmap", [Roadmap, Orientation, Action, WorkingGroup])
