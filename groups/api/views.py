from rest_framework import mixins, viewsets

from snitem_portal.api.permissions import IsMember, IsStaffOrReadOnly

from ..selectors import companies_visible_to
from .serializers import CompanySerializer, StaffCompanySerializer


class CompanyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Member companies: active ones for members; all, with create and update, for staff."""

    permission_classes = [IsMember, IsStaffOrReadOnly]
    search_fields = ["name", "siren"]

    def get_queryset(self):
        return companies_visible_to(self.request.user).order_by("name", "pk")

    def get_serializer_class(self):
        if self.request.user.is_staff:
            return StaffCompanySerializer
        return CompanySerializer
