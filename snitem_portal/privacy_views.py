"""Pages of the personal-data rights: my data (export), closing the account, the privacy policy.

Wiring: the privacy page states each app's retention period (the reminder ledger's included).
"""

from email.utils import parseaddr

from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reminders.retention import ledger_retention

from .models import SiteText
from .privacy import close_account, export_filename, export_personal_data
from .sitetext import get_text
from .tokens import token_ttl
from .users.permissions import is_staff
from .users.retention import unverified_signup_retention
from .web import run_service

POLICY_KEY = "privacy"
POLICY_DEFAULT_TEMPLATE = "privacy/policy_default.txt"


class CloseAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Mot de passe"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Je comprends que la fermeture est définitive et que mes données seront effacées."),
        error_messages={"required": gettext_lazy("Cochez la case pour confirmer la fermeture du compte.")},
    )


@login_required
def my_data(request):
    """What the portal holds about the person: the download, and the way to close the account."""
    return render(request, "privacy/my_data.html")


@never_cache
@login_required
@require_GET
def export_my_data(request):
    """The JSON file of ``GET /api/v1/me/export/``, for the page's button."""
    response = JsonResponse(export_personal_data(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{export_filename(request.user)}"'
    return response


@login_required
def close_my_account(request):
    """Ask for the password and a confirmation, then close the account (``snitem_portal.privacy.close_account``)."""
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Trop de tentatives. Réessayez dans une minute."))
        else:
            password = form.cleaned_data["password"]
            if run_service(request, lambda: close_account(user=request.user, password=password), form=form).ok:
                logout(request)
                messages.success(request, _("Votre compte est fermé et vos données personnelles sont effacées."))
                return redirect("landing")
    return render(request, "privacy/close_account.html", {"form": form}, status=400 if form.errors else 200)


def retention_periods() -> dict:
    """The periods the retention jobs enforce, in days, read from the settings they read."""
    return {
        "session_days": max(1, round(settings.SESSION_COOKIE_AGE / 86400)),
        "token_days": token_ttl().days,
        "unverified_days": unverified_signup_retention().days,
        "ledger_days": ledger_retention().days,
    }


def privacy_contact() -> str:
    """Where to send a request about personal data: ``PRIVACY_CONTACT_EMAIL``, or the portal's sender."""
    return getattr(settings, "PRIVACY_CONTACT_EMAIL", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def privacy_policy(request):
    """The privacy policy: the staff's text (controller, purposes, contact), then the retention
    periods from the settings (so they stay true) and the rights with their links."""
    text = get_text(POLICY_KEY, default_template=POLICY_DEFAULT_TEMPLATE, context={"contact": privacy_contact()})
    context = {"policy_text": text, **retention_periods()}
    if is_staff(request.user):
        stored = SiteText.objects.filter(key=POLICY_KEY).values_list("pk", flat=True).first()
        context["edit_url"] = (
            reverse("admin:snitem_portal_sitetext_change", args=[stored])
            if stored
            else f"{reverse('admin:snitem_portal_sitetext_add')}?key={POLICY_KEY}"
        )
    return render(request, "privacy/policy.html", context)
