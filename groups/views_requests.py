"""The page of every request a user may decide: affiliations to their company (all for staff) and
join requests to the groups they chair (all for staff), fifty at a time.

The dashboard lists the first few of each and links here for the rest.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

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
