"""Calls for projects: creating and editing them, their life (CALL_TRANSITIONS), deadline moves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from slugify import slugify

from snitem_portal.notifications import notify
from snitem_portal.timefmt import paris
from snitem_portal.users.permissions import is_staff

from ..enums import REVIEWABLE_STATUSES, CallStatus, SubmissionStatus
from ..models import Call, Criterion, DeadlineChange, Submission
from ..selectors import referents_of_companies

SLUG_ATTEMPTS = 5


def require_staff(user) -> None:
    """Refuse (PermissionDenied) anyone but the Snitem staff."""
    if not is_staff(user):
        raise PermissionDenied(_("Réservé à l'équipe du Snitem."))


def validate_call_dates(opens_at, closes_at) -> None:
    """Refuse a call whose opening is not strictly before its closing."""
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationError(
            {
                "closes_at": [
                    _(
                        "La clôture doit être postérieure à l'ouverture : "
                        "clôture le %(closes_at)s, ouverture le %(opens_at)s."
                    )
                    % {"closes_at": paris(closes_at), "opens_at": paris(opens_at)}
                ]
            }
        )


# The call's life: draft → published → closed → decided; published → draft while nobody applied;
# closed → published to reopen it before its closing date.
CALL_TRANSITIONS = {
    CallStatus.DRAFT: {CallStatus.PUBLISHED},
    CallStatus.PUBLISHED: {CallStatus.CLOSED, CallStatus.DRAFT},
    CallStatus.CLOSED: {CallStatus.DECIDED, CallStatus.PUBLISHED},
    CallStatus.DECIDED: set(),
}


def decided_blocker(call: Call, now) -> str | None:
    """Why ``call`` cannot be marked decided yet, or None: a sent application still waits for a
    published decision, or an extension still lets a company submit or withdraw."""
    undecided = Submission.objects.filter(
        call=call, status__in=REVIEWABLE_STATUSES, decision_published_at__isnull=True
    ).count()
    if undecided:
        return _(
            "Impossible de marquer l'appel comme décidé : des candidatures déposées (%(count)d) "
            "attendent encore une décision publiée."
        ) % {"count": undecided}
    if Submission.objects.filter(
        call=call, status__in=(SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED), extension_until__gt=now
    ).exists():
        return _(
            "Impossible de marquer l'appel comme décidé : une prolongation accordée à une candidature court encore."
        )
    return None


def call_status_error(call: Call, status: str, *, now) -> str | None:
    """Why ``call`` may not move to ``status`` now, or None when it may (staying put is allowed)."""
    if status not in CallStatus.values:
        return _("Statut inconnu : « %(status)s ».") % {"status": status}
    if status == call.status:
        return None
    labels = {"old": CallStatus(call.status).label, "new": CallStatus(status).label}
    if status not in CALL_TRANSITIONS[CallStatus(call.status)]:
        return _("Un appel au statut « %(old)s » ne peut pas passer au statut « %(new)s ».") % labels
    if status == CallStatus.DRAFT and Submission.objects.filter(call=call).exists():
        return _("L'appel ne peut plus repasser en brouillon : des candidatures ont déjà été créées.")
    if call.status == CallStatus.CLOSED and status == CallStatus.PUBLISHED and call.closes_at <= now:
        return _(
            "L'appel ne peut être rouvert que si sa clôture est à venir ; elle a eu lieu le %(closes_at)s : "
            "reportez d'abord la date limite."
        ) % {"closes_at": paris(call.closes_at)}
    if status == CallStatus.DECIDED:
        return decided_blocker(call, now)
    return None


@transaction.atomic
def change_call_status(*, call: Call, status: str, by) -> Call:
    """Move a call along its life (staff): see CALL_TRANSITIONS and call_status_error for the rules.

    Raises ValidationError ``{"status": [...]}`` when the move is refused; nothing changes then.
    Side effects: history row.
    """
    require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    error = call_status_error(call, status, now=timezone.now())
    if error:
        raise ValidationError({"status": [error]})
    if status != call.status:
        call.status = status
        call.save(update_fields=["status"])
    return call


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    # Transliterated, not dropped: "cœur" gives "coeur" (Django's slugify would give "cur").
    base = slugify(title, max_length=90, word_boundary=True) or "appel"
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_call(
    *,
    by,
    title: str,
    funder: str,
    opens_at,
    closes_at,
    description: str = "",
    status: str = CallStatus.DRAFT,
    slug: str = "",
    one_per_company: bool = False,
    criteria: list[tuple[str, int]] | None = None,
) -> Call:
    """Create a call (staff). Side effects: history row; criteria rows."""
    require_staff(by)
    validate_call_dates(opens_at, closes_at)
    slug_taken = ValidationError({"slug": [_("Cet identifiant est déjà utilisé.")]})
    if slug and Call.objects.filter(slug=slug).exists():
        raise slug_taken
    for attempt in range(SLUG_ATTEMPTS):
        try:
            # A savepoint: two calls of the same title created at once may both pick the same free
            # slug; the loser of the race takes the next free one instead of failing.
            with transaction.atomic():
                call = Call.objects.create(
                    title=title,
                    slug=slug or _unique_slug(title),
                    funder=funder,
                    description=description,
                    opens_at=opens_at,
                    closes_at=closes_at,
                    status=status,
                    one_per_company=one_per_company,
                )
            break
        except IntegrityError:
            if slug or attempt == SLUG_ATTEMPTS - 1:
                raise slug_taken from None
    Criterion.objects.bulk_create(
        Criterion(call=call, name=name, weight=weight, position=i) for i, (name, weight) in enumerate(criteria or [])
    )
    return call


@transaction.atomic
def update_call(*, call: Call, by, **fields) -> Call:
    """Update a call (staff). A change of ``closes_at`` goes through move_deadline, a change of
    ``status`` through change_call_status (after the dates, so a reopening sees the new closing).
    All or nothing: a refused part leaves the call as it was."""
    require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    new_closes_at = fields.pop("closes_at", None)
    new_status = fields.pop("status", None)
    for name in ("title", "funder", "description", "opens_at", "one_per_company"):
        if name in fields:
            setattr(call, name, fields[name])
    validate_call_dates(call.opens_at, new_closes_at or call.closes_at)
    call.save()
    if new_closes_at is not None and new_closes_at != call.closes_at:
        move_deadline(call=call, closes_at=new_closes_at, by=by, reason="")
    if new_status is not None:
        change_call_status(call=call, status=new_status, by=by)
    call.refresh_from_db()
    return call


@transaction.atomic
def move_deadline(*, call: Call, closes_at, by, reason: str = "") -> DeadlineChange:
    """Move a call's closing date (staff). Side effects: a DeadlineChange row; emails, on commit, the
    referents of every company holding a draft and the drafts' authors."""
    require_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    validate_call_dates(call.opens_at, closes_at)
    if closes_at == call.closes_at:
        raise ValidationError({"closes_at": [_("La nouvelle date est identique à l'actuelle.")]})
    change = DeadlineChange.objects.create(
        call=call, old_closes_at=call.closes_at, new_closes_at=closes_at, reason=reason, changed_by=by
    )
    call.closes_at = closes_at
    call.save(update_fields=["closes_at"])
    notify(
        template="projects/email/deadline_moved", recipients=_drafters(call), context={"change": change, "call": call}
    )
    return change


def _drafters(call: Call) -> list:
    """Who hears of a new deadline: the referents of every company holding a draft, and the drafts' authors."""
    drafts = list(
        Submission.objects.filter(call=call, status=SubmissionStatus.DRAFT, company__isnull=False)
        .select_related("created_by")
        .order_by("pk")
    )
    recipients = {}
    for affiliation in referents_of_companies({draft.company_id for draft in drafts}):
        recipients[affiliation.user.pk] = affiliation.user
    for draft in drafts:
        if draft.created_by is not None and draft.created_by.is_active:
            recipients.setdefault(draft.created_by.pk, draft.created_by)
    return list(recipients.values())
