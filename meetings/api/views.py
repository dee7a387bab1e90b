"""The meetings API (DESIGN.md §4): meetings with their agenda, answers, attendance, minutes, action items.

Every view starts from the selectors (a meeting the caller may not see is a 404) and calls the
services; their refusals become 400 / 403 / 409 through the project's exception handler.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from snitem_portal.api.pagination import PageNumberPagination
from snitem_portal.api.permissions import IsMember
from snitem_portal.markdown import render_markdown

from .. import services
from ..models import AgendaItem, Registration
from ..permissions import can_manage_meeting, can_read_minutes
from ..selectors import (
    action_items_of,
    action_items_visible_to,
    attendance_of,
    meeting_list,
    minutes_of,
    with_registered_count,
)
from .serializers import (
    ActionItemChangeSerializer,
    ActionItemSerializer,
    AttendanceSerializer,
    MeetingQuerySerializer,
    MeetingSerializer,
    MinutesSerializer,
    MyRegistrationSerializer,
    RegistrationInputSerializer,
)


def _person(pk):
    """The user ``pk`` (None when there is none: the service says why it is refused)."""
    return get_user_model().objects.filter(pk=pk).first() if pk is not None else None


@extend_schema(
    parameters=[
        OpenApiParameter("group", str, description=_("Identifiant (slug) du groupe.")),
        OpenApiParameter("upcoming", bool, description=_("1 : réunions à venir seulement (non annulées).")),
    ]
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Meetings of the caller's groups (staff: all), with the agenda and the caller's answer."""

    permission_classes = [IsMember]
    serializer_class = MeetingSerializer
    filter_backends = []

    def get_queryset(self):
        query = MeetingQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        meetings = meeting_list(
            self.request.user, group_slug=query.validated_data.get("group"), upcoming=query.validated_data["upcoming"]
        )
        return with_registered_count(meetings).prefetch_related(
            Prefetch(
                "agenda_items", queryset=AgendaItem.objects.select_related("presenter").order_by("position", "pk")
            ),
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(user_id=self.request.user.pk),
                to_attr="my_registrations",
            ),
        )

    def _meeting(self):
        return self.get_object()

    @extend_schema(request=RegistrationInputSerializer, responses={200: MyRegistrationSerializer})
    @action(detail=True, methods=["post"])
    def registration(self, request, pk=None):
        """Answer the invitation: ``in_person``, ``remote`` or ``declined`` (a new answer replaces the last).

        400 after the answer deadline, once the meeting has begun, or in person when the room is full.
        """
        data = RegistrationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.answer_invitation(
            meeting=self._meeting(), user=request.user, response=data.validated_data["response"]
        )
        return Response(MyRegistrationSerializer(registration).data)

    @extend_schema(methods=["GET"], responses={200: AttendanceSerializer})
    @extend_schema(methods=["PUT"], request=AttendanceSerializer, responses={200: AttendanceSerializer})
    @action(detail=True, methods=["get", "put"])
    def attendance(self, request, pk=None):
        """Who was present (ids of users). PUT sets exactly that list: chairs of the group and staff,
        once the meeting has begun."""
        meeting = self._meeting()
        if request.method == "PUT":
            data = AttendanceSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.record_attendance(meeting=meeting, by=request.user, user_ids=data.validated_data["user_ids"])
        return Response({"user_ids": [row.user_id for row in attendance_of(meeting)]})

    @extend_schema(methods=["GET"], responses={200: MinutesSerializer})
    @extend_schema(methods=["PUT"], request=MinutesSerializer, responses={200: MinutesSerializer})
    @action(detail=True, methods=["get", "put"])
    def minutes(self, request, pk=None):
        """The minutes (Markdown): ``draft`` (chairs and staff) → ``circulated`` (members read them) →
        ``approved`` (frozen). PUT carries the ``version`` read (0 before the first save): a stale one is a 409."""
        meeting = self._meeting()
        minutes = minutes_of(meeting)
        # Before the first save there is nothing to read: only who may write them sees the empty draft.
        if minutes is None and not can_manage_meeting(request.user, meeting):
            raise Http404
        if minutes is not None and not can_read_minutes(request.user, minutes):
            raise Http404
        if request.method == "PUT":
            data = MinutesSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            minutes = services.save_minutes(meeting=meeting, by=request.user, **data.validated_data)
        if minutes is None:
            return Response({"text": "", "status": "draft", "version": 0, "html": ""})
        return Response(
            {
                "text": minutes.text,
                "status": minutes.status,
                "version": minutes.version,
                "html": render_markdown(minutes.text),
            }
        )

    @extend_schema(methods=["GET"], responses={200: ActionItemSerializer(many=True)})
    @extend_schema(methods=["POST"], request=ActionItemSerializer, responses={201: ActionItemSerializer})
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="action-items",
        pagination_class=PageNumberPagination,
        serializer_class=ActionItemSerializer,
    )
    def action_items(self, request, pk=None):
        """The meeting's action items; POST ``{title, owner, due_date}`` adds one (chairs and staff)."""
        meeting = self._meeting()
        if request.method == "POST":
            data = ActionItemSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            item = services.add_action_item(
                meeting=meeting,
                by=request.user,
                title=data.validated_data["title"],
                owner=_person(data.validated_data["owner_id"]),
                due_date=data.validated_data["due_date"],
            )
            item = action_items_visible_to(request.user).get(pk=item.pk)
            return Response(ActionItemSerializer(item).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(action_items_of(meeting, request.user))
        return self.get_paginated_response(ActionItemSerializer(page, many=True).data)


class ActionItemViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Action items decided in minutes: their owner marks them done; chairs and staff change them."""

    permission_classes = [IsMember]
    serializer_class = ActionItemSerializer
    filter_backends = []

    def get_queryset(self):
        return action_items_visible_to(self.request.user).order_by("due_date", "pk")

    @extend_schema(request=ActionItemChangeSerializer, responses={200: ActionItemSerializer})
    def partial_update(self, request, pk=None):
        """Change ``status`` (the owner, chairs, staff), ``due_date`` or ``owner`` (chairs and staff)."""
        item = self.get_object()
        data = ActionItemChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "owner" in changes:
            changes["owner"] = _person(changes["owner"])
        services.update_action_item(item=item, by=request.user, **changes)
        return Response(ActionItemSerializer(self.get_queryset().get(pk=item.pk)).data)
