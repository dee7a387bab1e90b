from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def regenerate_api_token(*, user) -> Token:
    """Replace the user's API token with a new one; the old key stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def revoke_api_token(*, user) -> None:
    Token.objects.filter(user=user).delete()
