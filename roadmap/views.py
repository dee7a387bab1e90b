from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.models import Company
from groups.selectors import company_of
from snitem_portal.caching import cached_shared
from snitem_portal.users.permissions import is_staff
from snitem_portal.web import run_service

from . import exports, services
from .forms import (
    ConsultationForm,
    PositionForm,
    QuestionFormSet,
    RoadmapFilterForm,
    SubmitPositionForm,
    TimelineEntryForm,
)
from .models import Action
from .panels import action_page_panels
from .permissions import (
    can_edit_position_of,
    can_export_synthesis,
    can_follow_actions,
    can_list_consultations,
    can_manage_questions,
    can_open_some_consultation,
    can_see_company_record,
    can_submit_position,
    can_update_action,
)
from .selectors import (
    actions_list,
    company_record,
    consultation_groups_for,
    consultations_on_action,
    consultations_visible_to,
    orientations_with_progress,
    owners_of,
    roadmap_progress,
    roadmaps,
    synthesis_of,
    with_followers,
    with_my_position,
    working_answers,
)

# Roadmap --------------------------------------------------------------------------------------


def roadmap(request, slug: str | None = None):
    """The roadmap by orientation: progress bars, status badges and filters. Public.

    The same for everyone: unfiltered, its content is cached per language until the roadmap changes.
    """
    if request.GET:
        title, body = _roadmap_content(request, slug)
    else:
        title, body = cached_shared("roadmap", ["page", slug or ""], lambda: _roadmap_content(request, slug))
    return render(request, "roadmap/roadmap.html", {"title": title, "body": body})


def _roadmap_content(request, slug: str | None) -> tuple[str, str]:
    """The page's title and content (HTML) for ``request``'s filters."""
    all_roadmaps = list(roadmaps())
    if slug is None:
        if not all_roadmaps:
            return _("Feuille de route"), render_to_string("roadmap/_roadmap_body.html", {"roadmap": None}, request)
        current = all_roadmaps[0]
    else:
        current = next((r for r in all_roadmaps if r.slug == slug), None)
        if current is None:
            raise Http404
    form = RoadmapFilterForm(request.GET or None, roadmap=current, owners=owners_of(current))
    actions = (
        form.apply(actions_list().filter(roadmap=current)) if form.is_bound else actions_list().filter(roadmap=current)
    )
    by_orientation: dict[int, list] = {}
    for action in actions:
        by_orientation.setdefault(action.orientation_id, []).append(action)
    orientations = [
        (orientation, by_orientation.get(orientation.pk, [])) for orientation in orientations_with_progress(current)
    ]
    filtered = form.is_bound and form.is_valid() and any(form.cleaned_data.values())
    if filtered:
        orientations = [(o, a) for o, a in orientations if a]
    body = render_to_string(
        "roadmap/_roadmap_body.html",
        {
            "roadmap": current,
            "roadmaps": all_roadmaps,
            "progress": roadmap_progress(current),
            "orientations": orientations,
            "form": form,
            "filtered": filtered,
        },
        request,
    )
    return current.short_title, body


def action_detail(request, pk: int):
    """An action: description, timeline, followers and the consultations the user may see."""
    action = get_object_or_404(with_followers(actions_list(), request.user), pk=pk)
    timeline = list(action.timeline.select_related("author"))
    can_follow = can_follow_actions(request.user)
    return render(
        request,
        "roadmap/action_detail.html",
        {
            "action": action,
            "timeline": timeline,
            "follower_count": action.follower_count,
            "is_following": can_follow and action.is_following,
            "can_follow": can_follow,
            "consultations": consultations_on_action(request.user, action),
            "panels": action_page_panels(request, action),
            "update_form": TimelineEntryForm() if can_update_action(request.user) else None,
            "can_open_consultation": can_open_some_consultation(request.user),
        },
    )


