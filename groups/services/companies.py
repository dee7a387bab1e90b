"""Writes about companies and affiliations: requests, decisions, referents, membership status."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.exceptions import Conflict
from snitem_portal.notifications import notify

from ..enums import AffiliationStatus, CompanyRole
from ..models import Affiliation, Company, SignupCompanyChoice
from ..permissions import (
    can_decide_affiliation,
    can_promote,
)
from ..selectors import forget_affiliation, referents_of
from .common import refused_move


@transaction.atomic
def request_affiliation(*, user, company: Company) -> Affiliation:
    """Ask to join ``company``. Side effects: emails the company's referents (on commit)."""
    if not company.is_active:
        raise ValidationError(_("Cette entreprise n'est pas adhérente active du Snitem."))
    live = Affiliation.objects.live().select_for_update().filter(user=user)
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
    referents = referents_of(company)
    notify(
        template="groups/email/affiliation_requested",
        recipients=referents,
        context={"affiliation": affiliation, "company": company, "requester": user},
    )
    return affiliation


def remember_signup_company(*, user, company: Company) -> None:
    """Keep the company chosen at signup until the address is verified (then request_signup_affiliation):
    an unverified address may belong to anyone, so the company's referents are not written to yet."""
    SignupCompanyChoice.objects.update_or_create(user=user, defaults={"company": company})


@transaction.atomic
def request_signup_affiliation(*, user) -> Affiliation | None:
    """Once ``user``'s address is verified, request the affiliation to the company chosen at signup.

    Does nothing without a choice; drops the choice when the company is no longer active or the user
    already asked elsewhere. Side effects: as request_affiliation (the referents are emailed on commit).
    """
    choice = SignupCompanyChoice.objects.select_for_update().select_related("company").filter(user=user).first()
    if choice is None:
        return None
    choice.delete()
    try:
        with transaction.atomic():
            return request_affiliation(user=user, company=choice.company)
    except ValidationError:
        return None


@transaction.atomic
def decide_affiliation(*, affiliation: Affiliation, by, approve: bool) -> Affiliation:
    """Approve or reject a pending request. Side effects: emails the requester (on commit)."""
    affiliation = Affiliation.objects.select_for_update().select_related("company", "user").get(pk=affiliation.pk)
    if not can_decide_affiliation(by, affiliation):
        raise PermissionDenied(_("Seul un référent de l'entreprise ou l'équipe Snitem peut décider."))
    if affiliation.status == AffiliationStatus.WITHDRAWN:
        raise Conflict(_("La personne a annulé sa demande."))
    if affiliation.status != AffiliationStatus.PENDING:
        raise Conflict(_("Cette demande a déjà été traitée."))
    affiliation.status = AffiliationStatus.APPROVED if approve else AffiliationStatus.REJECTED
    affiliation.decided_at, affiliation.decided_by = timezone.now(), by
    affiliation._change_reason = "approve" if approve else "reject"
    affiliation.save(update_fields=["status", "decided_at", "decided_by"])
    forget_affiliation(affiliation.user)
    notify(
        template="groups/email/affiliation_decided",
        recipients=[affiliation.user],
        context={"affiliation": affiliation, "approved": approve},
    )
    return affiliation


@transaction.atomic
def withdraw_affiliation_request(*, affiliation: Affiliation, by) -> Affiliation:
    """Cancel one's own pending request, so another company may be asked. Side effects: history row.

    Nobody is emailed: the referents' lists simply no longer show it (a message for every change of
    mind would teach them to ignore the portal's emails). A request decided meanwhile is a Conflict.
    """
    affiliation = Affiliation.objects.select_for_update().select_related("company").get(pk=affiliation.pk)
    if affiliation.user_id != by.pk:
        raise PermissionDenied(_("Seule la personne qui a fait la demande peut l'annuler."))
    if affiliation.status != AffiliationStatus.PENDING:
        raise Conflict(_("Cette demande a déjà été traitée : elle ne peut plus être annulée."))
    affiliation.status = AffiliationStatus.WITHDRAWN
    affiliation.decided_at, affiliation.decided_by = timezone.now(), by
    affiliation._change_reason = "withdraw"
    affiliation.save(update_fields=["status", "decided_at", "decided_by"])
    forget_affiliation(affiliation.user)
    return affiliation


@transaction.atomic
def set_company_role(*, affiliation: Affiliation, by, role: str) -> Affiliation:
    """Make a colleague referent (or member again). A company keeps at least one referent."""
    # Role changes of one company run one at a time: the company row is the lock, so two
    # referents stepping down together cannot both succeed (nor deadlock).
    Company.objects.select_for_update().filter(pk=affiliation.company_id).first()
    affiliation = Affiliation.objects.get(pk=affiliation.pk)
    if not can_promote(by, affiliation):
        raise PermissionDenied(_("Seul un référent de l'entreprise ou l'équipe Snitem peut le faire."))
    if role == CompanyRole.MEMBER and affiliation.role == CompanyRole.REFERENT:
        others = Affiliation.objects.referents().filter(company_id=affiliation.company_id).exclude(pk=affiliation.pk)
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


def set_affiliation_status(*, affiliation: Affiliation, by, status: str) -> Affiliation:
    """Admin: decide a pending request; other moves are refused."""
    current = Affiliation.objects.get(pk=affiliation.pk).status
    if current == AffiliationStatus.PENDING and status in (AffiliationStatus.APPROVED, AffiliationStatus.REJECTED):
        return decide_affiliation(affiliation=affiliation, by=by, approve=status == AffiliationStatus.APPROVED)
    if current != status:
        raise refused_move(AffiliationStatus, current, status)
    return affiliation
