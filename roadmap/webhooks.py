"""What the webhooks of roadmap events say: a submitted position's public face (the argument only
when the company shares it)."""

from django.conf import settings


def position_submitted(position) -> dict:
    consultation = position.consultation
    return {
        "id": position.pk,
        "consultation": {
            "id": consultation.pk,
            "question": consultation.question,
            "web_url": settings.SITE_URL + consultation.get_absolute_url(),
        },
        "company": {"id": position.company_id, "name": position.company.name},
        "stance": position.stance,
        "shared": position.shared,
        "argument": position.argument if position.shared else None,
        "submitted_at": position.submitted_at,
    }
