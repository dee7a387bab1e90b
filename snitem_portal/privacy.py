"""Personal-data rights (RGPD): the export of everything the portal holds about a person, and the
closing of their account.

Each app owns its personal data and says so in its ``privacy.py``; settings list the contributions,
so a new app adds its own without touching this module:

- ``PERSONAL_DATA_EXPORTERS``: ``<app>.privacy.export(user) -> dict``, sections of JSON-ready
  values (strings, numbers, booleans, None, lists and dicts of those; dates as ISO 8601 strings)
  keyed by a name no other app uses. Only the person's own data: never another person's name or
  address, never a secret (password hash, token key, calendar address).
- ``PERSONAL_DATA_ERASERS``: ``<app>.privacy.erase(user) -> None``, run in the order listed, all in
  one transaction. An eraser may refuse (``ValidationError`` with a message for the person) before
  it changes anything; the refusal undoes what earlier erasers did. What the person's company keeps
  (submitted positions, applications) stays, its author shown as « un ancien membre ». The users
  app's eraser comes last: it closes the account itself.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

EXPORT_FORMAT = 1


class ImproperlyConfiguredExporter(RuntimeError):
    """Two exporters give the same section name: one would hide the other's data."""


def exporters() -> list:
    return [import_string(path) for path in getattr(settings, "PERSONAL_DATA_EXPORTERS", [])]


def erasers() -> list:
    return [import_string(path) for path in getattr(settings, "PERSONAL_DATA_ERASERS", [])]


def export_personal_data(user) -> dict:
    """Everything the portal holds about ``user``, one section per contribution, as JSON-ready data."""
    data = {"format": EXPORT_FORMAT, "generated_at": timezone.now().isoformat(), "user_id": user.pk}
    for export in exporters():
        sections = export(user)
        clash = set(sections) & set(data)
        if clash:
            raise ImproperlyConfiguredExporter(f"{export.__module__} repeats sections {sorted(clash)}")
        data.update(sections)
    return data


def export_filename(user) -> str:
    return f"snitem-mes-donnees-{user.pk}-{timezone.localdate():%Y-%m-%d}.json"


@transaction.atomic
def close_account(*, user, password: str) -> None:
    """Close ``user``'s account at their request and erase or anonymise their personal data.

    Refused (``ValidationError``, nothing changed) for a wrong password, for the last active
    superuser, and by an app's eraser while the person holds a role nobody else would (the
    company's last referent, a group's last chair). Side effects: every ``PERSONAL_DATA_ERASERS``
    entry runs; the account can no longer sign in, its sessions and API token are gone, and its
    address may sign up again.
    """
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased or not user.check_password(password):
        raise ValidationError({"password": _("Mot de passe incorrect.")})
    if user.is_superuser and not User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists():
        # Nobody could manage the portal's rights any more (only a superuser names another).
        raise ValidationError(
            _("Vous êtes le seul super-administrateur : nommez-en un autre avant de fermer votre compte.")
        )
    for erase in erasers():
        erase(user)
