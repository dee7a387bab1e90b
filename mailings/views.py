from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from snitem_portal.markdown import render_markdown
from snitem_portal.web import run_service

from . import conf, services
from .forms import MailingForm, SendForm
from .permissions import can_manage_mailings
from .selectors import archive_of, mailings_for_staff, recipients_of
from .tokens import read_unsubscribe_token


def _staff_only(request):
    if not can_manage_mailings(request.user):
        raise PermissionDenied


@login_required
def archive(request):
    """The sent mailings the person received (or was meant to), newest first."""
    page = Paginator(archive_of(request.user), conf.page_size()).get_page(request.GET.get("page"))
    return render(request, "mailings/archive.html", {"page": page, "can_manage": can_manage_mailings(request.user)})


@login_required
def archive_detail(request, pk: int):
    mailing = get_object_or_404(archive_of(request.user), pk=pk)
    subject, body = mailing.content_in(get_language() or "fr")
    return render(
        request, "mailings/archive_detail.html", {"mailing": mailing, "subject": subject, "body": render_markdown(body)}
    )


@login_required
def staff_list(request):
    _staff_only(request)
    page = Paginator(mailings_for_staff(request.user), conf.page_size()).get_page(request.GET.get("page"))
    return render(request, "mailings/staff_list.html", {"page": page})


@login_required
def compose(request):
    _staff_only(request)
    form = MailingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(request, lambda: services.create_mailing(by=request.user, **form.cleaned_data), form=form)
        if done.ok:
            messages.success(request, _("Brouillon enregistré : vérifiez les destinataires avant l'envoi."))
            return redirect("mailings:staff-detail", done.result.pk)
    return render(request, "mailings/compose.html", {"form": form})


def _staff_mailing(request, pk):
    _staff_only(request)
    return get_object_or_404(mailings_for_staff(request.user).prefetch_related("groups"), pk=pk)


@login_required
def staff_detail(request, pk: int, send_form=None):
    """A mailing as staff see it: content, segment, the recipients (paginated), test and send."""
    mailing = _staff_mailing(request, pk)
    recipients = recipients_of(mailing).order_by("full_name", "pk")
    page = Paginator(recipients, conf.page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "mailings/staff_detail.html",
        {
            "mailing": mailing,
            "page": page,
            "body": render_markdown(mailing.body),
            "send_form": send_form or SendForm(mailing=mailing),
        },
    )


@login_required
@require_POST
def send(request, pk: int):
    mailing = _staff_mailing(request, pk)
    form = SendForm(request.POST, mailing=mailing)
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            lambda: services.send_mailing(
                mailing=mailing, by=request.user, version=data["version"], scheduled_at=data["scheduled_at"]
            ),
            form=form,
        )
        if done.ok:
            if data["scheduled_at"]:
                messages.success(request, _("Envoi programmé."))
            else:
                messages.success(request, _("Envoi en cours : les messages partent par lots."))
            return redirect("mailings:staff-detail", mailing.pk)
    return staff_detail(request, pk, send_form=form)


@login_required
@require_POST
def send_test(request, pk: int):
    mailing = _staff_mailing(request, pk)
    if run_service(request, lambda: services.send_test(mailing=mailing, by=request.user)).ok:
        messages.success(request, _("Un message de test part vers votre adresse."))
    return redirect("mailings:staff-detail", mailing.pk)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a form; the signed token is the credential.
def unsubscribe(request, token: str):
    """Confirm (GET) or record (POST) that the person of the signed link wants no more mailings."""
    user = read_unsubscribe_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        services.unsubscribe(user=user)
        return render(request, "mailings/unsubscribed.html")
    return render(request, "mailings/unsubscribe.html")
