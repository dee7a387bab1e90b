import io
import json
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from snitem_portal.demo import Demo
from snitem_portal.timefmt import PARIS

from . import reference
from .enums import GroupRole, MembershipStatus
from .models import Affiliation, Meeting, Membership, WorkingGroup

User = get_user_model()


def seed(*, demo: Demo) -> None:
    seed_affiliation_requests(demo=demo)
    seed_groups(demo=demo)


def seed_affiliation_requests(*, demo: Demo) -> None:
    """Pending affiliation requests: one newcomer for every fifth company."""
    newcomers = User.objects.bulk_create(
        User(
            email=f"newcomer.{i}@demo.example",
            full_name=f"Nouvelle recrue {i}",
            password=demo.password_hash,
        )
        for i in range(1, demo.company_count + 1, 5)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in newcomers
    )
    Affiliation.objects.bulk_create(
        Affiliation(user=user, company=demo.companies[index * 5], requested_at=demo.now)
        for index, user in enumerate(newcomers)
    )


def _paris(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)


def seed_groups(*, demo: Demo) -> None:
    """Memberships with chairs, co-chairs and pending requests, and meetings, for every group.

    referent.1 chairs every top-level group (so the demo shows the chair's side at once);
    other chairs rotate over the referents. Moderated groups get pending requests; member.1
    has one of them. Each group gets 2 upcoming meetings per unit of scale and one past meeting.
    """
    if not WorkingGroup.objects.exists():
        with open(settings.REFERENCE_FACTS_PATH, encoding="utf-8") as handle:
            reference.load(facts=json.load(handle), stdout=io.StringIO())
    groups = list(WorkingGroup.objects.filter(is_active=True).select_related("parent").order_by("pk"))
    count = demo.company_count
    rng = demo.rng
    rows: dict[tuple[int, int], Membership] = {}

    def add(user, group, role=GroupRole.MEMBER, status=MembershipStatus.ACTIVE):
        key = (user.pk, group.pk)
        if key in rows:
            return
        decided = status != MembershipStatus.PENDING
        rows[key] = Membership(
            user=user,
            group=group,
            role=role,
            status=status,
            requested_at=demo.now - timedelta(days=rng.randint(1, 60)),
            decided_at=demo.now if decided else None,
            decided_by=demo.staff if decided else None,
        )

    # Parents come before their subgroups (reference data creates them first), so members of a
    # moderated parent exist when its subgroups draw from them.
    for index, group in enumerate(groups):
        inside_moderated = group.parent is not None and not group.parent.is_open
        if inside_moderated:
            pool = [m.user for m in rows.values() if m.group_id == group.parent_id and m.status == "active"]
        else:
            pool = demo.members + demo.referents
        chair = demo.referents[0] if group.parent is None or inside_moderated else demo.referents[(index * 7) % count]
        add(chair, group, GroupRole.CHAIR)
        if index % 2 == 0:
            co_chair = rng.choice(pool) if inside_moderated else demo.members[(index * 11 + 3) % count]
            add(co_chair, group, GroupRole.CO_CHAIR)
        if not group.is_open and group.parent is None:
            add(demo.members[0], group, status=MembershipStatus.PENDING)
        size = max(1, len(pool) * (3 if group.parent is None else 2) // 10)
        for user in rng.sample(pool, min(size, len(pool))):
            add(user, group, GroupRole.OBSERVER if rng.random() < 0.1 else GroupRole.MEMBER)
        if not group.is_open:
            for user in rng.sample(pool, min(max(1, count // 10), len(pool))):
                add(user, group, status=MembershipStatus.PENDING)
    bulk_create_with_history(list(rows.values()), Membership, batch_size=1000, default_user=demo.staff)

    today = demo.now.astimezone(PARIS).date()
    meetings = []
    for index, group in enumerate(groups):
        for k in range(2 * demo.scale):
            day = today + timedelta(days=7 + index % 7 + 14 * k)
            meetings.append(
                Meeting(
                    group=group,
                    title=f"Réunion {k + 1}",
                    starts_at=_paris(day, 10),
                    ends_at=_paris(day, 12),
                    place="Snitem, 92 boulevard Malesherbes, 75008 Paris" if k % 2 == 0 else "",
                    video_url="" if k % 2 == 0 else f"https://visio.demo.example/{group.slug}",
                    agenda="1. Tour de table\n2. Avancement des travaux\n3. Prochaines étapes",
                    created_by=demo.staff,
                )
            )
        past = today - timedelta(days=30 + index)
        meetings.append(
            Meeting(
                group=group,
                title="Réunion de lancement",
                starts_at=_paris(past, 14),
                ends_at=_paris(past, 16),
                place="Snitem, 92 boulevard Malesherbes, 75008 Paris",
                created_by=demo.staff,
            )
        )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
