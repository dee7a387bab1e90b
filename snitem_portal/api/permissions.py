from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from groups.selectors import is_member
from snitem_portal.users.permissions import is_staff


class IsMember(BasePermission):
    """Members of an active company, and staff."""

    message = _("Réservé aux membres d'une entreprise adhérente.")

    def has_permission(self, request, view) -> bool:
        return is_staff(request.user) or bool(request.user and is_member(request.user))


class IsStaffOrReadOnly(BasePermission):
    message = _("Réservé à l'équipe du Snitem.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_staff(request.user)