@login_required
@require_POST
def action_follow(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    if request.POST.get("follow") == "0":
        services.unfollow_action(action=action, user=request.user)
        messages.info(request, _("Vous ne suivez plus cette action."))
    else:
        services.follow_action(action=action, user=request.user)
        messages.success(request, _("Vous suivez cette action : vous serez averti·e de ses changements de statut."))
    return redirect(action)


@login_required
@require_POST
def action_update(request, pk: int):
    action = get_object_or_404(Action, pk=pk)
    if not can_update_action(request.user):
        raise PermissionDenied
    form = TimelineEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Mise à jour invalide : %(errors)s") % {"errors": form.errors.as_text()})
    elif run_service(
        request, lambda: services.add_timeline_entry(action=action, by=request.user, **form.cleaned_data)
    ).ok:
        messages.success(request, _("La mise à jour est enregistrée."))
    return redirect(action)


# Consultations --------------------------------------------------------------------------------


@login_required
def consultation_list(request):
    if not can_list_consultations(request.user):
        raise PermissionDenied
    visible = consultations_visible_to(request.user)
    page = Paginator(with_my_position(visible, request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "roadmap/consultation_list.html",
        {
            "page": page,
            "now": timezone.now(),
            "can_open": can_open_some_consultation(request.user),
            "company": company_of(request.user),
        },
    )


@login_required
def consultation_create(request):
    if not can_open_some_consultation(request.user):
        raise PermissionDenied
    form = ConsultationForm(
        request.POST or None,
        groups=consultation_groups_for(request.user),
        allow_all=is_staff(request.user),
        initial={"action": request.GET.get("action")},
    )
    if request.method == "POST" and form.is_valid():
        opened = run_service(
            request, lambda: services.open_consultation(by=request.user, **form.cleaned_data), form=form
        )
        if opened.ok:
            messages.success(request, _("La consultation est ouverte."))
            return redirect(opened.result)
    return render(request, "roadmap/consultation_form.html", {"form": form})


def _own_position(consultation, company):
    if company is None:
        return None
    return consultation.positions.filter(company=company).select_related("updated_by", "submitted_by").first()


@login_required
def consultation_detail(request, pk: int):
    """The consultation, the company's position form and the synthesis chart."""
    consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
    company = company_of(request.user)
    position = _own_position(consultation, company)
    questions = list(consultation.questions.all())
    answers = working_answers(position) if questions else {}
    can_edit = can_edit_position_of(request.user, company) and consultation.is_open
    form = None
    if can_edit:
        initial = {**position.working_copy, "version": position.version} if position else {}
        initial |= {f"answer_{question_id}": value for question_id, value in answers.items()}
        form = PositionForm(request.POST or None, initial=initial, questions=questions)
        if request.method == "POST" and form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ("stance", "argument", "shared")}
            fields["answers"] = form.answers() if questions else None
            version = form.cleaned_data["version"]
            saved = run_service(
                request,
                lambda: (
                    services.create_position(consultation=consultation, by=request.user, **fields)
                    if version is None
                    else services.update_position(consultation=consultation, by=request.user, version=version, **fields)
                ),
                form=form,
            )
            if saved.ok:
                if saved.result.has_pending_revision:
                    messages.success(
                        request,
                        _(
                            "Révision enregistrée : la version soumise reste la réponse de votre entreprise "
                            "jusqu'à ce qu'un référent soumette la révision."
                        ),
                    )
                elif saved.result.is_submitted:
                    messages.success(request, _("La position soumise est inchangée."))
                else:
                    messages.success(request, _("La position est enregistrée (brouillon)."))
                return redirect(consultation)
    elif request.method == "POST":
        if consultation.has_closed:
            messages.error(request, _("La consultation est close : la position ne peut plus être modifiée."))
            return redirect(consultation)
        raise PermissionDenied
    return render(
        request,
        "roadmap/consultation_detail.html",
        {
            "consultation": consultation,
            "company": company,
            "position": position,
            "form": form,
            "submit_form": SubmitPositionForm(initial={"version": position.version}) if position else None,
            "can_submit": position is not None
            and consultation.is_open
            and (not position.is_submitted or position.has_pending_revision)
            and can_submit_position(request.user, position),
            "synthesis": synthesis_of(consultation, viewer=request.user, questions=questions),
            "can_export": can_export_synthesis(request.user, consultation),
            "questions": questions,
            "answers": _read_only_answers(position, questions, answers) if form is None else [],
            # Beside a pending revision in the form: the submitted answers, which still count.
            "submitted_answers": _read_only_answers(position, questions, answers) if form is not None else [],
            "can_edit_questions": can_manage_questions(request.user, consultation) and not consultation.has_closed,
        },
    )


def _read_only_answers(position, questions: list, working: dict) -> list:
    """(question, answer) pairs shown without a form: the answers that count, like the stance beside them."""
    if position is None or not questions:
        return []
    shown = working_answers(position, submitted=True) if position.has_pending_revision else working
    return [(question, shown.get(question.pk)) for question in questions]


@login_required
def consultation_questions(request, pk: int):
    """The questionnaire editor: staff and the consultation group's chairs, until the closing."""
    consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
    if not can_manage_questions(request.user, consultation):
        raise PermissionDenied
    questions = {question.pk: question for question in consultation.questions.all()}
    initial = [
        {
            "id": question.pk,
            "kind": question.kind,
            "label": question.label,
            "choices": "\n".join(question.choices),
            "required": question.required,
        }
        for question in questions.values()
    ]
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="questions")
    if request.method == "POST" and formset.is_valid():
        changes = []
        for form in formset:
            data = form.cleaned_data
            if not data or (data.get("id") is None and not form.has_changed()):
                continue
            question = questions.get(data.get("id"))
            if data.get("id") is not None and question is None:
                raise Http404
            changes.append({**data, "question": question, "delete": data.get("DELETE", False)})
        saved = run_service(
            request,
            lambda: services.save_questionnaire(consultation=consultation, by=request.user, changes=changes),
        )
        if saved.ok:
            messages.success(request, _("Le questionnaire est enregistré."))
            return redirect(consultation)
    return render(
        request,
        "roadmap/consultation_questions.html",
        {
            "consultation": consultation,
            "formset": formset,
            "answered": services.has_answers(consultation),
            "closed": consultation.has_closed,
        },
    )


