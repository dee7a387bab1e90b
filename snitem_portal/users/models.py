import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    FR = "fr", _("Français")
    EN = "en", _("English")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


# How a closed account's work is attributed: on pages, in emails and in exports.
FORMER_MEMBER = _("un ancien membre")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. Email is the login; there is no username."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=200, blank=True)
    language = models.CharField(_("langue"), max_length=2, choices=Language, default=Language.FR)
    is_staff = models.BooleanField(
        _("équipe Snitem"), default=False, help_text=_("Accès à l'administration du portail.")
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    calendar_token = models.CharField(_("jeton du calendrier"), max_length=64, unique=True, default=new_calendar_token)
    # One API token per user (rest_framework.authtoken): when it last authenticated a call, shown on the token page.
    api_token_used_at = models.DateTimeField(_("jeton d'API utilisé le"), null=True, blank=True, editable=False)
    # Set when the person closed their account (snitem_portal.privacy.close_account): the row stays so
    # that the company's work keeps its author, shown as « un ancien membre »; nothing personal is left.
    erased_at = models.DateTimeField(_("compte fermé le"), null=True, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name()

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def get_full_name(self) -> str:
        if self.is_erased:
            return str(FORMER_MEMBER)
        return self.full_name or self.email

    def get_short_name(self) -> str:
        if self.is_erased:
            return str(FORMER_MEMBER)
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def display_name(self) -> str:
        """The name to show others (API): the full name, or « un ancien membre » once the account is closed."""
        return str(FORMER_MEMBER) if self.is_erased else self.full_name

    @property
    def display_email(self) -> str:
        """The address to show beside the person's work (exports): « un ancien membre » once the account is closed."""
        return str(FORMER_MEMBER) if self.is_erased else self.email
