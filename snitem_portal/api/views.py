from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from .serializers import MeSerializer, TokenRequestSerializer, TokenSerializer


class TokenView(APIView):
    """Exchange an email and password for an API token (accounts without 2FA)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(request, email=data.validated_data["email"], password=data.validated_data["password"])
        if user is None or not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise serializers.ValidationError({"detail": _("E-mail ou mot de passe incorrect.")})
        if Authenticator.objects.filter(user=user).exists():
            raise serializers.ValidationError(
                {
                    "detail": _(
                        "Ce compte est protégé par la double authentification : "
                        "créez votre jeton depuis la page « Jeton d'API » de votre compte."
                    )
                }
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class MeView(generics.RetrieveAPIView):
    """The caller's profile, company and role."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user
