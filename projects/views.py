"""Pages of calls for projects. Each view: load through a selector (hidden = 404), check a predicate
(403), validate a form, call one service, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.selectors import company_of
from snitem_portal.web import form_error_messages, run_service

from . import services
from .exports import export_submissions
from .forms import (
    AttachmentForm,
    DeadlineForm,
    DecisionForm,
    ExtensionForm,
    ReviewForm,
    SubmissionForm,
    SubmitSubmissionForm,
)
from .models import Partnership, Review, Submission
from .permissions import (
    can_apply,
    can_edit_submission,
    can_manage_calls,
    can_reopen_submission,
    can_score,
    can_see_decision,
    can_submit_submission,
    can_withdraw_submission,
    is_company_member,
)
from .selectors import (
    attachments_visible_to,
    call_with_criteria,
    calls_for_list,
    calls_visible_to,
    is_juror,
    laureates_of,
    partnership_requests,
    ranking,
    submission_list,
    submissions_to_review,
    submissions_visible_to,
)
from .services.partnerships import decide_partnership


def _call_or_404(request, slug: str):
    return get_object_or_404(call_with_criteria(calls_visible_to(request.user)), slug=slug)


def _submission_or_404(request, pk: int):
    return get_object_or_404(submission_list(submissions_visible_to(request.user)), pk=pk)


def _company_submission(request, pk: int):
    """A submission for one of its company's members: hidden is 404, visible to others is 403."""
    submission = _submission_or_404(request, pk)
    if not is_company_member(request.user, submission):
        raise PermissionDenied
    return submission


def _posted_version(request) -> int | None:
    """The version the user read, as posted with the form; None when missing or invalid."""
    form = SubmitSubmissionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


def _submission_fields(data: dict) -> dict:
    """The submission form's cleaned data, as the create and update services take it."""
    fields = {name: data[name] for name in ("title", "summary", "requested_data", "budget")}
    return {**fields, "partners": list(data["partners"])}


def _require_staff(request) -> None:
    if not can_manage_calls(request.user):
        raise PermissionDenied


def call_list(request):
    now = timezone.now()
    return render(
        request, "projects/call_list.html", {"calls": list(calls_for_list(request.user, now=now)), "now": now}
    )


def call_detail(request, slug: str):
    call = _call_or_404(request, slug)
    company = company_of(request.user)
    mine = []
    if company is not None:
        mine = list(submission_list(call.submissions.filter(company=company)).order_by("-created_at"))
    return render(
        request,
        "projects/call_detail.html",
        {
            "call": call,
            "now": timezone.now(),
            "mine": mine,
            "can_apply": request.user.is_authenticated and can_apply(request.user, call),
            "is_juror": is_juror(request.user, call),
            "is_staff": can_manage_calls(request.user),
            "laureates": list(laureates_of(call)),
            "deadline_changes": list(call.deadline_changes.all()),
            "deadline_form": DeadlineForm() if can_manage_calls(request.user) else None,
        },
    )


def call_laureates(request, slug: str):
    call = _call_or_404(request, slug)
    return render(request, "projects/call_laureates.html", {"call": call, "laureates": list(laureates_of(call))})


@login_required
def my_submissions(request):
    company = company_of(request.user)
    submissions = []
    if company is not None:
        submissions = list(
            submission_list(submissions_visible_to(request.user).filter(company=company)).order_by(
                "-call__closes_at", "-created_at"
            )
        )
    return render(
        request,
        "projects/my_submissions.html",
        {"company": company, "submissions": submissions, "now": timezone.now()},
    )


@login_required
def submission_create(request, slug: str):
    call = _call_or_404(request, slug)
    company = company_of(request.user)
    if company is None:
        raise PermissionDenied
    form = SubmissionForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        fields = _submission_fields(form.cleaned_data)
        created = run_service(
            request, lambda: services.create_submission(call=call, by=request.user, **fields), form=form
        )
        if created.ok:
            messages.success(
                request,
                _("Brouillon créé. Ajoutez vos pièces jointes puis faites-le déposer par un référent."),
            )
            return redirect(created.result)
    return render(request, "projects/submission_form.html", {"call": call, "form": form, "now": timezone.now()})


