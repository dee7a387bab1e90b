from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from roadmap.selectors import consultations_visible_to
from snitem_portal.web import run_service

from . import services
from .forms import JointPositionForm
from .models import JointPosition, JointStatus
from .permissions import can_draft, can_edit, can_validate, is_closed
from .selectors import joint_positions_visible_to, quotes_of

DONE = {
    "circulate": gettext_lazy("La position commune est en relecture : les entreprises consultées en sont averties."),
    "validate": gettext_lazy("La position commune est validée."),
    "publish": gettext_lazy("La position commune est publiée sur la page de l'action."),
}
TRANSITIONS = {"circulate": services.circulate, "validate": services.validate, "publish": services.publish}


def joint_detail(request, pk: int):
    """The joint position as the caller may read it; its drafters and staff act on it here."""
    joint = get_object_or_404(joint_positions_visible_to(request.user).select_related("created_by"), consultation_id=pk)
    user = request.user
    return render(
        request,
        "joint/detail.html",
        {
            "joint": joint,
            "consultation": joint.consultation,
            "quotes": quotes_of(joint) if joint.pk else [],
            "can_edit": can_edit(user, joint),
            "can_circulate": joint.status == JointStatus.DRAFT and can_draft(user, joint.consultation),
            "can_validate": joint.status == JointStatus.CIRCULATED and can_validate(user),
            "can_publish": joint.status == JointStatus.VALIDATED and can_validate(user),
        },
    )


@login_required
def joint_edit(request, pk: int):
    """Write or rewrite the joint position of a closed consultation (chairs of its group, staff)."""
    consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
    joint = JointPosition.objects.filter(consultation=consultation).prefetch_related("quotes").first()
    if not can_draft(request.user, consultation):
        raise PermissionDenied
    if joint is not None and not can_edit(request.user, joint):  # a state, not a right: as the API's 409
        messages.info(request, _("Une position commune validée ne se modifie plus."))
        return redirect("joint:detail", pk=consultation.pk)
    if not is_closed(consultation):
        messages.info(request, _("La position commune se rédige une fois la consultation close."))
        return redirect(consultation)
    initial = (
        {"text": joint.text, "quotes": list(joint.quotes.all()), "public": joint.public, "version": joint.version}
        if joint
        else {}
    )
    form = JointPositionForm(request.POST or None, initial=initial, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            request,
            lambda: services.save_joint_position(
                consultation=consultation,
                by=request.user,
                text=data["text"],
                quotes=[position.pk for position in data["quotes"]],
                public=data["public"],
                version=data["version"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, _("La position commune est enregistrée."))
            return redirect("joint:detail", pk=consultation.pk)
    return render(request, "joint/form.html", {"form": form, "consultation": consultation, "joint": joint})


@login_required
@require_POST
def joint_transition(request, pk: int, transition: str):
    if transition not in TRANSITIONS:
        raise Http404
    joint = get_object_or_404(joint_positions_visible_to(request.user), consultation_id=pk)
    version = request.POST.get("version")
    outcome = run_service(
        request,
        lambda: TRANSITIONS[transition](
            joint=joint,
            by=request.user,
            version=int(version) if version and version.isascii() and version.isdecimal() else None,
        ),
    )
    if outcome.ok:
        messages.success(request, DONE[transition])
    return redirect("joint:detail", pk=pk)
