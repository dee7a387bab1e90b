"""What search finds of the roadmap: its actions (public) and consultations (see search.registry)."""

from django.utils.translation import gettext_lazy as _

from search.registry import SearchSource

from .models import Action, Consultation
from .selectors import actions_list, consultations_visible_to


def _action_body(action: Action) -> str:
    return "\n".join([action.description, action.owner, action.orientation.title, action.roadmap.title])


def _consultation_body(consultation: Consultation) -> str:
    action = consultation.action
    return "\n".join([f"{action.number}. {action.title}", consultation.group.name if consultation.group else ""])


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            kind="action",
            label=_("Actions de la feuille de route"),
            model=Action,
            objects=lambda: Action.objects.select_related("orientation", "roadmap"),
            visible=lambda user: actions_list(),  # the roadmap is public
            title=str,
            body=_action_body,
        ),
        SearchSource(
            kind="consultation",
            label=_("Consultations"),
            model=Consultation,
            objects=lambda: Consultation.objects.select_related("action", "group"),
            visible=consultations_visible_to,
            title=lambda consultation: consultation.question,
            body=_consultation_body,
            # The action's number and title are in the body.
            follows=((Action, lambda action: Consultation.objects.filter(action=action)),),
        ),
    ]
