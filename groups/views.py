from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from snitem_portal.http import safe_next_url
from snitem_portal.users.permissions import is_staff
from snitem_portal.web import form_error_messages, run_service

from . import services
from .calendar import meeting_calendar
from .enums import LIVE_MEMBERSHIP_STATUSES, GroupRole, MembershipStatus
from .forms import (
    AffiliationRequestForm,
    DecisionForm,
    MeetingForm,
    MemberRoleForm,
    MembershipDecisionForm,
    RoleForm,
    meeting_fields,
)
from .models import Affiliation, Company, Meeting, Membership
from .panels import meeting_page_panels
from .permissions import (
    can_change_meeting,
    can_decide_affiliation,
    can_join_groups,
    can_manage_group,
    can_schedule_meeting,
    can_see_group_private,
    can_view_company,
    is_group_lead_chair,
)
from .selectors import (
    affiliations_to_decide,
    company_memberships,
    company_people,
    company_suggested_for,
    group_members,
    group_memberships,
    group_tree,
    groups_visible_to,
    groups_with_details,
    live_affiliation,
    meetings_visible_to,
    member_affiliation,
    membership_count,
    membership_of,
    memberships_visible_to,
    upcoming_meetings,
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
            company = form.cleaned_data["company"]
            if run_service(
                request, lambda: services.request_affiliation(user=request.user, company=company), form=form
            ).ok:
                messages.success(
                    request, _("Votre demande a été envoyée aux référents de %(company)s.") % {"company": company}
                )
                return redirect("dashboard")
    else:
        suggested = company_suggested_for(request.user.email)
        form = AffiliationRequestForm(initial={"company": suggested.name if suggested else ""})
    return render(request, "groups/affiliation_request.html", {"form": form, "current": current})


@login_required
@require_POST
def affiliation_withdraw(request, pk: int):
    """The person who asked cancels their pending request (someone else's is not found)."""
    affiliation = get_object_or_404(Affiliation.objects.select_related("company").filter(user=request.user), pk=pk)
    if run_service(
        request,
        lambda: services.withdraw_affiliation_request(affiliation=affiliation, by=request.user),
        conflict_level=messages.WARNING,
    ).ok:
        messages.success(
            request,
            _("Votre demande de rattachement à %(company)s est annulée.") % {"company": affiliation.company},
        )
    return redirect(safe_next_url(request, reverse("dashboard")))


@login_required
@require_POST
def affiliation_decide(request, pk: int):
    affiliation = get_object_or_404(affiliations_to_decide(request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Décision invalide."))
        return redirect("dashboard")
    approve = form.cleaned_data["decision"] == "approve"
    if run_service(
        request,
        lambda: services.decide_affiliation(affiliation=affiliation, by=request.user, approve=approve),
        conflict_level=messages.WARNING,
    ).ok:
        if approve:
            messages.success(request, _("%(user)s est rattaché·e.") % {"user": affiliation.user})
        else:
            messages.info(request, _("La demande de %(user)s est refusée.") % {"user": affiliation.user})
    return redirect(safe_next_url(request, reverse("dashboard")))


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
    role = form.cleaned_data["role"]
    if run_service(request, lambda: services.set_company_role(affiliation=affiliation, by=request.user, role=role)).ok:
        messages.success(request, _("Le rôle de %(user)s est mis à jour.") % {"user": affiliation.user})
    return redirect(affiliation.company)


# Working groups.

MEMBERS_PER_PAGE = 50


def group_list(request):
    """The groups tree with member counts, and the user's own groups; public (visitors see the
    tree and are invited to sign in to join)."""
    groups = list(groups_with_details(request.user, chairs=False))
    for group in groups:
        group.my_membership = membership_of(request.user, group)
    my_groups = [g for g in groups if g.my_membership and g.my_membership.status in LIVE_MEMBERSHIP_STATUSES]
    return render(
        request,
        "groups/group_list.html",
        {"roots": group_tree(groups), "my_groups": my_groups, "can_join": can_join_groups(request.user)},
    )


def group_detail(request, slug: str):
    """Description and subgroups for everyone, visitors included; chairs for everyone signed in;
    members and meetings for the group's members and staff; pending requests for its chairs and staff."""
    user = request.user
    pending_count = membership_count(MembershipStatus.PENDING)
    group = get_object_or_404(groups_with_details(user).annotate(pending_count=pending_count), slug=slug)
    membership = membership_of(user, group)
    private = can_see_group_private(user, group)
    manage = can_manage_group(user, group)
    # Members and requests one page at a time (a large group has hundreds); counted with the group.
    members_page = _page(request, "page", group_members(group) if private else None, group.member_count)
    members = list(members_page)
    pending_page = _page(
        request,
        "demandes",
        group_memberships(group, status=MembershipStatus.PENDING) if manage else None,
        group.pending_count,
    )
    # Roles a manager may hand out on this page; a chair's own row is only editable by staff or a chair.
    lead = is_staff(user) or is_group_lead_chair(user, group)
    role_choices = [(value, label) for value, label in GroupRole.choices if lead or value != GroupRole.CHAIR]
    for member in members:
        member.role_editable = manage and (lead or member.role != GroupRole.CHAIR)
    subgroups = (
        groups_visible_to(user)
        .filter(parent=group)
        .annotate(member_count=membership_count())
        .order_by("position", "name", "pk")
    )
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "membership": membership,
            "is_live_member": membership is not None and membership.status in LIVE_MEMBERSHIP_STATUSES,
            "can_join": group.is_active and can_join_groups(user),
            "can_see_private": private,
            "can_manage": manage,
            "can_schedule": can_schedule_meeting(user, group),
            "members": members,
            "members_page": members_page,
            "role_choices": role_choices,
            "meetings": list(upcoming_meetings(group.meetings.all(), include_cancelled=True)) if private else [],
            "pending": list(pending_page),
            "pending_page": pending_page,
            "subgroups": list(subgroups),
            "decision_form": MembershipDecisionForm(),
        },
    )


def _page(request, param: str, rows, count: int):
    """Page ``request.GET[param]`` of ``rows`` (None: nothing to show), whose ``count`` is known already."""
    paginator = Paginator(rows if rows is not None else Membership.objects.none(), MEMBERS_PER_PAGE)
    paginator.count = count if rows is not None else 0
    return paginator.get_page(request.GET.get(param))


@login_required
@require_POST
def group_join(request, slug: str):
    group = get_object_or_404(groups_visible_to(request.user), slug=slug)
    outcome = run_service(request, lambda: services.join_group(user=request.user, group=group))
    if outcome.ok:
        membership, changed = outcome.result
        if not changed:
            messages.info(request, _("Vous êtes déjà inscrit·e à ce groupe."))
        elif membership.status == MembershipStatus.ACTIVE:
            messages.success(request, _("Bienvenue dans le groupe « %(group)s ».") % {"group": group.name})
        else:
            messages.success(
                request,
                _("Votre demande pour rejoindre « %(group)s » est transmise à sa présidence.") % {"group": group.name},
            )
    return redirect(group)


@login_required
@require_POST
def group_leave(request, slug: str):
    group = get_object_or_404(groups_visible_to(request.user), slug=slug)
    if run_service(request, lambda: services.leave_group(user=request.user, group=group)).ok:
        messages.success(request, _("Vous avez quitté le groupe « %(group)s ».") % {"group": group.name})
    return redirect(group)


@login_required
@require_POST
def membership_decide(request, pk: int):
    membership = get_object_or_404(memberships_visible_to(request.user), pk=pk)
    back = safe_next_url(request, membership.group.get_absolute_url())
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(back)
    approve = form.cleaned_data["decision"] == "approve"
    name = membership.user.get_full_name()
    if run_service(
        request,
        lambda: services.decide_membership(
            membership=membership, by=request.user, approve=approve, message=form.cleaned_data["message"]
        ),
        conflict_level=messages.WARNING,
    ).ok:
        if approve:
            messages.success(request, _("%(user)s rejoint le groupe.") % {"user": name})
        else:
            messages.info(request, _("La demande de %(user)s est refusée.") % {"user": name})
    return redirect(back)


@login_required
@require_POST
def membership_role(request, pk: int):
    """A chair (or staff) gives an active member of the group another role."""
    membership = get_object_or_404(memberships_visible_to(request.user).filter(status=MembershipStatus.ACTIVE), pk=pk)
    group = membership.group
    if not can_manage_group(request.user, group):
        raise PermissionDenied
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect(group)
    role = form.cleaned_data["role"]
    name = membership.user.get_full_name()
    if run_service(request, lambda: services.set_member_role(membership=membership, by=request.user, role=role)).ok:
        messages.success(
            request,
            _("%(user)s est désormais %(role)s.") % {"user": name, "role": GroupRole(role).label.lower()},
        )
    return redirect(group)


@login_required
def meeting_create(request, slug: str):
    group = get_object_or_404(groups_with_details(request.user), slug=slug)
    if not can_schedule_meeting(request.user, group):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scheduled = run_service(
            request,
            lambda: services.schedule_meeting(group=group, by=request.user, **meeting_fields(form.cleaned_data)),
            form=form,
        )
        if scheduled.ok:
            messages.success(request, _("La réunion est planifiée."))
            return redirect(scheduled.result)
    return render(request, "groups/meeting_form.html", {"group": group, "form": form})


def _visible_meeting(request, slug: str, pk: int):
    return get_object_or_404(meetings_visible_to(request.user), group__slug=slug, pk=pk)


@login_required
def meeting_detail(request, slug: str, pk: int):
    meeting = _visible_meeting(request, slug, pk)
    return render(
        request,
        "groups/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "can_change": can_change_meeting(request.user, meeting),
            "panels": meeting_page_panels(request, meeting),
        },
    )


