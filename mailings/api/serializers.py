from rest_framework import serializers

from groups.enums import CompanyStatus

from ..models import Mailing, SegmentRole
from ..services import MAX_GROUPS


class SegmentSerializer(serializers.Serializer):
    # Bounded lists: at most MAX_GROUPS groups; no more roles or statuses than there are choices.
    groups = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        default=list,
        max_length=MAX_GROUPS,
    )
    include_subgroups = serializers.BooleanField(required=False, default=False)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=SegmentRole.choices),
        required=False,
        default=list,
        max_length=len(SegmentRole.choices),
    )
    all_members = serializers.BooleanField(required=False, default=False)
    company_statuses = serializers.ListField(
        child=serializers.ChoiceField(choices=CompanyStatus.choices),
        required=False,
        default=lambda: [CompanyStatus.ACTIVE],
        allow_empty=False,
        max_length=len(CompanyStatus.choices),
    )


class MailingCreateSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=50_000)
    subject_en = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    body_en = serializers.CharField(max_length=50_000, required=False, default="", allow_blank=True)
    segment = SegmentSerializer()
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class SendSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1)
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class MailingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mailing
        fields = [
            "id",
            "subject",
            "status",
            "scheduled_at",
            "recipients_count",
            "sent_count",
            "version",
            "created_at",
            "sent_at",
        ]
        read_only_fields = fields
