from django.urls import reverse
from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel, first_rows
from snitem_portal.users.permissions import is_staff

from .selectors import (
    affiliations_to_decide,
    company_suggested_for,
    live_affiliation,
    live_memberships,
    meetings_visible_to,
    member_affiliation,
    memberships_to_decide,
    upcoming_meetings,
)


def panels(request) -> list[Panel]:
    user = request.user
    result = []
    if member_affiliation(user) is None and not is_staff(user):
        current = live_affiliation(user)
        result.append(
            Panel(
                title=_("Votre entreprise"),
                template="groups/panels/affiliation_status.html",
                context={
                    "current": current,
                    "suggested": None if current else company_suggested_for(user.email),
                },
                order=0,
                action_count=0 if current else 1,
            )
        )
    pending, total = first_rows(affiliations_to_decide(user))
    if pending:
        result.append(
            Panel(
                title=_("Demandes de rattachement à traiter"),
                template="groups/panels/affiliations_to_decide.html",
                context={"pending": pending, "more": total - len(pending), "all_url": _requests_url("rattachements")},
                order=10,
                action_count=total,
            )
        )
    result.extend(group_panels(request))
    return result


def _requests_url(anchor: str) -> str:
    return f"{reverse('groups:requests')}#{anchor}"


def group_panels(request) -> list[Panel]:
    """Join requests to decide (chairs, staff), my groups, next meetings.

    The user's memberships are read first: the requests to decide and the meetings start from them
    (``groups.selectors.live_memberships``) instead of repeating the lookup as a subquery.
    """
    user = request.user
    result = []
    mine = live_memberships(user)
    to_decide, total = first_rows(memberships_to_decide(user))
    if to_decide:
        result.append(
            Panel(
                title=_("Demandes d'adhésion aux groupes à traiter"),
                template="groups/panels/memberships_to_decide.html",
                context={"pending": to_decide, "more": total - len(to_decide), "all_url": _requests_url("adhesions")},
                order=11,
                action_count=total,
            )
        )
    if mine or member_affiliation(user) is not None:
        result.append(
            Panel(
                title=_("Mes groupes de travail"),
                template="groups/panels/my_groups.html",
                context={"memberships": mine},
                order=40,
            )
        )
    meetings = list(upcoming_meetings(meetings_visible_to(user).filter(group__is_active=True))[:5])
    if meetings:
        result.append(
            Panel(
                title=_("Prochaines réunions"),
                template="groups/panels/next_meetings.html",
                context={"meetings": meetings},
                order=30,
            )
        )
    return result
