from django.utils.translation import gettext as _

from groups.enums import CompanyRole
from groups.selectors import member_affiliation
from snitem_portal.dashboard import Panel

from .selectors import drafts_awaiting_signoff, open_consultations_awaiting


def panels(request) -> list[Panel]:
    """Open consultations my company has not answered; for referents, drafts to sign off."""
    affiliation = member_affiliation(request.user)
    if affiliation is None:
        return []
    result = []
    awaiting = list(open_consultations_awaiting(affiliation.company)[:20])
    if awaiting:
        result.append(
            Panel(
                title=_("Consultations en attente de la position de votre entreprise"),
                template="roadmap/panels/consultations_awaiting.html",
                context={"consultations": awaiting},
                order=20,
                action_count=len(awaiting),
            )
        )
    if affiliation.role == CompanyRole.REFERENT:
        drafts = list(drafts_awaiting_signoff(affiliation.company)[:20])
        if drafts:
            result.append(
                Panel(
                    title=_("Positions à soumettre (brouillons)"),
                    template="roadmap/panels/drafts_awaiting_signoff.html",
                    context={"drafts": drafts},
                    order=21,
                    action_count=len(drafts),
                )
            )
    return result
