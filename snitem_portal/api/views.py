from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from django.contrib.auth import logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from snitem_portal.privacy import close_account, export_filename, export_personal_data
from snitem_portal.services import regenerate_api_token
from snitem_portal.tokens import token_is_expired

from .serializers import (
    MeSerializer,
    PasswordSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    invalid_credentials_error,
)


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


class MeExportView(APIView):
    """Everything the portal holds about the caller, as a JSON file to download (``snitem_portal.privacy``)."""

    @extend_schema(responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="The caller's personal data.")})
    def get(self, request):
        headers = {
            "Content-Disposition": f'attachment; filename="{export_filename(request.user)}"',
            "Cache-Control": "no-store",
        }
        return Response(export_personal_data(request.user), headers=headers)


class MeDeleteView(APIView):
    """Close the caller's account and erase their personal data; the company's submitted positions and
    applications stay, attributed to a former member. 400 for a wrong password or while the caller is
    their company's last referent or a group's last chair; 429 after too many tries."""

    @extend_schema(request=PasswordSerializer, responses={204: None})
    def post(self, request):
        data = PasswordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not ratelimit.consume(request._request, action="reauthenticate", user=request.user):
            raise exceptions.Throttled(detail=_("Trop de tentatives. Réessayez dans une minute."))
        close_account(user=request.user, password=data.validated_data["password"])
        if request._request.user.is_authenticated:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
