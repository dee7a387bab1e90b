"""What search finds of the calls for projects (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.registry import SearchSource

from .models import Call
from .selectors import calls_visible_to


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="call",
            label=_("Appels à projets"),
            model=Call,
            objects=Call.objects.all,
            visible=calls_visible_to,
            title=lambda call: call.title,
            body=lambda call: f"{call.funder}\n{call.description}",
        ),
    ]
