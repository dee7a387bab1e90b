import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from snitem_portal.api.caching import SharedListMixin
from snitem_portal.api.permissions import IsMember

from .. import services
from ..enums import ActionStatus, PositionStatus
from ..models import Action, Consultation, Position
from ..permissions import can_manage_questions
from ..selectors import (
    actions_list,
    consultations_visible_to,
    orientations_with_progress,
    own_positions,
    positions_visible_to,
    synthesis_of,
    with_answers,
    with_my_position,
)
from .serializers import (
    ActionSerializer,
    ConsultationCreateSerializer,
    ConsultationSerializer,
    OrientationSerializer,
    PositionCreateSerializer,
    PositionSerializer,
    PositionSubmitSerializer,
    PositionUpdateSerializer,
    QuestionCreateSerializer,
    QuestionSerializer,
    SynthesisSerializer,
)


class OrientationFilter(django_filters.FilterSet):
    roadmap = django_filters.CharFilter(field_name="roadmap__slug", label="roadmap slug")


class OrientationViewSet(SharedListMixin, viewsets.ReadOnlyModelViewSet):
    """Orientations of the roadmaps, with their progress rolled up from their actions."""

    shared_cache_topic = "roadmap"
    permission_classes = [AllowAny]
    serializer_class = OrientationSerializer
    filterset_class = OrientationFilter
    search_fields = ["title"]

    def get_queryset(self):
        return orientations_with_progress()


class ActionFilter(django_filters.FilterSet):
    orientation = django_filters.NumberFilter(field_name="orientation_id")
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices)
    roadmap = django_filters.CharFilter(field_name="roadmap__slug", label="roadmap slug")

    class Meta:
        model = Action
        fields = ["orientation", "status", "roadmap"]


class ActionViewSet(SharedListMixin, viewsets.ReadOnlyModelViewSet):
    """Numbered actions of the roadmaps. ``?orientation=<id>``, ``?status=``, ``?search=``."""

    shared_cache_topic = "roadmap"
    permission_classes = [AllowAny]
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    search_fields = ["title", "description", "owner"]

    def get_queryset(self):
        return actions_list()


class ConsultationFilter(django_filters.FilterSet):
    action = django_filters.NumberFilter(field_name="action_id")
    group = django_filters.CharFilter(field_name="group__slug", label="group slug")

    class Meta:
        model = Consultation
        fields = ["action", "group"]


class ConsultationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Consultations the caller's company is invited to (all for staff); staff and chairs open them."""

    permission_classes = [IsMember]
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter
    search_fields = ["question", "action__title"]

    def get_queryset(self):
        visible = consultations_visible_to(self.request.user).prefetch_related("questions")
        return with_my_position(visible, self.request.user)

    @extend_schema(request=ConsultationCreateSerializer, responses={201: ConsultationSerializer})
    def create(self, request, *args, **kwargs):
        data = ConsultationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consultation = services.open_consultation(by=request.user, **data.validated_data)
        consultation = self.get_queryset().get(pk=consultation.pk)
        return Response(self.get_serializer(consultation).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: SynthesisSerializer})
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def synthesis(self, request, pk=None):
        """To members, a count below ``min_group`` companies is null (``masked``: true)."""
        consultation = self.get_object()
        return Response(SynthesisSerializer(synthesis_of(consultation, viewer=request.user)).data)

    @extend_schema(request=QuestionCreateSerializer, responses={201: QuestionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def questions(self, request, pk=None):
        """Add a question (staff and the chairs of the consultation's group), until the first answer (409 after)."""
        consultation = self.get_object()
        if not can_manage_questions(request.user, consultation):
            # Before reading the body: a member who may see the consultation is refused whatever they send.
            raise PermissionDenied(
                _("Seuls l'équipe du Snitem et la présidence du groupe consulté modifient les questions.")
            )
        data = QuestionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        question = services.add_question(consultation=consultation, by=request.user, **data.validated_data)
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)


class PositionFilter(django_filters.FilterSet):
    consultation = django_filters.NumberFilter(field_name="consultation_id")
    status = django_filters.ChoiceFilter(choices=PositionStatus.choices)

    class Meta:
        model = Position
        fields = ["consultation", "status"]


class PositionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's company's positions (drafts included) and other companies' submitted, shared ones."""

    permission_classes = [IsMember]
    serializer_class = PositionSerializer
    filterset_class = PositionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action in ("partial_update", "update", "submit"):
            # Only the company's own positions can be changed; others' are "missing" (404).
            return own_positions(self.request.user).prefetch_related("answers").order_by("pk")
        # Newest consultation first, then by company: the order of the (consultation, company) unique
        # index, read backwards, so a page stops after its rows instead of sorting every visible position.
        visible = with_answers(positions_visible_to(self.request.user))
        return visible.order_by("-consultation_id", "-company_id")

    @extend_schema(request=PositionCreateSerializer, responses={201: PositionSerializer})
    def create(self, request, *args, **kwargs):
        data = PositionCreateSerializer(data=request.data, consultations=consultations_visible_to(request.user))
        data.is_valid(raise_exception=True)
        position = services.create_position(by=request.user, **data.validated_data)
        return Response(self.get_serializer(position).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PositionUpdateSerializer, responses={200: PositionSerializer})
    def partial_update(self, request, *args, **kwargs):
        position = self.get_object()
        data = PositionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        # Fields left out keep what the company is editing: the pending revision if any.
        current = position.working_copy
        position = services.update_position(
            consultation=position.consultation,
            by=request.user,
            stance=values.get("stance", current["stance"]),
            argument=values.get("argument", current["argument"]),
            shared=values.get("shared", current["shared"]),
            version=values["version"],
            answers=values.get("answers"),
        )
        return Response(self.get_serializer(position).data)

    @extend_schema(request=PositionSubmitSerializer, responses={200: PositionSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request, pk=None):
        position = self.get_object()
        data = PositionSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        position = services.submit_position(
            position=position, by=request.user, version=data.validated_data.get("version")
        )
        return Response(self.get_serializer(position).data)
