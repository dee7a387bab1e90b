from django.utils import timezone
from django.utils.translation import gettext as _

from groups.selectors import company_of, is_referent
from snitem_portal.dashboard import Panel
from snitem_portal.users.permissions import is_staff

from . import conf
from .selectors import calls_closing_soon, drafts_of_company, partnership_requests, reviews_to_do


def panels(request) -> list[Panel]:
    user = request.user
    if not user.is_authenticated:
        return []
    now = timezone.now()
    result = []
    company = company_of(user)
    if company is not None:
        drafts = list(drafts_of_company(company, now=now)[:20])
        if drafts:
            result.append(
                Panel(
                    title=_("Candidatures en brouillon"),
                    template="projects/panels/drafts.html",
                    context={"drafts": drafts, "now": now},
                    order=30,
                    action_count=len(drafts),
                )
            )
        # Referents answer for their company: the panel is theirs (no query for anyone else).
        requests = list(partnership_requests(company)[:20]) if is_referent(user, company) else []
        if requests:
            result.append(
                Panel(
                    title=_("Partenariats à confirmer"),
                    template="projects/panels/partnerships.html",
                    context={"partnerships": requests},
                    order=31,
                    action_count=len(requests),
                )
            )
    to_review = list(reviews_to_do(user)[:20])
    if to_review:
        result.append(
            Panel(
                title=_("Évaluations à faire (jury)"),
                template="projects/panels/reviews.html",
                context={"submissions": to_review},
                order=35,
                action_count=len(to_review),
            )
        )
    if is_staff(user):
        closing = list(calls_closing_soon(now=now, days=conf.closing_soon_days()))
        if closing:
            result.append(
                Panel(
                    title=_("Appels à projets bientôt clos"),
                    template="projects/panels/closing.html",
                    context={"calls": closing, "now": now},
                    order=40,
                )
            )
    return result