@login_required
def submission_detail(request, pk: int):
    """The application: an edit form for the company while it is a draft, else a read-only view."""
    submission = _submission_or_404(request, pk)
    user = request.user
    now = timezone.now()
    open_to_company = not submission.is_past_deadline(now)
    editable = can_edit_submission(user, submission) and open_to_company
    form = None
    if editable:
        form = SubmissionForm(
            request.POST or None,
            instance=submission,
            company=submission.company,
            initial={"version": submission.version},
        )
        if request.method == "POST" and form.is_valid():
            version = form.cleaned_data["version"] or 0
            fields = _submission_fields(form.cleaned_data)
            # On a conflict too the user's text stays in the form; nothing they typed is lost.
            if run_service(
                request,
                lambda: services.update_submission(submission=submission, by=user, version=version, **fields),
                form=form,
            ).ok:
                messages.success(request, _("Brouillon enregistré."))
                return redirect(submission)
    elif request.method == "POST":
        raise PermissionDenied
    reviews = []
    if can_manage_calls(user):
        reviews = list(
            Review.objects.filter(submission=submission).select_related("juror").prefetch_related("scores__criterion")
        )
    return render(
        request,
        "projects/submission_detail.html",
        {
            "submission": submission,
            "call": submission.call,
            "form": form,
            "attachment_form": AttachmentForm() if editable else None,
            "now": now,
            "is_company": is_company_member(user, submission),
            "can_submit": can_submit_submission(user, submission) and open_to_company,
            "submit_form": SubmitSubmissionForm(initial={"version": submission.version}),
            "can_withdraw": can_withdraw_submission(user, submission) and open_to_company,
            "can_reopen": can_reopen_submission(user, submission) and open_to_company,
            "can_score": can_score(user, submission, now=now),
            "show_decision": can_see_decision(user, submission),
            "is_staff": can_manage_calls(user),
            "extension_form": ExtensionForm() if can_manage_calls(user) else None,
            "reviews": reviews,
        },
    )


def _run_versioned(request, pk: int, service, success: str):
    """Submit or reopen the company's submission at the version the user read."""
    submission = _company_submission(request, pk)
    # Without a valid version the service refuses, after its permission check.
    version = _posted_version(request)
    if run_service(request, lambda: service(submission=submission, by=request.user, version=version)).ok:
        messages.success(request, success)
    return redirect(submission)


@login_required
@require_POST
def submission_submit(request, pk: int):
    return _run_versioned(request, pk, services.submit_submission, _("Candidature déposée."))


@login_required
@require_POST
def submission_withdraw(request, pk: int):
    submission = _company_submission(request, pk)
    if run_service(request, lambda: services.withdraw_submission(submission=submission, by=request.user)).ok:
        messages.success(request, _("Candidature retirée."))
    return redirect(submission)


@login_required
@require_POST
def submission_reopen(request, pk: int):
    return _run_versioned(
        request, pk, services.reopen_submission, _("Candidature rouverte : elle est de nouveau un brouillon.")
    )


@login_required
@require_POST
def attachment_upload(request, pk: int):
    submission = _company_submission(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request,
        lambda: services.add_attachment(submission=submission, by=request.user, uploaded=form.cleaned_data["file"]),
    ).ok:
        messages.success(request, _("Pièce jointe ajoutée."))
    return redirect(submission)


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(attachments_visible_to(request.user).select_related("submission__call"), pk=pk)
    if not is_company_member(request.user, attachment.submission):
        raise PermissionDenied
    if run_service(request, lambda: services.delete_attachment(attachment=attachment, by=request.user)).ok:
        messages.success(request, _("Pièce jointe supprimée."))
    return redirect(attachment.submission)


