from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from rest_framework import serializers

from snitem_portal.api.fields import WebUrlField

from ..models import Company


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
