"""Personal data of the groups app: a person's ties to their company and seats in working groups,
and the meetings they scheduled (``snitem_portal.privacy`` describes the contract)."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import AffiliationStatus, CompanyRole, CompanyStatus
from .models import Affiliation, Company, Meeting, Membership, SignupCompanyChoice, WorkingGroup
from .selectors import forget_affiliation


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    """Affiliations, the company chosen at signup, memberships and the meetings the person scheduled or cancelled."""
    choice = SignupCompanyChoice.objects.filter(user=user).select_related("company").first()
    meetings = Meeting.objects.filter(Q(created_by=user) | Q(cancelled_by=user)).select_related("group").order_by("pk")
    return {
        "affiliations": [
            {
                "company": affiliation.company.name,
                "role": affiliation.role,
                "status": affiliation.status,
                "requested_at": _when(affiliation.requested_at),
                "decided_at": _when(affiliation.decided_at),
            }
            for affiliation in Affiliation.objects.filter(user=user).select_related("company").order_by("pk")
        ],
        "signup_company_choice": (
            {"company": choice.company.name, "created_at": _when(choice.created_at)} if choice else None
        ),
        "memberships": [
            {
                "group": membership.group.name,
                "group_slug": membership.group.slug,
                "role": membership.role,
                "status": membership.status,
                "requested_at": _when(membership.requested_at),
                "decided_at": _when(membership.decided_at),
                "decision_message": membership.decision_message,
            }
            for membership in Membership.objects.filter(user=user).select_related("group").order_by("pk")
        ],
        "meetings_scheduled_or_cancelled": [
            {
                "group": meeting.group.name,
                "title": meeting.title,
                "starts_at": _when(meeting.starts_at),
                "scheduled_by_me": meeting.created_by_id == user.pk,
                "cancelled_by_me": meeting.cancelled_by_id == user.pk,
            }
            for meeting in meetings
        ],
    }


def _check_not_last_referent(user) -> None:
    """A referent who leaves an active company with other people in it must name another referent
    first: otherwise nobody there can decide requests or sign off the company's positions. A
    referent alone in their company (or of a company that left) may close their account."""
    company_ids = list(
        Affiliation.objects.referents()
        .filter(user=user, company__status=CompanyStatus.ACTIVE)
        .values_list("company_id", flat=True)
    )
    # Role changes of a company run one at a time on the company row (groups.services.set_company_role).
    for company in Company.objects.select_for_update().filter(pk__in=company_ids).order_by("pk"):
        others = (
            Affiliation.objects.in_active_company().filter(company=company, user__is_active=True).exclude(user=user)
        )
        if others.exists() and not others.filter(role=CompanyRole.REFERENT).exists():
            raise ValidationError(
                _(
                    "Vous êtes le seul référent de %(company)s : nommez un autre référent depuis la page de "
                    "l'entreprise avant de fermer votre compte."
                )
                % {"company": company.name}
            )


def _check_not_last_chair(user) -> None:
    """As when leaving a group: a group keeps at least one chair or co-chair (staff may name one)."""
    group_ids = list(
        Membership.objects.chairs().filter(user=user, group__is_active=True).values_list("group_id", flat=True)
    )
    # Every multi-group change locks the groups in id order (groups.services.memberships).
    for group in WorkingGroup.objects.select_for_update().filter(pk__in=group_ids).order_by("pk"):
        if not Membership.objects.chairs().filter(group=group, user__is_active=True).exclude(user=user).exists():
            raise ValidationError(
                _(
                    "Vous êtes seul·e à présider le groupe « %(group)s » : nommez une autre présidence avant de "
                    "fermer votre compte (ou demandez à l'équipe du Snitem)."
                )
                % {"group": group.name}
            )


def erase(user) -> None:
    """Refuse while the person is the last referent of their company or the last chair of a group;
    else end their affiliations (the company's record keeps « un ancien membre ») and remove their
    seats and requests in working groups and the company they chose at signup."""
    _check_not_last_referent(user)
    _check_not_last_chair(user)
    ended = {
        AffiliationStatus.PENDING: AffiliationStatus.WITHDRAWN,
        AffiliationStatus.APPROVED: AffiliationStatus.ENDED,
    }
    for affiliation in Affiliation.objects.live().filter(user=user):
        if affiliation.status == AffiliationStatus.PENDING:
            affiliation.decided_at = timezone.now()
        affiliation.status = ended[affiliation.status]
        affiliation._change_reason = "account closed"
        affiliation.save(update_fields=["status", "decided_at"])
    for membership in Membership.objects.filter(user=user):
        membership._change_reason = "account closed"
        membership.delete()
    SignupCompanyChoice.objects.filter(user=user).delete()
    forget_affiliation(user)
