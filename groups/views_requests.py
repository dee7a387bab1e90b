"""The page of every request a user may decide: affiliations to their company (all for staff) and
join requests to the groups they chair (all for staff), fifty at a time; join requests can be
ticked and decided together.

The dashboard lists the first few of each and links here for the rest.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from snitem_portal.web import form_error_messages, run_service

from . import services
from .forms import BulkMembershipDecisionForm
from .permissions import can_decide_membership
from .selectors import affiliations_to_decide, memberships_to_decide

REQUESTS_PER_PAGE = 50


@login_required
def requests_to_decide(request):
    user = request.user
    affiliations = Paginator(affiliations_to_decide(user), REQUESTS_PER_PAGE).get_page(request.GET.get("rattachements"))
    memberships = Paginator(memberships_to_decide(user), REQUESTS_PER_PAGE).get_page(request.GET.get("adhesions"))
    here = reverse("groups:requests")
    return render(
        request,
        "groups/requests_to_decide.html",
        {
            "affiliations_page": affiliations,
            "affiliations_panel": {"context": {"pending": list(affiliations), "next": here}},
            "memberships_page": memberships,
            "memberships": list(memberships),
            "here": here,
        },
    )


@login_required
@require_POST
def memberships_decide_bulk(request):
    """Approve or refuse the ticked join requests, each through ``decide_membership`` (its own rules,
    history and email): one decided meanwhile says so, the others are decided. A request the person
    does not see is a 404, one they see but may not decide a 403, and then nothing is decided."""
    form = BulkMembershipDecisionForm(request.POST, user=request.user)
    back = reverse("groups:requests") + "#adhesions"
    if form.has_error("memberships", "invalid_choice"):
        raise Http404
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(back)
    if not all(can_decide_membership(request.user, m) for m in form.cleaned_data["memberships"]):
        raise PermissionDenied
    approve = form.cleaned_data["decision"] == "approve"
    decided = 0
    for membership in form.cleaned_data["memberships"]:
        outcome = run_service(
            request,
            lambda membership=membership: services.decide_membership(
                membership=membership, by=request.user, approve=approve
            ),
            conflict_level=messages.WARNING,
        )
        decided += outcome.ok
    if decided and approve:
        messages.success(
            request,
            ngettext("%(count)d demande approuvée.", "%(count)d demandes approuvées.", decided) % {"count": decided},
        )
    elif decided:
        messages.info(
            request,
            ngettext("%(count)d demande refusée.", "%(count)d demandes refusées.", decided) % {"count": decided},
        )
    return redirect(back)
