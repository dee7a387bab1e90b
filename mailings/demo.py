"""Demo mailings: ``scale`` sent mailings in the archive of every demo member (their ledger rows
recorded as sent, no email leaves), and a draft for staff to try the compose page."""

from datetime import timedelta

from snitem_portal.demo import Demo

from . import services
from .models import Delivery, DeliveryStatus, Mailing, MailingStatus
from .selectors import recipients_of

BODY = """## Les nouvelles de la filière

Les groupes de travail avancent : **trois consultations** sont ouvertes et la prochaine plénière
approche. Retrouvez l'agenda sur le portail.
"""
BODY_EN = """## News from the sector

The working groups move on: **three consultations** are open and the next plenary is near.
Find the agenda on the portal.
"""


def seed(*, demo: Demo) -> None:
    for number in range(1, demo.scale + 1):
        mailing = services.create_mailing(
            by=demo.staff,
            subject=f"Lettre de la filière n° {number}",
            body=BODY,
            subject_en=f"Sector newsletter no. {number}",
            body_en=BODY_EN,
            all_members=True,
        )
        sent_at = demo.now - timedelta(days=30 * number)
        recipients = list(recipients_of(mailing).values_list("pk", flat=True))
        Delivery.objects.bulk_create(
            Delivery(mailing=mailing, recipient_id=pk, status=DeliveryStatus.SENT, sent_at=sent_at, attempts=1)
            for pk in recipients
        )
        Mailing.objects.filter(pk=mailing.pk).update(
            status=MailingStatus.SENT,
            started_at=sent_at,
            filled_at=sent_at,
            sent_at=sent_at,
            recipients_count=len(recipients),
            sent_count=len(recipients),
        )
    services.create_mailing(
        by=demo.staff, subject="Invitation à l'assemblée générale", body="Réservez la date.", all_members=True
    )
