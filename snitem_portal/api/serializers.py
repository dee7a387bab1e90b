from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groups.selectors import member_affiliation
from reminders.selectors import calendar_url

User = get_user_model()


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=4096, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class CompanyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    company = serializers.SerializerMethodField()
    company_role = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "language",
            "company",
            "company_role",
            "is_staff",
            "calendar_url",
        ]
        read_only_fields = ["id", "email", "is_staff"]

    @extend_schema_field(CompanyRefSerializer(allow_null=True))
    def get_company(self, user):
        affiliation = member_affiliation(user)
        if affiliation is None:
            return None
        return {"id": affiliation.company_id, "name": affiliation.company.name}

    @extend_schema_field(serializers.ChoiceField(choices=["member", "referent"], allow_null=True))
    def get_company_role(self, user):
        affiliation = member_affiliation(user)
        return affiliation.role if affiliation else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_calendar_url(self, user):
        return calendar_url(user)


def invalid_credentials_error():
    return serializers.ValidationError(
        {"detail": _("E-mail ou mot de passe incorrect, ou jeton à créer depuis la page « Jeton d'API » du compte.")}
    )
