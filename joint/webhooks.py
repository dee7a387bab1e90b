"""What the webhook of a published joint position says: what its page shows."""

from django.conf import settings


def joint_position_published(joint) -> dict:
    return {
        "id": joint.pk,
        "consultation": {"id": joint.consultation_id, "question": joint.consultation.question},
        "action": {"id": joint.consultation.action_id, "number": joint.consultation.action.number},
        "text": joint.text,
        "public": joint.public,
        "quotes": [
            {"company": position.company.name, "stance": position.stance, "argument": position.argument}
            for position in joint.quotes.select_related("company").order_by("company__name")
        ],
        "published_at": joint.published_at,
        "web_url": settings.SITE_URL + joint.get_absolute_url(),
    }
