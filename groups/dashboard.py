from django.utils.translation import gettext as _

from snitem_portal.dashboard import Panel

from .selectors import affiliations_to_decide, live_affiliation, member_affiliation


def panels(request) -> list[Panel]:
    user = request.user
    result = []
    if member_affiliation(user) is None and not user.is_staff:
        current = live_affiliation(user)
        result.append(
            Panel(
                title=_("Votre entreprise"),
                template="groups/panels/affiliation_status.html",
                context={"current": current},
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
    return result
