"""Partners of an application: named by the applicant, confirmed or declined by the partner company.

Only a confirmed partnership counts for the jury's recusal (``selectors._not_recused``): otherwise
an applicant could name any company to push its jurors aside, without that company knowing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.selectors import is_referent
from snitem_portal.exceptions import Conflict
from snitem_portal.notifications import notify

from ..enums import PartnershipStatus
from ..models import Partnership, Submission
from ..selectors import referents_of_companies


def set_partners(*, submission: Submission, partners, by) -> None:
    """Make ``partners`` (active member companies) the application's partners.

    A company named again keeps its answer; one no longer named is dropped; a newly named one is
    pending and its referents are asked to confirm (email on commit).
    """
    wanted = {partner.pk: partner for partner in partners or [] if partner.pk != submission.company_id}
    if any(not partner.is_active for partner in wanted.values()):
        raise ValidationError({"partners": [_("Les partenaires doivent être des entreprises adhérentes.")]})
    submission.partnerships.exclude(company_id__in=wanted).delete()
    named = set(submission.partnerships.values_list("company_id", flat=True))
    new = [
        Partnership(submission=submission, company=company, named_by=by)
        for pk, company in wanted.items()
        if pk not in named
    ]
    Partnership.objects.bulk_create(new)
    for partnership in new:
        notify(
            template="projects/email/partnership_requested",
            recipients=[affiliation.user for affiliation in referents_of_companies({partnership.company_id})],
            context={"submission": submission, "company": partnership.company},
        )


@transaction.atomic
def decide_partnership(*, partnership: Partnership, by, confirm: bool) -> Partnership:
    """A referent of the named company confirms or declines the partnership (once).

    Raises PermissionDenied for anyone else, Conflict if it was already answered. Side effects:
    the answer, who gave it and when.
    """
    if not is_referent(by, partnership.company):
        raise PermissionDenied(_("Seul un référent de l'entreprise partenaire peut répondre."))
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.status != PartnershipStatus.PENDING:
        raise Conflict(_("Ce partenariat a déjà reçu une réponse."))
    partnership.status = PartnershipStatus.CONFIRMED if confirm else PartnershipStatus.DECLINED
    partnership.decided_by, partnership.decided_at = by, timezone.now()
    partnership.save(update_fields=["status", "decided_by", "decided_at"])
    return partnership
