"""What the groups services share: staff-only changes and refused status moves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from snitem_portal.users.permissions import is_staff


def require_staff(by) -> None:
    if not is_staff(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem peut faire ce changement."))


def refused_move(choices, current: str, status: str) -> ValidationError:
    return ValidationError(
        _("Ce statut ne passe pas de « %(current)s » à « %(status)s » ici.")
        % {"current": choices(current).label, "status": choices(status).label}
    )
