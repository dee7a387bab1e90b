"""What changes with mailings: compose, send (now or later), test, unsubscribe."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.enums import CompanyStatus
from groups.models import WorkingGroup
from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version

from .models import Mailing, MailingStatus, SegmentRole, Unsubscription
from .permissions import can_manage_mailings

#: The most groups a segment may name (a bound on what a request makes the portal look up).
MAX_GROUPS = 100


def _groups(groups) -> list[WorkingGroup]:
    """The segment's groups, from groups or their ids; more than ``MAX_GROUPS``, unknown or archived ones: refused."""
    groups = list(groups)
    if len(groups) > MAX_GROUPS:
        raise ValidationError({"groups": [_("Choisissez au plus %(max)d groupes.") % {"max": MAX_GROUPS}]})
    ids = {group.pk if isinstance(group, WorkingGroup) else group for group in groups}
    found = list(WorkingGroup.objects.filter(pk__in=ids).order_by("name"))
    if len(found) != len(ids):
        raise ValidationError({"groups": [_("Ce groupe n'existe pas.")]})
    archived = [group.name for group in found if not group.is_active]
    if archived:
        raise ValidationError(
            {"groups": [_("Ces groupes sont archivés : %(names)s.") % {"names": ", ".join(archived)}]}
        )
    return found


def _check_content(*, subject: str, body: str, subject_en: str, body_en: str) -> dict:
    """The texts stripped, or a ValidationError naming each missing one."""
    texts = {
        "subject": (subject or "").strip(),
        "body": (body or "").strip(),
        "subject_en": (subject_en or "").strip(),
        "body_en": (body_en or "").strip(),
    }
    errors = {}
    if not texts["subject"]:
        errors["subject"] = [_("L'objet est obligatoire.")]
    if not texts["body"]:
        errors["body"] = [_("Le texte est obligatoire.")]
    if bool(texts["subject_en"]) != bool(texts["body_en"]):
        errors["subject_en"] = [_("La version anglaise demande un objet et un texte, ou ni l'un ni l'autre.")]
    if errors:
        raise ValidationError(errors)
    return texts


def _check_segment(*, groups, roles, all_members, company_statuses) -> None:
    errors = {}
    if not all_members and not groups:
        errors["groups"] = [_("Choisissez au moins un groupe, ou tous les membres.")]
    unknown_roles = set(roles) - set(SegmentRole.values)
    if unknown_roles:
        errors["roles"] = [_("Rôle inconnu : %(roles)s.") % {"roles": ", ".join(sorted(map(str, unknown_roles)))}]
    if not company_statuses or set(company_statuses) - set(CompanyStatus.values):
        errors["company_statuses"] = [_("Choisissez des statuts d'entreprise parmi ceux proposés.")]
    if errors:
        raise ValidationError(errors)


def _checked(
    *, subject, body, subject_en, body_en, groups, include_subgroups, roles, all_members, company_statuses
) -> tuple[dict, list]:
    """A mailing's fields once checked (``create_mailing`` and ``update_mailing``): the row's values
    and the groups of its segment."""
    texts = _check_content(subject=subject, body=body, subject_en=subject_en, body_en=body_en)
    groups = _groups(groups)
    _check_segment(groups=groups, roles=roles, all_members=all_members, company_statuses=list(company_statuses))
    fields = {
        **texts,
        "include_subgroups": include_subgroups,
        "roles": sorted(set(roles)),
        "all_members": all_members,
        "company_statuses": sorted(set(company_statuses)),
    }
    return fields, groups


