from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from groups.selectors import groups_visible_to
from snitem_portal.api.pagination import PageNumberPagination

from .. import conf, services
from ..selectors import attachable_meetings, document_with_versions, group_library, with_details
from ..views import file_response, version_of
from .serializers import (
    DocumentCreateSerializer,
    DocumentSerializer,
    DocumentUpdateSerializer,
    VersionSerializer,
    VersionUploadSerializer,
)


class ReadOrSignedIn(BasePermission):
    """Anyone reads what the selector shows them (public documents for visitors); writes take an account."""

    message = _("Connectez-vous pour modifier la bibliothèque.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class RefuseLargeUploads:
    """Refuse an upload whose announced body exceeds the largest file, before the body is read
    (``initial`` runs before authentication, which may parse the body for its CSRF check)."""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = conf.max_size()
            if length > limit + conf.MULTIPART_OVERHEAD:
                raise PayloadTooLarge(
                    _("Le fichier dépasse la taille maximale de %(limit)s Mo.")
                    % {"limit": f"{limit / (1024 * 1024):g}"}
                )
        super().initial(request, *args, **kwargs)


def _answer(document, request, code=status.HTTP_200_OK) -> Response:
    fresh = with_details(type(document).objects.filter(pk=document.pk)).get()
    return Response(DocumentSerializer(fresh, context={"request": request}).data, status=code)


class GroupDocumentsView(RefuseLargeUploads, generics.GenericAPIView):
    """A group's library: the documents the caller sees, newest first; members of the group add to it."""

    permission_classes = [ReadOrSignedIn]
    serializer_class = DocumentSerializer
    pagination_class = PageNumberPagination
    parser_classes = [MultiPartParser, FormParser]
    filter_backends = []

    def _group(self):
        return get_object_or_404(groups_visible_to(self.request.user), slug=self.kwargs["slug"])

    @extend_schema(responses=DocumentSerializer(many=True))
    def get(self, request, slug):
        page = self.paginate_queryset(group_library(request.user, self._group()))
        return self.get_paginated_response(DocumentSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        request={"multipart/form-data": DocumentCreateSerializer},
        responses={201: DocumentSerializer, 413: OpenApiResponse(description=_("Fichier trop volumineux."))},
    )
    def post(self, request, slug):
        """Add a document with its first file (multipart): the group's members; ``public`` only chairs and staff."""
        group = self._group()
        data = DocumentCreateSerializer(
            data=request.data, context={"meetings": attachable_meetings(request.user, group)}
        )
        data.is_valid(raise_exception=True)
        values = data.validated_data
        document = services.add_document(
            group=group,
            by=request.user,
            title=values["title"],
            description=values.get("description", ""),
            visibility=values.get("visibility", "group"),
            meeting=values.get("meeting"),
            uploaded=values["file"],
        )
        return _answer(document, request, status.HTTP_201_CREATED)


class DocumentViewSet(RefuseLargeUploads, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A document: read it, change its words, add a version, download a file."""

    permission_classes = [ReadOrSignedIn]
    serializer_class = DocumentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []

    def get_queryset(self):
        return document_with_versions(self.request.user)

    @extend_schema(request=DocumentUpdateSerializer, responses=DocumentSerializer)
    def partial_update(self, request, pk=None):
        """Change the title, description, visibility or meeting: the author, the group's chairs, staff."""
        document = self.get_object()
        data = DocumentUpdateSerializer(
            data=request.data,
            partial=True,
            context={"meetings": attachable_meetings(request.user, document.group, document)},
        )
        data.is_valid(raise_exception=True)
        updated = services.update_document(document=document, by=request.user, **data.validated_data)
        return _answer(updated, request)

    def get_parsers(self):
        if getattr(self, "action", None) == "versions":
            return [MultiPartParser(), FormParser()]
        if getattr(self, "action", None) == "partial_update":
            return [JSONParser(), MultiPartParser(), FormParser()]
        return super().get_parsers()

    @extend_schema(
        request={"multipart/form-data": VersionUploadSerializer},
        responses={201: VersionSerializer, 413: OpenApiResponse(description=_("Fichier trop volumineux."))},
    )
    @action(detail=True, methods=["post"])
    def versions(self, request, pk=None):
        """Upload a new version (multipart ``file`` and ``note``); earlier versions are kept."""
        document = self.get_object()
        data = VersionUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.add_version(
            document=document,
            by=request.user,
            uploaded=data.validated_data["file"],
            note=data.validated_data.get("note", ""),
        )
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "version", OpenApiTypes.INT, description=_("Numéro de la version (la dernière par défaut).")
            )
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request, pk=None):
        """The file of the latest version, or of ``?version=N``, as an attachment."""
        document = self.get_object()
        raw = request.query_params.get("version")
        if raw is not None and not (raw.isascii() and raw.isdecimal() and len(raw) <= 9):
            raise exceptions.ValidationError({"version": [_("Le numéro de version est un nombre entier.")]})
        version = version_of(document, raw)
        if version is None:
            raise Http404
        return file_response(version)
