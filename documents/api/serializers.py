from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.api.serializers import UserRefSerializer
from snitem_portal.api.fields import WebUrlField
from snitem_portal.http import absolute_url
from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT

from ..enums import Visibility
from ..models import Document, DocumentVersion


# Documented as a string pattern rather than an enum component, whose name ("Visibility…Enum")
# could collide with another app's field of the same name.
@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(Visibility.values)})$"})
class VisibilityField(serializers.ChoiceField):
    default_error_messages = {
        "invalid_choice": _("« {input} » n'est pas une visibilité connue (group, members ou public)."),
    }

    def __init__(self, **kwargs):
        super().__init__(choices=Visibility.choices, **kwargs)


class VersionSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ["number", "filename", "size", "content_type", "uploaded_at", "uploaded_by", "note"]
        read_only_fields = fields

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_uploaded_by(self, version):
        by = version.uploaded_by
        return {"id": by.pk, "full_name": by.display_name} if by else None


class DocumentSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    visibility = VisibilityField(read_only=True)
    version = VersionSerializer(source="current_version", read_only=True, allow_null=True)
    versions_count = serializers.SerializerMethodField()
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    web_url = WebUrlField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "group",
            "title",
            "description",
            "visibility",
            "meeting",
            "version",
            "versions_count",
            "source_url",
            "revision",
            "created_at",
            "updated_at",
            "web_url",
            "download_url",
        ]
        read_only_fields = fields

    def get_versions_count(self, document) -> int:
        counted = getattr(document, "versions_count", None)
        return counted if counted is not None else document.versions.count()

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_download_url(self, document):
        if document.current_version_id is None:
            return None
        return absolute_url(reverse("api-document-download", args=[document.pk]))


@extend_schema_field({"type": "integer", "nullable": True})
class MeetingField(serializers.PrimaryKeyRelatedField):
    """A meeting the document may be attached to, by id (``selectors.attachable_meetings``, given by the view)."""

    default_error_messages = {
        "does_not_exist": _(
            "Le document ne peut pas être joint à la réunion {pk_value} : choisissez une réunion du groupe, "
            "non annulée, parmi les plus récentes (ou gardez sa réunion actuelle)."
        ),
        "incorrect_type": _("La réunion est désignée par son numéro (un nombre entier)."),
    }

    def get_queryset(self):
        return self.context["meetings"]


class DocumentWordsSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True)
    visibility = VisibilityField(required=False)
    meeting = MeetingField(
        required=False,
        allow_null=True,
        help_text=_(
            "Une réunion du groupe, non annulée, parmi les 50 plus récentes ; ou la réunion à laquelle le "
            "document est déjà joint."
        ),
    )


class DocumentCreateSerializer(DocumentWordsSerializer):
    file = serializers.FileField(allow_empty_file=True, max_length=255)


class DocumentUpdateSerializer(DocumentWordsSerializer):
    title = serializers.CharField(max_length=200, required=False)
    revision = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("La révision lue : une modification faite depuis une révision plus ancienne est refusée (409)."),
    )


class VersionUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, max_length=255)
    note = serializers.CharField(max_length=SHORT_TEXT, required=False, allow_blank=True)
