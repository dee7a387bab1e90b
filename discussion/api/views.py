from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import Comment
from ..permissions import can_moderate
from ..registry import thread_at, thread_for
from ..selectors import thread_comments
from .serializers import CommentCreateSerializer, CommentHideSerializer, CommentSerializer, CommentUpdateSerializer

ON = OpenApiParameter(
    "on",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=True,
    description="The commented object: `<kind>:<id or slug>`, kind among consultation, action, group, document, "
    "minutes (those installed). 400 when malformed, 404 when the caller may not see the object.",
)


@extend_schema_view(
    list=extend_schema(parameters=[ON]),
    create=extend_schema(parameters=[ON], request=CommentCreateSerializer, responses={201: CommentSerializer}),
    partial_update=extend_schema(request=CommentUpdateSerializer, responses={200: CommentSerializer}),
)
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments of one object, read by exactly who may see the object (404 otherwise): top-level comments,
    oldest first, each with its replies. Anyone who reads a thread may write in it (``COMMENTS_RATE``:
    429 past it); only the author edits or deletes (403 otherwise); the object's moderators hide."""

    serializer_class = CommentSerializer
    filterset_class = None
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]+"
    _thread = None

    def _on_thread(self):
        if self._thread is None:
            self._thread = thread_for(self.request.user, self.request.query_params.get("on"))
        return self._thread

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self._thread is not None:
            context["thread"] = self._thread
        return context

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation: no thread
            return Comment.objects.none()
        return thread_comments(self._on_thread())

    def get_object(self):
        comment = (
            Comment.objects.select_related("author", "parent")
            .prefetch_related("mentions")
            .filter(pk=self.kwargs["pk"], deleted_at__isnull=True)
            .first()
            if str(self.kwargs["pk"]).isdigit()
            else None
        )
        if comment is None:
            raise exceptions.NotFound()
        self._thread = thread_at(self.request.user, comment.kind, comment.object_id)
        return comment

    def create(self, request, *args, **kwargs):
        thread = self._on_thread()
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            comment = services.post_comment(
                thread=thread,
                by=request.user,
                body=data.validated_data["body"],
                parent_id=data.validated_data.get("parent"),
            )
        except services.CommentRateLimited as limited:
            raise exceptions.Throttled(wait=limited.wait, detail=limited.messages[0]) from None
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)

    def _own(self):
        """The caller's own comment (403 for someone else's), checked before the input is read."""
        comment = self.get_object()
        if comment.author_id != self.request.user.pk:
            raise exceptions.PermissionDenied(_("Seul l'auteur d'un commentaire peut le modifier ou le supprimer."))
        return comment

    def partial_update(self, request, *args, **kwargs):
        comment = self._own()
        data = CommentUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.edit_comment(
            thread=self._thread,
            comment=comment,
            by=request.user,
            body=data.validated_data["body"],
            version=data.validated_data.get("version"),
        )
        return Response(self.get_serializer(comment).data)

    def destroy(self, request, *args, **kwargs):
        services.delete_comment(comment=self._own(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CommentHideSerializer, responses={200: CommentSerializer})
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        """Hide a comment with a reason told to its author (the object's moderators: chairs of its group, staff)."""
        comment = self.get_object()
        if not can_moderate(request.user, self._thread):
            raise exceptions.PermissionDenied(
                _("Seuls la présidence du groupe et l'équipe du Snitem modèrent cette discussion.")
            )
        data = CommentHideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.hide_comment(
            thread=self._thread, comment=comment, by=request.user, reason=data.validated_data["reason"]
        )
        return Response(self.get_serializer(comment).data)