@login_required
def meeting_edit(request, slug: str, pk: int):
    meeting = _visible_meeting(request, slug, pk)
    if not can_change_meeting(request.user, meeting):
        raise PermissionDenied
    # The form validates a copy: the service reloads and saves the meeting itself.
    form = MeetingForm(
        request.POST or None, instance=Meeting.objects.get(pk=meeting.pk), initial={"version": meeting.version}
    )
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        changes = meeting_fields({field: form.cleaned_data[field] for field in form.changed_data})
        if run_service(
            request,
            lambda: services.update_meeting(meeting=meeting, by=request.user, version=version, **changes),
            form=form,
        ).ok:
            messages.success(request, _("La réunion est mise à jour."))
            return redirect(meeting)
    return render(request, "groups/meeting_form.html", {"group": meeting.group, "form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_cancel(request, slug: str, pk: int):
    meeting = _visible_meeting(request, slug, pk)
    if not can_schedule_meeting(request.user, meeting.group):
        raise PermissionDenied
    if run_service(
        request, lambda: services.cancel_meeting(meeting=meeting, by=request.user), conflict_level=messages.WARNING
    ).ok:
        messages.success(request, _("La réunion est annulée ; les membres du groupe sont prévenus."))
    return redirect(meeting)


@login_required
def meeting_ics(request, slug: str, pk: int):
    meeting = _visible_meeting(request, slug, pk)
    response = HttpResponse(
        meeting_calendar(meeting, site_url=settings.SITE_URL), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@login_required
def my_company_groups(request):
    """Referents: who from my company sits in which group."""
    affiliation = member_affiliation(request.user)
    if affiliation is None or affiliation.role != "referent":
        raise PermissionDenied
    return render(
        request,
        "groups/my_company_groups.html",
        {"company": affiliation.company, "memberships": list(company_memberships(affiliation.company))},
    )
