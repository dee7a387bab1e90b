from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.http import absolute_url
from snitem_portal.markdown import render_markdown

from ..mentions import highlight
from ..permissions import can_read_comment_text, can_read_hidden_comment


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class CommentReplySerializer(serializers.Serializer):
    """A comment as the caller may read it: a deleted one has no author nor text; a hidden one keeps
    its text for those who may still read it (``permissions.can_read_hidden_comment``; ``hidden`` tells)."""

    id = serializers.IntegerField()
    on = serializers.SerializerMethodField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    hidden = serializers.BooleanField(source="is_hidden")
    hidden_reason = serializers.SerializerMethodField()
    deleted = serializers.BooleanField(source="is_deleted")
    web_url = serializers.SerializerMethodField()

    def _viewer(self):
        return self.context["request"].user

    def get_on(self, comment) -> str:
        return self.context["thread"].on

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, comment):
        if comment.is_deleted or comment.author is None:
            return None
        return PersonSerializer(comment.author).data

    def get_body(self, comment) -> str:
        return comment.body if can_read_comment_text(self._viewer(), comment) else ""

    def get_body_html(self, comment) -> str:
        if not can_read_comment_text(self._viewer(), comment):
            return ""
        return highlight(render_markdown(comment.body), comment.mentions.all())

    @extend_schema_field(PersonSerializer(many=True))
    def get_mentions(self, comment):
        if not can_read_comment_text(self._viewer(), comment):
            return []
        return PersonSerializer(comment.mentions.all(), many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_hidden_reason(self, comment):
        return comment.hidden_reason if can_read_hidden_comment(self._viewer(), comment) else None

    def get_web_url(self, comment) -> str:
        return absolute_url(f"{self.context['thread'].url}#comment-{comment.pk}")


class CommentSerializer(CommentReplySerializer):
    """A top-level comment with its replies (one level)."""

    replies = serializers.SerializerMethodField()

    @extend_schema_field(CommentReplySerializer(many=True))
    def get_replies(self, comment):
        replies = getattr(comment, "shown_replies", None)
        if replies is None:
            replies = comment.replies.filter(deleted_at__isnull=True).select_related("author").order_by("created_at")
        return CommentReplySerializer(replies, many=True, context=self.context).data


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000, trim_whitespace=False, allow_blank=True)
    parent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Le commentaire auquel on répond."),
    )


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000, trim_whitespace=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("La version lue (409 si périmée)."),
    )


class CommentHideSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True)
