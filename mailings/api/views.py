from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..selectors import mailings_for_staff
from .serializers import MailingCreateSerializer, MailingSerializer, SendSerializer


class MailingCreateView(APIView):
    """Create a mailing (staff): a draft, or scheduled with ``scheduled_at``. Others: 403."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=MailingCreateSerializer, responses={201: MailingSerializer})
    def post(self, request):
        serializer = MailingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        segment = data.pop("segment")
        mailing = services.create_mailing(
            by=request.user,
            groups=segment["groups"],
            include_subgroups=segment["include_subgroups"],
            roles=segment["roles"],
            all_members=segment["all_members"],
            company_statuses=segment["company_statuses"],
            **data,
        )
        return Response(MailingSerializer(mailing).data, status=status.HTTP_201_CREATED)


class MailingDetailView(APIView):
    """A mailing's status and counts (staff; others: 404)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MailingSerializer)
    def get(self, request, pk: int):
        return Response(MailingSerializer(get_object_or_404(mailings_for_staff(request.user), pk=pk)).data)


class MailingSendView(APIView):
    """Send now (or schedule with ``scheduled_at``) a draft or scheduled mailing; already sent: 409."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=SendSerializer, responses=MailingSerializer)
    def post(self, request, pk: int):
        mailing = get_object_or_404(mailings_for_staff(request.user), pk=pk)
        serializer = SendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data.get("version", mailing.version)
        mailing = services.send_mailing(
            mailing=mailing, by=request.user, version=version, scheduled_at=serializer.validated_data["scheduled_at"]
        )
        return Response(MailingSerializer(mailing).data)
