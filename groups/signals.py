"""Receivers of allauth's signals."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import request_signup_affiliation


@receiver(email_confirmed, dispatch_uid="groups_request_signup_affiliation")
def request_affiliation_once_verified(sender, request, email_address, **kwargs):
    """The company chosen at signup hears of the person only once their address is verified."""
    request_signup_affiliation(user=email_address.user)
