from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel
from snitem_portal.users.permissions import is_staff

from .selectors import (
    affiliations_to_decide,
    company_suggested_for,
    live_affiliation,
    meetings_visible_to,
    member_affiliation,
    memberships_to_decide,
    my_memberships,
    upcoming_meetings,
)

PANEL_LIMIT = 50


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
    pending = list(affiliations_to_decide(user)[:50])
    if pending:
        result.append(
            Panel(
                title=_("Demandes de rattachement à traiter"),
                template="groups/panels/affiliations_to_decide.html",
                context={"pending": pending},
                order=10,
                action_count=len(pending),
            )
        )
    result.extend(group_panels(request))
    return result


def group_panels(request) -> list[Panel]:
    """Join requests to decide (chairs, staff), my groups, next meetings."""
    user = request.user
    result = []
    to_decide = list(memberships_to_decide(user)[:PANEL_LIMIT])
    if to_decide:
        result.append(
            Panel(
                title=_("Demandes d'adhésion aux groupes à traiter"),
                template="groups/panels/memberships_to_decide.html",
                context={"pending": to_decide},
                order=11,
                action_count=len(to_decide),
            )
        )
    mine = list(my_memberships(user))
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
