from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.models import Company
from groups.selectors import active_companies
from snitem_portal.api.fields import ExplicitDateTimeField
from snitem_portal.api.serializers import CompanyRefSerializer
from snitem_portal.http import absolute_url
from snitem_portal.modelfields import LONG_TEXT

from ..enums import CallStatus, Outcome, PartnershipStatus, SubmissionStatus
from ..models import Attachment, Call, Submission
from ..permissions import can_see_decision
from ..selectors import calls_visible_to


def inline_enum(choices):
    """A choice field documented as a string pattern: drf-spectacular names enum components after the
    field ("status"), which collides between apps; a pattern keeps the values documented without it."""

    values = [value for value, _label in choices]

    @extend_schema_field({"type": "string", "pattern": f"^({'|'.join(values)})$"})
    class InlineChoiceField(serializers.CharField):
        default_error_messages = {"invalid_choice": _("« {input} » n'est pas un choix valide.")}

        def to_internal_value(self, data):
            value = super().to_internal_value(data)
            if value not in values:
                self.fail("invalid_choice", input=value)
            return value

    return InlineChoiceField


CallStatusField = inline_enum(CallStatus.choices)
SubmissionStatusField = inline_enum(SubmissionStatus.choices)


class LaureateSerializer(serializers.Serializer):
    title = serializers.CharField()
    holder = serializers.CharField(source="holder_name")
    summary = serializers.CharField()


class CallSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True)
    web_url = serializers.SerializerMethodField()
    opens_at = ExplicitDateTimeField()
    closes_at = ExplicitDateTimeField()
    status = CallStatusField(default=CallStatus.DRAFT)
    description = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=LONG_TEXT)

    class Meta:
        model = Call
        fields = [
            "id",
            "slug",
            "title",
            "funder",
            "description",
            "opens_at",
            "closes_at",
            "is_open",
            "status",
            "web_url",
        ]
        read_only_fields = ["id", "slug"]

    def get_web_url(self, call) -> str:
        return absolute_url(call.get_absolute_url())

    # Dates and status moves are checked by the services (create_call, update_call), once.


class CallDetailSerializer(CallSerializer):
    laureates = serializers.SerializerMethodField()

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "laureates"]

    @extend_schema_field(LaureateSerializer(many=True))
    def get_laureates(self, call):
        return LaureateSerializer(self.context.get("laureates", []), many=True).data


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "uploaded_at", "url"]

    def get_url(self, attachment) -> str:
        return absolute_url(attachment.get_absolute_url())


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)


class PartnerIdsField(serializers.ManyRelatedField):
    """The named partners' ids, read from the prefetched partnerships (no query of its own)."""

    def get_attribute(self, submission):
        return [partnership.company for partnership in submission.partnerships.all()]


class PartnershipSerializer(serializers.Serializer):
    """A named partner and whether it confirmed (only a confirmed partner recuses jurors)."""

    company = CompanyRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=PartnershipStatus.choices, read_only=True)


class SubmissionSerializer(serializers.ModelSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all())
    company = CompanyRefSerializer(read_only=True, allow_null=True)
    partners = PartnerIdsField(
        child_relation=serializers.PrimaryKeyRelatedField(queryset=Company.objects.all()), required=False
    )
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0)
    status = SubmissionStatusField(read_only=True)
    decision = serializers.SerializerMethodField()
    partnerships = PartnershipSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    web_url = serializers.SerializerMethodField()
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Submission
        fields = [
            "id",
            "call",
            "company",
            "title",
            "summary",
            "requested_data",
            "partners",
            "partnerships",
            "budget",
            "status",
            "version",
            "submitted_at",
            "extension_until",
            "decision",
            "attachments",
            "created_at",
            "updated_at",
            "web_url",
        ]
        read_only_fields = ["id", "status", "submitted_at", "extension_until", "created_at", "updated_at"]
        extra_kwargs = {"summary": {"required": False}, "requested_data": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "call" in fields and not fields["call"].read_only:
            fields["call"].queryset = calls_visible_to(request.user)
        if "partners" in fields:
            fields["partners"].child_relation.queryset = active_companies()
        return fields

    @extend_schema_field({"type": "string", "enum": [*Outcome.values, None], "nullable": True})
    def get_decision(self, submission):
        request = self.context.get("request")
        if submission.decision and request and can_see_decision(request.user, submission):
            return submission.decision
        return None

    def get_web_url(self, submission) -> str:
        return absolute_url(submission.get_absolute_url())


class SubmissionUpdateSerializer(SubmissionSerializer):
    version = serializers.IntegerField(required=True)

    class Meta(SubmissionSerializer.Meta):
        read_only_fields = [*SubmissionSerializer.Meta.read_only_fields, "call"]
        extra_kwargs = {
            "title": {"required": False},
            "summary": {"required": False},
            "requested_data": {"required": False},
        }


class SubmissionSubmitSerializer(serializers.Serializer):
    """The version the referent read: they sign off that text (409 if it changed since)."""

    version = serializers.IntegerField(min_value=1, required=False)


class SubmissionReopenSerializer(serializers.Serializer):
    """Optionally, the version the referent read (409 if it changed since)."""

    version = serializers.IntegerField(min_value=1, required=False)


class SubmissionDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Outcome.choices)