@login_required
def attachment_download(request, pk: int):
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    try:
        # Attachments are 10 MB at most: read at once, so the file is closed before the response goes.
        with attachment.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def submission_snapshot(request, pk: int):
    submission = _submission_or_404(request, pk)
    if not submission.snapshot:
        raise Http404
    response = HttpResponse(submission.snapshot, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="candidature-{submission.pk}.html"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def call_jury(request, slug: str):
    call = _call_or_404(request, slug)
    if not is_juror(request.user, call):
        raise PermissionDenied
    return render(
        request,
        "projects/call_jury.html",
        {"call": call, "submissions": list(submissions_to_review(request.user, call))},
    )


@login_required
def submission_review(request, pk: int):
    submission = _submission_or_404(request, pk)
    if not can_score(request.user, submission):
        raise PermissionDenied
    review = Review.objects.filter(submission=submission, juror=request.user).prefetch_related("scores").first()
    criteria = list(submission.call.criteria.all())
    form = ReviewForm(request.POST or None, criteria=criteria, review=review)
    if request.method == "POST" and form.is_valid():
        scored = run_service(
            request,
            lambda: services.score_submission(
                submission=submission,
                juror=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            ),
            form=form,
        )
        if scored.ok:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("projects:call-jury", submission.call.slug)
    return render(
        request,
        "projects/submission_review.html",
        {"submission": submission, "call": submission.call, "form": form},
    )


@login_required
def call_ranking(request, slug: str):
    _require_staff(request)
    call = _call_or_404(request, slug)
    rows = ranking(call)
    return render(
        request,
        "projects/call_ranking.html",
        {
            "call": call,
            "rows": rows,
            "pending_count": sum(
                1 for row in rows if row.submission.decision and not row.submission.decision_is_published
            ),
            "undecided_count": sum(
                1 for row in rows if not row.submission.decision and not row.submission.decision_is_published
            ),
            "decisions_open": services.call_has_ended(call, timezone.now()),
            "decision_choices": DecisionForm.base_fields["decision"].choices,
        },
    )


@login_required
@require_POST
def submission_decide(request, pk: int):
    _require_staff(request)
    submission = _submission_or_404(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request,
        lambda: services.record_decision(
            submission=submission, decision=form.cleaned_data["decision"], by=request.user
        ),
    ).ok:
        messages.success(request, _("Décision enregistrée (en attente de publication)."))
    return redirect("projects:call-ranking", submission.call.slug)


@login_required
@require_POST
def call_publish(request, slug: str):
    _require_staff(request)
    call = _call_or_404(request, slug)
    published = run_service(request, lambda: services.publish_decisions(call=call, by=request.user))
    if published.ok:
        messages.success(
            request,
            _("%(count)d décision(s) publiée(s) ; les référents sont prévenus.") % {"count": len(published.result)},
        )
    return redirect("projects:call-ranking", call.slug)


@login_required
@require_POST
def call_deadline(request, slug: str):
    _require_staff(request)
    call = _call_or_404(request, slug)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(request, lambda: services.move_deadline(call=call, by=request.user, **form.cleaned_data)).ok:
        messages.success(request, _("Date limite modifiée ; les entreprises ayant un brouillon sont prévenues."))
    return redirect(call)


@login_required
@require_POST
def submission_extension(request, pk: int):
    _require_staff(request)
    # Staff may extend a draft too (the usual case: a company that missed the deadline).
    submission = get_object_or_404(submission_list(Submission.objects.all()), pk=pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    elif run_service(
        request, lambda: services.grant_extension(submission=submission, by=request.user, **form.cleaned_data)
    ).ok:
        messages.success(request, _("Prolongation accordée."))
    return redirect(submission)


@login_required
def call_export(request, slug: str, fmt: str):
    _require_staff(request)
    call = _call_or_404(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return export_submissions(call=call, fmt=fmt)


@login_required
@require_POST
def partnership_answer(request, pk: int):
    """A referent of the named company confirms or declines a partnership (from the dashboard)."""
    company = company_of(request.user)
    partnership = get_object_or_404(partnership_requests(company) if company else Partnership.objects.none(), pk=pk)
    confirm = request.POST.get("answer") == "confirm"
    if run_service(request, lambda: decide_partnership(partnership=partnership, by=request.user, confirm=confirm)).ok:
        messages.success(request, _("Partenariat confirmé.") if confirm else _("Partenariat refusé."))
    return redirect("dashboard")
