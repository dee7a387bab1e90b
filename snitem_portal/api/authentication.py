"""Token authentication with an expiry and a last-used time (``snitem_portal.tokens``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from snitem_portal.tokens import record_token_use, token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("Jeton expiré : créez-en un nouveau depuis la page « Jeton d'API » de votre compte.")
            )
        record_token_use(user)
        return user, token
