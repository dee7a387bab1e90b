from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from snitem_portal.web import run_service

from . import conf
from .selectors import notifications_of
from .services import mark_all_read, mark_read


@login_required
def notification_list(request):
    """The person's notifications, newest first (``?unread=1``: unread ones only), paginated."""
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notifications_of(request.user, unread=unread_only), conf.page_size()).get_page(
        request.GET.get("page")
    )
    return render(request, "inbox/list.html", {"page": page, "unread_only": unread_only})


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("inbox:list")


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of one's own notifications read (another person's: 404), then back to the list."""
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    run_service(request, lambda: mark_read(notification=notification, by=request.user))
    return _back(request)


@login_required
@require_POST
def notification_read_all(request):
    count = mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)s notification marquée comme lue.", "%(count)s notifications marquées comme lues.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("Aucune notification non lue."))
    return _back(request)
