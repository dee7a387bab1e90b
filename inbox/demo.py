"""Demo notifications: a few for each demo referent and member (more with ``--scale``), some read.

Written through ``notify``'s in-app channel (the same titles, links and kinds as real events), with
no email: the demo starts with a lit bell, not with a full mailbox.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from snitem_portal.demo import Demo

from .models import Notification
from .selectors import forget_unread


def seed(*, demo: Demo) -> None:
    people = [*demo.referents, *demo.members]
    rows = []
    for index, person in enumerate(people):
        with override(getattr(person, "language", None) or "fr"):
            texts = [
                (_("Bienvenue sur le portail des groupes de travail du Snitem"), reverse("dashboard")),
                (
                    _("Réglez vos notifications : courriel immédiat, résumé ou cloche seulement"),
                    reverse("reminders:preferences"),
                ),
            ]
        for number in range(demo.scale * 2):
            title, url = texts[number % len(texts)]
            created_at = demo.now - timedelta(days=number, hours=index % 24)
            rows.append(
                Notification(
                    recipient=person,
                    kind="other",
                    title=title,
                    url=url,
                    created_at=created_at,
                    read_at=created_at + timedelta(hours=1) if number % 2 else None,
                )
            )
    Notification.objects.bulk_create(rows, batch_size=2000)
    forget_unread({row.recipient_id for row in rows})
