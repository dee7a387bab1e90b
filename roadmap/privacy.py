"""Personal data of the roadmap app: the positions a person wrote or signed for their company, the
timeline entries and consultations they authored, the actions they follow
(``snitem_portal.privacy`` describes the contract)."""

from django.db.models import Q

from .models import Action, Consultation, Position, TimelineEntry


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """What the person did on the roadmap; a position appears with the company's current answer."""
    positions = (
        Position.objects.filter(Q(updated_by=user) | Q(submitted_by=user))
        .select_related("company", "consultation__action")
        .order_by("pk")
    )
    return {
        "positions": [
            {
                "company": position.company.name,
                "action": str(position.consultation.action),
                "consultation": position.consultation.question,
                "stance": position.stance,
                "argument": position.argument,
                "status": position.status,
                "last_edited_by_me": position.updated_by_id == user.pk,
                "updated_at": _when(position.updated_at),
                "submitted_by_me": position.submitted_by_id == user.pk,
                "submitted_at": _when(position.submitted_at),
            }
            for position in positions
        ],
        "timeline_entries": [
            {"action": str(entry.action), "date": _when(entry.date), "text": entry.text, "link": entry.link}
            for entry in TimelineEntry.objects.filter(author=user).select_related("action").order_by("pk")
        ],
        "consultations_opened": [
            {
                "action": str(consultation.action),
                "question": consultation.question,
                "opens_at": _when(consultation.opens_at),
            }
            for consultation in Consultation.objects.filter(created_by=user).select_related("action").order_by("pk")
        ],
        "followed_actions": [str(action) for action in Action.objects.filter(followers=user).order_by("pk")],
    }


def erase(user) -> None:
    """Stop following actions. Positions stay the company's, their author shown as « un ancien membre »."""
    user.followed_actions.clear()
