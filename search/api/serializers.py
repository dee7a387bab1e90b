from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from snitem_portal.http import absolute_url

from .. import conf
from ..forms import unknown_kind_message
from ..registry import kinds


class SearchQuerySerializer(serializers.Serializer):
    """The query string: checked as any input is (no NUL characters, a bounded length, a known kind)."""

    q = serializers.CharField(
        max_length=conf.max_query_length(),
        help_text=_("Mots à chercher (recherche plein texte en français, sans tenir compte des accents)."),
        error_messages={"blank": _("Saisissez les mots à chercher."), "required": _("Saisissez les mots à chercher.")},
    )
    kind = serializers.ChoiceField(
        choices=kinds(),
        required=False,
        allow_blank=True,
        help_text=_("Un seul type de résultat (par défaut : tous)."),
        error_messages={"invalid_choice": lazy(unknown_kind_message, str)()},
    )


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteUrlField(serializers.CharField):
    def to_representation(self, value) -> str:
        return absolute_url(value)


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=kinds(), help_text=_("Type de résultat."))
    id = serializers.IntegerField(help_text=_("Identifiant de l'objet trouvé."))
    title = serializers.CharField(help_text=_("Titre, en texte brut."))
    extract = serializers.CharField(
        source="extract_html",
        help_text=_("Extrait en HTML : le texte échappé, les mots trouvés dans des éléments <mark>."),
    )
    url = AbsoluteUrlField(help_text=_("Adresse de la page de l'objet."))
