"""The roadmap's contribution to the reminder engine: consultations closing.

Listed in the ``DEADLINE_SOURCES`` setting. Who is reminded and who sees a consultation follow the
roadmap selectors: the companies a consultation invites that have no submitted position yet.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.selectors import company_of, people_of
from reminders.enums import DeadlineKind
from reminders.registry import DeadlineSource

from .enums import PositionStatus
from .models import Consultation, Position
from .selectors import audience_companies, open_consultations_awaiting


def _targets(consultation):
    """People of invited companies with no submitted position (referents sign off the drafts)."""
    submitted = Position.objects.filter(
        consultation=consultation, company=OuterRef("pk"), status=PositionStatus.SUBMITTED
    )
    return people_of(audience_companies(consultation).filter(~Exists(submitted)))


def _awaiting(user):
    company = company_of(user)
    if company is None:
        return Consultation.objects.none()
    return open_consultations_awaiting(company)


def sources() -> list[DeadlineSource]:
    return [
        DeadlineSource(
            kind=DeadlineKind.CONSULTATION,
            model=Consultation,
            objects=lambda: Consultation.objects.select_related("action").filter(opens_at__lte=timezone.now()),
            deadline_field="closes_at",
            targets=_targets,
            for_user=_awaiting,
            action=_("Déposez la position de votre entreprise"),
            signoff=True,
        )
    ]