@transaction.atomic
def create_mailing(
    *,
    by,
    subject: str,
    body: str,
    subject_en: str = "",
    body_en: str = "",
    groups=(),
    include_subgroups: bool = False,
    roles=(),
    all_members: bool = False,
    company_statuses=(CompanyStatus.ACTIVE,),
    scheduled_at: datetime | None = None,
) -> Mailing:
    """Record a draft mailing (staff only). With ``scheduled_at``, it is scheduled at once.

    ``groups``: groups or their ids, at most ``MAX_GROUPS``, none archived (an archived group's
    members are not a segment staff may still address).

    Side effects: none besides the row (nothing is sent before ``send_mailing`` or the schedule).
    """
    if not can_manage_mailings(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem envoie des lettres d'information."))
    fields, groups = _checked(
        subject=subject,
        body=body,
        subject_en=subject_en,
        body_en=body_en,
        groups=groups,
        include_subgroups=include_subgroups,
        roles=roles,
        all_members=all_members,
        company_statuses=company_statuses,
    )
    mailing = Mailing.objects.create(**fields, created_by=by)
    mailing.groups.set(groups)
    if scheduled_at is not None:
        return send_mailing(mailing=mailing, by=by, version=mailing.version, scheduled_at=scheduled_at)
    return mailing


@transaction.atomic
def update_mailing(
    *,
    mailing: Mailing,
    by,
    version,
    subject: str,
    body: str,
    subject_en: str = "",
    body_en: str = "",
    groups=(),
    include_subgroups: bool = False,
    roles=(),
    all_members: bool = False,
    company_statuses=(CompanyStatus.ACTIVE,),
) -> Mailing:
    """Rewrite a draft or scheduled mailing (staff only), with the checks of ``create_mailing``.

    ``version`` is the one read (Conflict when stale); once sending or sent: Conflict. A scheduled
    mailing keeps its date. Side effects: the version goes up by one.
    """
    if not can_manage_mailings(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem envoie des lettres d'information."))
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    check_version(mailing, version)
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise Conflict(_("Cette lettre est déjà envoyée ou en cours d'envoi."))
    fields, groups = _checked(
        subject=subject,
        body=body,
        subject_en=subject_en,
        body_en=body_en,
        groups=groups,
        include_subgroups=include_subgroups,
        roles=roles,
        all_members=all_members,
        company_statuses=company_statuses,
    )
    for name, value in fields.items():
        setattr(mailing, name, value)
    mailing.version += 1
    mailing.save(update_fields=[*fields, "version"])
    mailing.groups.set(groups)
    return mailing


@transaction.atomic
def send_mailing(*, mailing: Mailing, by, version, scheduled_at: datetime | None = None) -> Mailing:
    """Send a draft or scheduled mailing now, or schedule it for ``scheduled_at`` (in the future).

    Side effects: status ``sending`` and, after the commit, the Celery task that fills the ledger
    and fans out the batches (``mailings.delivery``); or status ``scheduled``, picked up by the
    periodic task when the time comes. A mailing already sending or sent: Conflict.
    """
    from . import tasks

    if not can_manage_mailings(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem envoie des lettres d'information."))
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    check_version(mailing, version)
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise Conflict(_("Cette lettre est déjà envoyée ou en cours d'envoi."))
    now = timezone.now()
    if scheduled_at is not None and scheduled_at <= now:
        raise ValidationError({"scheduled_at": [_("La date d'envoi doit être dans le futur.")]})
    mailing.version += 1
    if scheduled_at is not None:
        mailing.status, mailing.scheduled_at = MailingStatus.SCHEDULED, scheduled_at
        mailing.save(update_fields=["status", "scheduled_at", "version"])
        return mailing
    mailing.status, mailing.started_at = MailingStatus.SENDING, now
    mailing.save(update_fields=["status", "started_at", "version"])
    transaction.on_commit(lambda: tasks.task_start_mailing.delay(mailing_id=mailing.pk))
    return mailing


@transaction.atomic
def send_test(*, mailing: Mailing, by) -> None:
    """Send the mailing to its author only, in their language, marked as a test (no ledger row).

    Side effects: one email after the commit (``mailings.tasks.task_send_test``).
    """
    from . import tasks

    if not can_manage_mailings(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem envoie des lettres d'information."))
    transaction.on_commit(lambda: tasks.task_send_test.delay(mailing_id=mailing.pk, user_id=by.pk))


@transaction.atomic
def unsubscribe(*, user) -> bool:
    """Record that ``user`` wants no more mailings; True the first time. Deliveries not yet sent skip them."""
    _row, created = Unsubscription.objects.get_or_create(user=user)
    return created


@transaction.atomic
def resubscribe(*, user) -> None:
    """Receive mailings again."""
    Unsubscription.objects.filter(user=user).delete()
