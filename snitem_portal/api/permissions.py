from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from groups.selectors import is_member


class IsMember(BasePermission):
    """Members of an active company, and staff."""

    message = _("Réservé aux membres d'une entreprise adhérente.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_staff or is_member(user)))


class IsStaffOrReadOnly(BasePermission):
    message = _("Réservé à l'équipe du Snitem.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_staff)
