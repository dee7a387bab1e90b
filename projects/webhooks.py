"""What the webhooks of projects' events say: a call's published laureates, as the public pages show them."""

from django.conf import settings

from .enums import SubmissionStatus


def decision_published(call) -> dict:
    published = call.submissions.filter(decision_published_at__isnull=False).select_related("company")
    laureates = [
        submission for submission in published.order_by("pk") if submission.status == SubmissionStatus.LAUREATE
    ]
    return {
        "id": call.pk,
        "title": call.title,
        "web_url": settings.SITE_URL + call.get_absolute_url(),
        "laureates": [{"title": submission.title, "company": submission.company.name} for submission in laureates],
        "not_selected_count": sum(1 for submission in published if submission.status == SubmissionStatus.NOT_SELECTED),
    }
