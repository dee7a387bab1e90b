import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from snitem_portal.api.pagination import PageNumberPagination
from snitem_portal.api.permissions import IsMember, IsStaffOrReadOnly
from snitem_portal.users.permissions import is_staff

from .. import services
from ..enums import MembershipStatus
from ..models import WorkingGroup
from ..permissions import can_manage_group
from ..selectors import companies_visible_to, group_memberships, groups_with_details, memberships_visible_to
from .serializers import (
    CompanySerializer,
    GroupSerializer,
    MemberRoleSerializer,
    MembershipDecisionSerializer,
    MembershipSerializer,
    MyMembershipSerializer,
    StaffCompanySerializer,
)


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
        if is_staff(self.request.user):
            return StaffCompanySerializer
        return CompanySerializer


class GroupFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__slug", help_text=_("Identifiant (slug) du groupe parent."))

    class Meta:
        model = WorkingGroup
        fields = ["parent"]


class GroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Working groups (active ones; archived too for staff), with the caller's own membership."""

    permission_classes = [IsMember]
    serializer_class = GroupSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_class = GroupFilter
    search_fields = ["name", "description"]

    def get_queryset(self):
        return groups_with_details(self.request.user)

    @extend_schema(request=None, responses={201: MyMembershipSerializer, 200: MyMembershipSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request, slug=None):
        """Join an open group, or request to join a moderated one.

        Repeating it returns the same membership (200 instead of 201).
        """
        membership, changed = services.join_group(user=request.user, group=self.get_object())
        return Response(
            MyMembershipSerializer(membership).data,
            status=status.HTTP_201_CREATED if changed else status.HTTP_200_OK,
        )

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def leave(self, request, slug=None):
        """Leave the group or withdraw a pending request (nothing to do is not an error)."""
        services.leave_group(user=request.user, group=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=MembershipStatus.values, description=_("Filtrer par statut."))],
        responses={200: MembershipSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=PageNumberPagination)
    def memberships(self, request, slug=None):
        """Every membership of the group: for its chairs and staff."""
        group = self.get_object()
        if not can_manage_group(request.user, group):
            raise PermissionDenied(_("Réservé à la présidence du groupe et à l'équipe du Snitem."))
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in MembershipStatus.values:
            message = _("Statut inconnu. Valeurs possibles : %(values)s.") % {
                "values": ", ".join(MembershipStatus.values)
            }
            raise ValidationError({"status": [message]})
        page = self.paginate_queryset(group_memberships(group, status=wanted))
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)


class MembershipViewSet(viewsets.GenericViewSet):
    """Decisions on join requests: chairs of the group and staff."""

    permission_classes = [IsMember]
    serializer_class = MembershipSerializer
    filter_backends = []

    def get_queryset(self):
        return memberships_visible_to(self.request.user)

    def _decide(self, request, *, approve: bool):
        data = MembershipDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.decide_membership(
            membership=self.get_object(),
            by=request.user,
            approve=approve,
            message=data.validated_data.get("message", ""),
        )
        return Response(MembershipSerializer(self.get_queryset().get(pk=membership.pk)).data)

    @extend_schema(request=MembershipDecisionSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a pending join request; a request already decided is a 409."""
        return self._decide(request, approve=True)

    @extend_schema(request=MembershipDecisionSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a pending join request; a request already decided is a 409."""
        return self._decide(request, approve=False)

    @extend_schema(request=MemberRoleSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def role(self, request, pk=None):
        """Give an active member another role: chairs of the group and staff (naming a chair: a chair or staff).

        The group always keeps at least one chair or co-chair (400 otherwise).
        """
        data = MemberRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.set_member_role(
            membership=self.get_object(), by=request.user, role=data.validated_data["role"]
        )
        return Response(MembershipSerializer(self.get_queryset().get(pk=membership.pk)).data)
