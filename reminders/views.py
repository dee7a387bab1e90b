from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from snitem_portal.web import run_service

from . import conf, registry
from .calendar import calendar_for
from .enums import DeadlineKind, DeliveryMode
from .forms import PreferencesForm
from .selectors import calendar_url, is_signoff_referent, preferences_of
from .services import regenerate_calendar_token, set_notification_preferences, unsubscribe
from .tokens import read_preferences_token, read_unsubscribe_token


def _preferences_page(request, user, *, signed_token: str = ""):
    """One page for every notification choice: reminders of deadlines, then the sections other apps add
    (``PREFERENCE_SECTIONS``: the notification centre's kinds of event), saved together or not at all."""
    is_referent = is_signoff_referent(user)
    data = request.POST or None
    form = PreferencesForm(data, current=preferences_of(user), is_referent=is_referent)
    sections = [
        import_string(path)(user=user, data=data, is_referent=is_referent) for path in conf.preference_sections()
    ]
    if request.method == "POST" and all([form.is_valid(), *(section.form.is_valid() for section in sections)]):
        with transaction.atomic():
            saved = run_service(request, lambda: set_notification_preferences(user=user, modes=form.modes()), form=form)
            ok = saved.ok
            for section in sections:
                ok = run_service(request, section.save, form=section.form).ok and ok
            if not ok:
                transaction.set_rollback(True)
        if ok:
            messages.success(request, _("Vos préférences de notification sont enregistrées."))
            return redirect(request.path)
    # The feed address is a secret: shown only to the logged-in user, not behind an email link.
    feed_url = "" if signed_token else calendar_url(user)
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "sections": sections, "subject": user, "signed": bool(signed_token), "calendar_url": feed_url},
    )


@login_required
def preferences(request):
    return _preferences_page(request, request.user)


def preferences_signed(request, token: str):
    """The preferences page reached from an email's footer: the signed link stands for a login."""
    user = read_preferences_token(token)
    if user is None:
        raise Http404
    return _preferences_page(request, user, signed_token=token)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a form; the signed token is the credential.
def unsubscribe_view(request, token: str):
    """Switch off the kinds the signed link names, and nothing else (it opens no preferences page)."""
    found = read_unsubscribe_token(token)
    if found is None or any(registry.get_source(kind) is None for kind in found[1]):
        raise Http404
    user, kinds = found
    label = ", ".join(str(DeadlineKind(kind).label) for kind in kinds)
    if request.method == "POST":
        modes = unsubscribe(user=user, kinds=kinds)
        # Only a referent keeps (in the digest) what they must sign off: say so to them alone.
        labels = {
            mode: [str(DeadlineKind(kind).label) for kind in modes if modes[kind] == mode] for mode in DeliveryMode
        }
        context = {"off": ", ".join(labels[DeliveryMode.OFF]), "kept": ", ".join(labels[DeliveryMode.DIGEST])}
        return render(request, "reminders/unsubscribed.html", context)
    return render(request, "reminders/unsubscribe.html", {"label": label})


@login_required
@require_POST
def calendar_regenerate(request):
    regenerate_calendar_token(user=request.user)
    messages.success(request, _("Nouvelle adresse de calendrier créée ; l'ancienne ne fonctionne plus."))
    return redirect("reminders:preferences")


def calendar_feed(request, token: str):
    user = get_user_model().objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    response = HttpResponse(calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="snitem.ics"'
    return response
