"""Personal data of mailings: the mailings sent to a person (the ledger) and their opt-out
(``snitem_portal.privacy`` describes the contract)."""

from .models import Delivery, Unsubscription


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """The mailings addressed to the person (subject, outcome, date) and whether they unsubscribed."""
    opt_out = Unsubscription.objects.filter(user=user).first()
    return {
        "mailings_received": [
            {"subject": row.mailing.subject, "status": row.status, "sent_at": _when(row.sent_at)}
            for row in Delivery.objects.filter(recipient=user).select_related("mailing").order_by("pk")
        ],
        "mailings_unsubscribed_at": _when(opt_out.created_at) if opt_out else None,
    }


def erase(user) -> None:
    """Forget the person's ledger rows and opt-out (a closed account gets no mailing: it is inactive)."""
    Delivery.objects.filter(recipient=user).delete()
    Unsubscription.objects.filter(user=user).delete()
