from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Feuille de route")

    def ready(self):
        from groups.models import WorkingGroup
        from snitem_portal.caching import invalidate_on_change
        from snitem_portal.memo import forget_on_change

        from .models import Action, Consultation, Orientation, Position, Roadmap

        # The public roadmap page and API (cached for everyone) show these rows; pilot groups by name.
        invalidate_on_change("roadmap", [Roadmap, Orientation, Action, WorkingGroup])
        # A request that opens a consultation or writes a position reads the consultations it sees afresh.
        forget_on_change([Consultation, Position])
