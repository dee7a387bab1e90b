"""Pages of a meeting's workspace, under the meeting's address (``/groupes/<slug>/reunions/<pk>/…``).

Thin views: the meeting through ``meetings_visible_to`` (hidden = 404), a predicate (403), a
form, one service through ``run_service``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.selectors import meetings_visible_to
from snitem_portal.web import form_error_messages, run_service

from . import services
from .exports import attendance_sheet_xlsx
from .forms import (
    ActionItemForm,
    ActionItemStatusForm,
    AgendaFormSet,
    AttendanceForm,
    MinutesForm,
    RegistrationForm,
)
from .models import ActionItem
from .permissions import can_edit_minutes, can_manage_meeting, can_read_minutes, can_record_attendance
from .selectors import (
    action_items_of,
    agenda_of,
    attendance_candidates,
    attendance_of,
    minutes_of,
    registrations_of,
)

PAGE_SIZE = 50


def _meeting(request, slug: str, pk: int):
    return get_object_or_404(meetings_visible_to(request.user), group__slug=slug, pk=pk)


def _require_manager(request, meeting) -> None:
    if not can_manage_meeting(request.user, meeting):
        raise PermissionDenied(_("Réservé à la présidence du groupe et à l'équipe du Snitem."))


@login_required
@require_POST
def register(request, slug: str, pk: int):
    """Answer the invitation (in person, remote, declined)."""
    meeting = _meeting(request, slug, pk)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request,
        lambda: services.answer_invitation(meeting=meeting, user=request.user, response=form.cleaned_data["response"]),
    ).ok:
        messages.success(request, _("Votre réponse est enregistrée."))
    return redirect(meeting.get_absolute_url() + "#inscription")


@login_required
def agenda_edit(request, slug: str, pk: int):
    meeting = _meeting(request, slug, pk)
    _require_manager(request, meeting)
    if meeting.is_cancelled:
        raise PermissionDenied(_("Cette réunion est annulée."))
    initial = [
        {"title": item.title, "presenter_name": item.presenter_label, "action": item.action}
        for item in agenda_of(meeting)
    ]
    formset = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda")
    if request.method == "POST":
        if formset.is_valid():
            done = run_service(
                request, lambda: services.set_agenda(meeting=meeting, by=request.user, items=formset.items())
            )
            if done.ok:
                messages.success(request, _("L'ordre du jour est enregistré."))
                return redirect(meeting.get_absolute_url() + "#ordre-du-jour")
        else:
            for form in formset.forms:
                form_error_messages(request, form)
    return render(
        request, "meetings/agenda_form.html", {"meeting": meeting, "group": meeting.group, "formset": formset}
    )


@login_required
def registration_list(request, slug: str, pk: int):
    meeting = _meeting(request, slug, pk)
    _require_manager(request, meeting)
    page = Paginator(registrations_of(meeting), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "meetings/registration_list.html", {"meeting": meeting, "group": meeting.group, "page_obj": page}
    )


@login_required
def attendance_edit(request, slug: str, pk: int):
    meeting = _meeting(request, slug, pk)
    if not can_record_attendance(request.user, meeting):
        raise PermissionDenied(
            _("Les présences s'enregistrent par la présidence du groupe, une fois la réunion commencée.")
        )
    candidates = attendance_candidates(meeting)
    present = [row.user_id for row in attendance_of(meeting)]
    if not present:
        # First time: start from who said they would come.
        present = list(meeting.registrations.exclude(response="declined").values_list("user_id", flat=True))
    form = AttendanceForm(request.POST or None, candidates=candidates, initial={"present": present})
    if form.is_valid():
        ids = [user.pk for user in form.cleaned_data["present"]]
        if run_service(
            request, lambda: services.record_attendance(meeting=meeting, by=request.user, user_ids=ids), form=form
        ).ok:
            messages.success(request, _("Les présences sont enregistrées."))
            return redirect(meeting.get_absolute_url() + "#presences")
    return render(request, "meetings/attendance_form.html", {"meeting": meeting, "group": meeting.group, "form": form})


@login_required
def attendance_sheet(request, slug: str, pk: int):
    """The attendance sheet to print (print CSS hides the navigation)."""
    meeting = _meeting(request, slug, pk)
    _require_manager(request, meeting)
    return render(
        request,
        "meetings/attendance_sheet.html",
        {"meeting": meeting, "group": meeting.group, "present": attendance_of(meeting)},
    )


@login_required
def attendance_export(request, slug: str, pk: int):
    meeting = _meeting(request, slug, pk)
    _require_manager(request, meeting)
    response = HttpResponse(
        attendance_sheet_xlsx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="presences-reunion-{meeting.pk}.xlsx"'
    return response


@login_required
def minutes_page(request, slug: str, pk: int):
    """The minutes: read them (members: circulated and approved); chairs and staff write them here."""
    meeting = _meeting(request, slug, pk)
    minutes = minutes_of(meeting)
    can_edit = can_edit_minutes(request.user, meeting, minutes)
    if not can_edit and not (minutes is not None and can_read_minutes(request.user, minutes)):
        raise PermissionDenied(_("Le compte rendu de cette réunion n'est pas encore diffusé."))
    form = None
    if can_edit:
        initial = {
            "text": minutes.text if minutes else "",
            "status": minutes.status if minutes else "draft",
            "version": minutes.version if minutes else 0,
        }
        form = MinutesForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            saved = run_service(
                request,
                lambda: services.save_minutes(
                    meeting=meeting,
                    by=request.user,
                    text=data["text"],
                    status=data["status"],
                    version=data["version"],
                ),
                form=form,
            )
            if saved.ok:
                messages.success(request, _("Le compte rendu est enregistré."))
                return redirect("meetings:minutes", slug=slug, pk=pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Le compte rendu est approuvé : il ne change plus."))
    item_form = None
    if can_manage_meeting(request.user, meeting) and not meeting.is_cancelled:
        item_form = ActionItemForm(candidates=attendance_candidates(meeting), prefix="item")
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "minutes": minutes,
            "form": form,
            "item_form": item_form,
            "items": action_items_of(meeting, request.user),
        },
    )


@login_required
@require_POST
def action_item_add(request, slug: str, pk: int):
    meeting = _meeting(request, slug, pk)
    _require_manager(request, meeting)
    form = ActionItemForm(request.POST, candidates=attendance_candidates(meeting), prefix="item")
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request, lambda: services.add_action_item(meeting=meeting, by=request.user, **form.cleaned_data)
    ).ok:
        messages.success(request, _("L'action est ajoutée."))
    return redirect("meetings:minutes", slug=slug, pk=pk)


@login_required
@require_POST
def action_item_status(request, slug: str, pk: int, item: int):
    meeting = _meeting(request, slug, pk)
    found = get_object_or_404(action_items_of(meeting, request.user), pk=item)
    form = ActionItemStatusForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request, lambda: services.update_action_item(item=found, by=request.user, status=form.cleaned_data["status"])
    ).ok:
        messages.success(request, _("L'action est mise à jour."))
    return redirect(ActionItem.objects.select_related("meeting__group").get(pk=found.pk))
