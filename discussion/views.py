"""Pages of the discussions: a thread's own page, and the forms posted from any page showing a thread.

Every view loads the thread through its object's selector (not visible: 404, as the object's page),
then calls one service through ``run_service``. A refused form comes back on the thread's page with
the text typed and the errors (400, or 429 when the person posts too fast).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from snitem_portal.web import run_service

from . import services
from .forms import CommentForm, EditForm, HideForm, ReplyForm
from .models import Comment
from .permissions import can_delete_comment, can_edit_comment, can_moderate
from .presenters import Bound, thread_context
from .registry import Thread, thread_at, thread_for


def _thread(request: HttpRequest, kind: str, ref: str) -> Thread:
    try:
        return thread_for(request.user, f"{kind}:{ref}")
    except ValidationError as error:  # a malformed reference is a missing page here
        raise Http404 from error


def _comment_thread(request: HttpRequest, pk: int) -> tuple[Comment, Thread]:
    """A shown comment and its thread, when the viewer may read the thread; 404 otherwise."""
    comment = Comment.objects.select_related("author", "parent").filter(pk=pk, deleted_at__isnull=True).first()
    if comment is None:
        raise Http404
    return comment, thread_at(request.user, comment.kind, comment.object_id)


def _next(request: HttpRequest, thread: Thread) -> str:
    """The page the form was sent from (a path of this site), else the object's page."""
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        target = thread.url
    return target.split("#")[0]


def _back(request: HttpRequest, thread: Thread, anchor: str) -> HttpResponse:
    return redirect(f"{_next(request, thread)}#{anchor}")


def _again(request: HttpRequest, thread: Thread, bound: Bound, *, status: int = 400) -> HttpResponse:
    """The thread's page again, with the refused form as it was sent (its text kept) and its errors."""
    context = thread_context(request, thread, bound=bound, next_url=_next(request, thread))
    return render(request, "discussion/thread_page.html", context, status=status)


def _refused_status(error_holder: dict) -> int:
    return 429 if error_holder.get("rate_limited") else 400


@require_GET
@login_required
def thread_page(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """The whole discussion of an object, page by page."""
    return render(request, "discussion/thread_page.html", thread_context(request, _thread(request, kind, ref)))


@require_POST
@login_required
def comment_post(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    thread = _thread(request, kind, ref)
    parent = request.POST.get("parent") or None
    form = (ReplyForm if parent else CommentForm)(
        request.POST, auto_id=f"reply-{parent}-%s" if parent else "comment-new-%s"
    )
    bound = Bound(
        "reply" if parent else "new", int(parent) if str(parent).isascii() and str(parent).isdecimal() else None, form
    )
    if not form.is_valid():
        return _again(request, thread, bound)
    refusal = {}

    def post():
        try:
            return services.post_comment(
                thread=thread, by=request.user, body=form.cleaned_data["body"], parent_id=form.cleaned_data["parent"]
            )
        except services.CommentRateLimited:
            refusal["rate_limited"] = True  # shown as a form error, answered 429
            raise

    outcome = run_service(request, post, form=form)
    if not outcome.ok:
        return _again(request, thread, bound, status=_refused_status(refusal))
    messages.success(request, _("Votre commentaire est publié."))
    return _back(request, thread, f"comment-{outcome.result.pk}")


@require_POST
@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment, thread = _comment_thread(request, pk)
    if not can_edit_comment(request.user, comment):
        raise PermissionDenied(_("Seul l'auteur d'un commentaire peut le modifier."))
    form = EditForm(request.POST, auto_id=f"edit-{pk}-%s")
    bound = Bound("edit", pk, form)
    if not form.is_valid():
        return _again(request, thread, bound)
    outcome = run_service(
        request,
        lambda: services.edit_comment(
            thread=thread,
            comment=comment,
            by=request.user,
            body=form.cleaned_data["body"],
            version=form.cleaned_data["version"],
        ),
        form=form,
    )
    if not outcome.ok:
        return _again(request, thread, bound)
    messages.success(request, _("Votre commentaire est modifié."))
    return _back(request, thread, f"comment-{pk}")


@require_POST
@login_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment, thread = _comment_thread(request, pk)
    if not can_delete_comment(request.user, comment):
        raise PermissionDenied(_("Seul l'auteur d'un commentaire peut le supprimer."))
    outcome = run_service(request, lambda: services.delete_comment(comment=comment, by=request.user))
    if outcome.ok:
        messages.success(request, _("Votre commentaire est supprimé."))
    return _back(request, thread, "comments")


@require_POST
@login_required
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment, thread = _comment_thread(request, pk)
    if not can_moderate(request.user, thread):
        raise PermissionDenied(_("Seuls la présidence du groupe et l'équipe du Snitem modèrent cette discussion."))
    form = HideForm(request.POST, auto_id=f"hide-{pk}-%s")
    bound = Bound("hide", pk, form)
    if not form.is_valid():
        return _again(request, thread, bound)
    outcome = run_service(
        request,
        lambda: services.hide_comment(
            thread=thread, comment=comment, by=request.user, reason=form.cleaned_data["reason"]
        ),
        form=form,
    )
    if not outcome.ok:
        return _again(request, thread, bound)
    messages.success(request, _("Le commentaire est masqué ; son auteur en est averti."))
    return _back(request, thread, f"comment-{pk}")
