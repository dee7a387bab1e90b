from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from snitem_portal.exceptions import Conflict

from . import services
from .forms import AffiliationRequestForm, DecisionForm, RoleForm
from .models import Affiliation, Company
from .permissions import can_decide_affiliation, can_view_company
from .selectors import (
    affiliations_to_decide,
    company_people,
    company_suggested_for,
    live_affiliation,
)


@login_required
def company_detail(request, pk: int):
    company = get_object_or_404(Company, pk=pk)
    if not can_view_company(request.user, company):
        raise Http404
    pending = affiliations_to_decide(request.user).filter(company=company)
    people = list(company_people(company))
    return render(
        request,
        "groups/company_detail.html",
        {
            "company": company,
            "people": people,
            "pending": pending,
            "pending_panel": {"context": {"pending": pending}},
            "can_manage": can_decide_affiliation(request.user, Affiliation(company=company)),
        },
    )


@login_required
def affiliation_request(request):
    current = live_affiliation(request.user)
    if request.method == "POST" and current is None:
        form = AffiliationRequestForm(request.POST)
        if form.is_valid():
            try:
                services.request_affiliation(user=request.user, company=form.cleaned_data["company"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Votre demande a été envoyée aux référents de %(company)s.")
                    % {"company": form.cleaned_data["company"]},
                )
                return redirect("dashboard")
    else:
        suggested = company_suggested_for(request.user.email)
        form = AffiliationRequestForm(initial={"company": suggested.pk if suggested else None})
    return render(request, "groups/affiliation_request.html", {"form": form, "current": current})


@login_required
@require_POST
def affiliation_decide(request, pk: int):
    affiliation = get_object_or_404(affiliations_to_decide(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Décision invalide."))
        return redirect("dashboard")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.decide_affiliation(affiliation=affiliation, by=request.user, approve=approve)
    except Conflict as error:
        messages.warning(request, str(error))
    else:
        if approve:
            messages.success(request, _("%(user)s est rattaché·e.") % {"user": affiliation.user})
        else:
            messages.info(request, _("La demande de %(user)s est refusée.") % {"user": affiliation.user})
    return redirect(request.POST.get("next") or "dashboard")


@login_required
@require_POST
def affiliation_role(request, pk: int):
    affiliation = get_object_or_404(Affiliation.objects.select_related("company", "user"), pk=pk)
    if not can_view_company(request.user, affiliation.company):
        raise Http404
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rôle invalide."))
        return redirect(affiliation.company)
    try:
        services.set_company_role(affiliation=affiliation, by=request.user, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le rôle de %(user)s est mis à jour.") % {"user": affiliation.user})
    return redirect(affiliation.company)