@login_required
def company_positions(request, pk: int):
    """A company's record: every position it submitted, with its answers. Its members and staff."""
    company = get_object_or_404(Company, pk=pk)
    if not can_see_company_record(request.user, company):
        raise Http404
    page = Paginator(company_record(company), 20).get_page(request.GET.get("page"))
    return render(request, "roadmap/company_positions.html", {"company": company, "page": page})


@login_required
@require_POST
def position_submit(request, pk: int):
    consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
    position = _own_position(consultation, company_of(request.user))
    if position is None:
        raise Http404
    if not can_submit_position(request.user, position):
        raise PermissionDenied(_("Seul un référent de l'entreprise peut soumettre sa position."))
    form = SubmitPositionForm(request.POST)
    # Without a valid version the service refuses (after its permission check): a referent signs off
    # the version they read.
    version = form.cleaned_data["version"] if form.is_valid() else None
    if run_service(request, lambda: services.submit_position(position=position, by=request.user, version=version)).ok:
        messages.success(request, _("La position de %(company)s est soumise.") % {"company": position.company})
    return redirect(consultation)


@login_required
def synthesis_export(request, pk: int, fmt: str):
    consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
    if not can_export_synthesis(request.user, consultation):
        raise PermissionDenied
    if fmt == "xlsx":
        # One sheet per question after the synthesis sheet.
        content = exports.synthesis_databook(consultation, viewer=request.user).export("xlsx")
    else:
        content = exports.synthesis_dataset(consultation).export(fmt)
    content_types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=content_types[fmt])
    response["Content-Disposition"] = f'attachment; filename="synthese-consultation-{consultation.pk}.{fmt}"'
    return response
