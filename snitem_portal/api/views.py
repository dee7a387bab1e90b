from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from snitem_portal.services import regenerate_api_token
from snitem_portal.tokens import token_is_expired

from .serializers import MeSerializer, TokenRequestSerializer, TokenSerializer, invalid_credentials_error


class TokenView(APIView):
    """Exchange an email and password for an API token (verified accounts without 2FA).

    Failed tries count against the web login's limits (allauth's ``login_failed``: per client
    address and per account), so an account locked on the login form is locked here too. Every
    refusal gives the same answer: it never confirms that an address has an account, that a
    password is right, or that the account uses two-factor authentication.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = {"email": data.validated_data["email"], "password": data.validated_data["password"]}
        try:
            user = get_adapter(request._request).authenticate(request._request, **credentials)
        except DjangoValidationError as error:
            raise exceptions.Throttled(detail=_("Trop de tentatives de connexion. Réessayez plus tard.")) from error
        if (
            user is None
            or not user.is_active
            or not EmailAddress.objects.filter(user=user, verified=True).exists()
            or Authenticator.objects.filter(user=user).exists()
        ):
            raise invalid_credentials_error()
        token = Token.objects.filter(user=user).first()
        if token is None or token_is_expired(token):
            token = regenerate_api_token(user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class MeView(generics.RetrieveAPIView):
    """The caller's profile, company and role."""

    serializer_class = MeSerializer

    def get_object(self):
        return self.request.user
