import pytest

from groups import services
from groups.enums import GroupRole, MembershipStatus
from snitem_portal.exceptions import Conflict
from tests.factories import member_of

from .factories import chair_of, pending_in

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_concurrent_decisions_leave_exactly_one(run_together, member, moderated_group, chair, chair_company):
    co_chair = member_of(chair_company, user__full_name="Corinne Co")
    chair_of(moderated_group, co_chair, role=GroupRole.CO_CHAIR)
    request = pending_in(moderated_group, member)

    outcomes = run_together(
        lambda: services.approve_membership(membership=request, by=chair),
        lambda: services.reject_membership(membership=request, by=co_chair),
    )

    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    decided = [o for o in outcomes if not isinstance(o, Exception)]
    assert (len(conflicts), len(decided)) == (1, 1)
    request.refresh_from_db()
    assert request.status == decided[0].status
    assert request.status in {MembershipStatus.ACTIVE, MembershipStatus.REJECTED}
    reasons = [h.history_change_reason for h in request.history.order_by("history_date")]
    assert reasons.count("approve") + reasons.count("reject") == 1


def test_concurrent_joins_create_one_membership(run_together, member, moderated_group, chair):
    outcomes = run_together(
        lambda: services.join_group(user=member, group=moderated_group),
        lambda: services.join_group(user=member, group=moderated_group),
    )

    assert [type(o) for o in outcomes] == [tuple, tuple]
    assert sorted(changed for _membership, changed in outcomes) == [False, True]
    assert outcomes[0][0].pk == outcomes[1][0].pk
