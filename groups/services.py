"""Writes about companies and affiliations: one function per business operation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.emails import send_templated_email
from snitem_portal.exceptions import Conflict

from .enums import AffiliationStatus, CompanyRole, CompanyStatus
from .models import Affiliation, Company
from .permissions import can_decide_affiliation, can_promote
from .selectors import forget_affiliation


@transaction.atomic
def request_affiliation(*, user, company: Company) -> Affiliation:
    """Ask to join ``company``. Side effects: emails the company's referents (on commit)."""
    if company.status != CompanyStatus.ACTIVE:
        raise ValidationError(_("Cette entreprise n'est pas adhérente active du Snitem."))
    live = Affiliation.objects.select_for_update().filter(
        user=user, status__in=[AffiliationStatus.PENDING, AffiliationStatus.APPROVED]
    )
    existing = live.select_related("company").first()
    if existing is not None:
        if existing.status == AffiliationStatus.PENDING:
            raise ValidationError(
                _("Vous avez déjà une demande de rattachement en attente auprès de %(company)s.")
                % {"company": existing.company}
            )
        raise ValidationError(_("Vous êtes déjà rattaché·e à %(company)s.") % {"company": existing.company})
    try:
        with transaction.atomic():
            affiliation = Affiliation.objects.create(user=user, company=company)
    except IntegrityError as error:
        raise ValidationError(_("Vous avez déjà une demande de rattachement en cours.")) from error
    forget_affiliation(user)
    referents = [
        a.user
        for a in Affiliation.objects.filter(
            company=company, status=AffiliationStatus.APPROVED, role=CompanyRole.REFERENT
        ).select_related("user")
    ]
    transaction.on_commit(
        lambda: [
            send_templated_email(
                template="groups/email/affiliation_requested",
                to=referent,
                context={"affiliation": affiliation, "company": company, "requester": user},
            )
            for referent in referents
        ]
    )
    return affiliation


@transaction.atomic
def decide_affiliation(*, affiliation: Affiliation, by, approve: bool) -> Affiliation:
    """Approve or reject a pending request. Side effects: emails the requester (on commit)."""
    affiliation = Affiliation.objects.select_for_update().select_related("company", "user").get(pk=affiliation.pk)
    if not can_decide_affiliation(by, affiliation):
        raise PermissionDenied(_("Seul un référent de l'entreprise ou l'équipe Snitem peut décider."))
    if affiliation.status != AffiliationStatus.PENDING:
        raise Conflict(_("Cette demande a déjà été traitée."))
    affiliation.status = AffiliationStatus.APPROVED if approve else AffiliationStatus.REJECTED
    affiliation.decided_at, affiliation.decided_by = timezone.now(), by
    affiliation._change_reason = "approve" if approve else "reject"
    affiliation.save(update_fields=["status", "decided_at", "decided_by"])
    forget_affiliation(affiliation.user)
    transaction.on_commit(
        lambda: send_templated_email(
            template="groups/email/affiliation_decided",
            to=affiliation.user,
            context={"affiliation": affiliation, "approved": approve},
        )
    )
    return affiliation


@transaction.atomic
def set_company_role(*, affiliation: Affiliation, by, role: str) -> Affiliation:
    """Make a colleague referent (or member again). A company keeps at least one referent."""
    affiliation = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
    if not can_promote(by, affiliation):
        raise PermissionDenied(_("Seul un référent de l'entreprise ou l'équipe Snitem peut le faire."))
    if role == CompanyRole.MEMBER and affiliation.role == CompanyRole.REFERENT:
        others = (
            Affiliation.objects.select_for_update()
            .filter(
                company_id=affiliation.company_id,
                status=AffiliationStatus.APPROVED,
                role=CompanyRole.REFERENT,
            )
            .exclude(pk=affiliation.pk)
        )
        if not others.exists():
            raise ValidationError(_("L'entreprise doit garder au moins un référent."))
    affiliation.role = role
    affiliation.save(update_fields=["role"])
    return affiliation


@transaction.atomic
def set_company_status(*, companies, status: str) -> int:
    """Bulk status change (staff): active, suspended or former. Side effects: history rows."""
    changed = 0
    for company in companies:
        if company.status != status:
            company.status = status
            company.save(update_fields=["status"])
            changed += 1
    return changed
