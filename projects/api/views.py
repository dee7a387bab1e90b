from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from snitem_portal.api.permissions import IsStaffOrReadOnly

from .. import services
from ..models import Submission
from ..selectors import calls_for_list, laureates_of, submission_list, submissions_visible_to
from .serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CallDetailSerializer,
    CallSerializer,
    SubmissionDecisionSerializer,
    SubmissionReopenSerializer,
    SubmissionSerializer,
    SubmissionSubmitSerializer,
    SubmissionUpdateSerializer,
)


class CallViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Calls for projects: anyone reads the published ones; staff create and update."""

    permission_classes = [IsStaffOrReadOnly]
    lookup_field = "slug_or_id"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    search_fields = ["title", "funder"]

    def get_queryset(self):
        return calls_for_list(self.request.user, now=timezone.now())

    def get_serializer_class(self):
        return CallDetailSerializer if self.action == "retrieve" else CallSerializer

    @extend_schema(parameters=[OpenApiParameter("slug_or_id", OpenApiTypes.STR, OpenApiParameter.PATH)])
    def retrieve(self, request, *args, **kwargs):
        call = self.get_object()
        serializer = self.get_serializer(
            call, context={**self.get_serializer_context(), "laureates": laureates_of(call)}
        )
        return Response(serializer.data)

    @extend_schema(parameters=[OpenApiParameter("slug_or_id", OpenApiTypes.STR, OpenApiParameter.PATH)])
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def get_object(self):
        value = self.kwargs["slug_or_id"]
        queryset = self.get_queryset()
        if value.isascii() and value.isdecimal():
            found = queryset.filter(pk=int(value)).first()
            if found is not None:
                return found
        return get_object_or_404(queryset, slug=value)

    def perform_create(self, serializer):
        serializer.instance = services.create_call(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.update_call(
            call=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class SubmissionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications: the caller's company's (drafts included); staff and jurors: submitted ones."""

    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["call", "status"]
    search_fields = ["title"]

    def get_queryset(self):
        return submission_list(submissions_visible_to(self.request.user)).order_by("-created_at", "-pk")

    def get_serializer_class(self):
        if self.action == "partial_update":
            return SubmissionUpdateSerializer
        if self.action == "attachments":
            return AttachmentUploadSerializer
        if self.action == "decide":
            return SubmissionDecisionSerializer
        if self.action == "submit":
            return SubmissionSubmitSerializer
        if self.action == "reopen":
            return SubmissionReopenSerializer
        return SubmissionSerializer

    def _answer(self, submission, code=status.HTTP_200_OK):
        fresh = submission_list(Submission.objects.all()).get(pk=submission.pk)
        return Response(SubmissionSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = SubmissionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        submission = services.create_submission(
            call=data["call"],
            by=request.user,
            title=data["title"],
            summary=data.get("summary", ""),
            requested_data=data.get("requested_data", ""),
            budget=data.get("budget"),
            partners=data.get("partners"),
        )
        return self._answer(submission, status.HTTP_201_CREATED)

    @extend_schema(request=SubmissionUpdateSerializer, responses=SubmissionSerializer)
    def partial_update(self, request, *args, **kwargs):
        submission = self.get_object()
        serializer = SubmissionUpdateSerializer(
            submission, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("call", None)
        if "version" not in data:
            raise serializers.ValidationError({"version": [_("La version lue est obligatoire pour modifier.")]})
        version = data.pop("version")
        partners = data.pop("partners", None)
        updated = services.update_submission(
            submission=submission, by=request.user, version=version, partners=partners, **data
        )
        return self._answer(updated)

    @extend_schema(request=SubmissionSubmitSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = self.get_object()
        serializer = SubmissionSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        submitted = services.submit_submission(
            submission=submission, by=request.user, version=serializer.validated_data.get("version")
        )
        return self._answer(submitted)

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        submission = services.withdraw_submission(submission=self.get_object(), by=request.user)
        return self._answer(submission)

    @extend_schema(request=SubmissionReopenSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Turn a withdrawn application back into a draft (referent), while the call is open to it."""
        submission = self.get_object()
        serializer = SubmissionReopenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reopened = services.reopen_submission(
            submission=submission, by=request.user, version=serializer.validated_data.get("version")
        )
        return self._answer(reopened)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        submission = self.get_object()
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.add_attachment(
            submission=submission, by=request.user, uploaded=serializer.validated_data["file"]
        )
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=SubmissionDecisionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        submission = self.get_object()
        serializer = SubmissionDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = services.record_decision(
            submission=submission, decision=serializer.validated_data["decision"], by=request.user
        )
        return self._answer(decided)
