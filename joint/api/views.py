from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from roadmap.selectors import consultations_visible_to

from .. import services
from ..models import JointPosition
from ..selectors import joint_positions_visible_to
from .serializers import JointPositionSerializer, JointPositionWriteSerializer, TransitionSerializer

TRANSITIONS = {"circulate": services.circulate, "validate": services.validate, "publish": services.publish}


def _represent(joint: JointPosition) -> Response:
    joint = JointPosition.objects.prefetch_related("quotes__company").get(pk=joint.pk)
    return Response(JointPositionSerializer(joint).data)


class JointPositionView(APIView):
    """The association's joint position on a consultation (404 while the caller may not read it)."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses=JointPositionSerializer)
    def get(self, request, pk: int):
        joints = joint_positions_visible_to(request.user).prefetch_related("quotes__company")
        return Response(JointPositionSerializer(get_object_or_404(joints, consultation_id=pk)).data)

    @extend_schema(request=JointPositionWriteSerializer, responses=JointPositionSerializer)
    def put(self, request, pk: int):
        """Write or rewrite it (chairs of the consultation's group, staff), once the consultation closed."""
        consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
        serializer = JointPositionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        joint = services.save_joint_position(consultation=consultation, by=request.user, **serializer.validated_data)
        return _represent(joint)


class JointTransitionView(APIView):
    """Move the joint position on: ``circulate`` (drafters), ``validate`` and ``publish`` (staff)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    transition = ""

    @extend_schema(request=TransitionSerializer, responses=JointPositionSerializer)
    def post(self, request, pk: int):
        joint = get_object_or_404(joint_positions_visible_to(request.user), consultation_id=pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _represent(TRANSITIONS[self.transition](joint=joint, by=request.user, **serializer.validated_data))
