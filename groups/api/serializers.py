from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.api.fields import WebUrlField
from snitem_portal.api.serializers import CompanyRefSerializer

from ..enums import GroupRole
from ..models import Company, Membership, WorkingGroup


class CompanySerializer(serializers.ModelSerializer):
    web_url = WebUrlField()

    class Meta:
        model = Company
        fields = ["id", "name", "siren", "web_url"]

    def validate_name(self, value: str) -> str:
        clash = Company.objects.annotate(lname=Lower("name")).filter(lname=value.lower())
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(_("Une entreprise porte déjà ce nom."))
        return value


class StaffCompanySerializer(CompanySerializer):
    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "status"]


# Working groups and memberships.


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class ChairSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    full_name = serializers.CharField(source="user.display_name")
    role = serializers.ChoiceField(choices=GroupRole.choices)


class MyMembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["id", "status", "role"]
        read_only_fields = fields


class GroupSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)
    chairs = ChairSerializer(source="chair_memberships", many=True, read_only=True)
    my_membership = serializers.SerializerMethodField()
    web_url = WebUrlField()

    class Meta:
        model = WorkingGroup
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "parent",
            "is_open",
            "member_count",
            "chairs",
            "my_membership",
            "web_url",
        ]
        read_only_fields = fields

    @extend_schema_field(MyMembershipSerializer(allow_null=True))
    def get_my_membership(self, group):
        mine = group.my_memberships[0] if group.my_memberships else None
        return self._my_membership_serializer.to_representation(mine) if mine else None

    @cached_property
    def _my_membership_serializer(self) -> MyMembershipSerializer:
        # One serializer for the whole list: a new one per group would rebuild its field map each time.
        return MyMembershipSerializer()


class MembershipSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    user = serializers.SerializerMethodField()
    company = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = [
            "id",
            "group",
            "user",
            "company",
            "role",
            "status",
            "requested_at",
            "decided_at",
            "decided_by",
            "decision_message",
        ]
        read_only_fields = fields

    @extend_schema_field(UserRefSerializer)
    def get_user(self, membership):
        return {"id": membership.user.pk, "full_name": membership.user.display_name}

    @extend_schema_field(CompanyRefSerializer(allow_null=True))
    def get_company(self, membership):
        company_pk = getattr(membership, "company_pk", None)
        if company_pk is None:
            return None
        return {"id": company_pk, "name": membership.company_name}

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_decided_by(self, membership):
        by = membership.decided_by
        return {"id": by.pk, "full_name": by.display_name} if by else None


class MembershipDecisionSerializer(serializers.Serializer):
    message = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Message facultatif adressé à la personne qui a fait la demande."),
    )


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=GroupRole.choices, help_text=_("Nouveau rôle dans le groupe."))
