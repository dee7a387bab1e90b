"""The notifications people chose to read in the daily digest, handed to the reminder digest.

Listed in the ``DIGEST_SECTIONS`` setting: ``reminders.engine.send_digests`` calls ``claim`` once per
run, puts each person's notifications in their digest email (a person with notifications only
gets one too), then ``done`` with who was sent their email. Claiming marks the rows ``sending``
(``SELECT … FOR UPDATE SKIP LOCKED``), so two digest runs never send the same notification; a failed
email puts them back to ``pending`` for the retry.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from snitem_portal import notifications
from snitem_portal.http import absolute_url

from .enums import DigestStatus
from .models import Notification


@dataclass
class DigestClaim:
    # user id -> [{"title", "url", "kind_label", "created_at"}], oldest first.
    items: dict[int, list[dict]] = field(default_factory=dict)
    # user id -> ids of the claimed notifications in their digest.
    row_ids: dict[int, list[int]] = field(default_factory=dict)

    def done(self, *, sent_user_ids, failed_user_ids) -> None:
        """Record the outcome: sent for those whose email left, pending again (for the retry) otherwise."""
        sent = [pk for user_id in sent_user_ids for pk in self.row_ids.get(user_id, [])]
        failed = [pk for user_id in failed_user_ids for pk in self.row_ids.get(user_id, [])]
        with transaction.atomic():
            if sent:
                Notification.objects.filter(pk__in=sent).update(digest_status=DigestStatus.SENT)
            if failed:
                Notification.objects.filter(pk__in=failed).update(digest_status=DigestStatus.PENDING)


def claim(now=None) -> DigestClaim:
    """Claim the pending digest notifications. Those read in the portal meanwhile, or of a kind their
    recipient now wants in the portal only (or not at all), leave the digest without an email."""
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(digest_status=DigestStatus.PENDING)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return DigestClaim()
        Notification.objects.filter(pk__in=ids).update(digest_status=DigestStatus.SENDING)
    rows = list(
        Notification.objects.filter(pk__in=ids)
        .order_by("created_at", "pk")
        .values("pk", "recipient_id", "kind", "title", "url", "read_at")
    )
    users_by_kind = defaultdict(set)
    for row in rows:
        users_by_kind[row["kind"]].add(row["recipient_id"])
    wanted = {}
    for name, user_ids in users_by_kind.items():
        kind = notifications.get_kind(name) or notifications.get_kind(notifications.OTHER_KIND)
        modes = notifications.modes_for(kind, sorted(user_ids))
        wanted.update(
            {(name, pk): mode in (notifications.DIGEST, notifications.IMMEDIATE) for pk, mode in modes.items()}
        )
    result, dropped = DigestClaim(), []
    for row in rows:
        if row["read_at"] is not None or not wanted[(row["kind"], row["recipient_id"])]:
            dropped.append(row["pk"])
            continue
        kind = notifications.get_kind(row["kind"])
        result.items.setdefault(row["recipient_id"], []).append(
            {"title": row["title"], "url": absolute_url(row["url"]), "kind_label": kind.label if kind else ""}
        )
        result.row_ids.setdefault(row["recipient_id"], []).append(row["pk"])
    if dropped:
        Notification.objects.filter(pk__in=dropped).update(digest_status=DigestStatus.NONE)
    return result
