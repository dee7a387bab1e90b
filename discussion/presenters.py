"""What a thread looks like on a page: the comments of one page of it, each with its text rendered,
what the viewer may do with it and the forms to do so. Used by the ``comment_thread`` tag on the
objects' pages and by the thread's own page (where a refused form comes back with its errors)."""

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from snitem_portal.markdown import render_markdown
from snitem_portal.users.permissions import is_staff

from . import conf
from .forms import CommentForm, EditForm, HideForm, ReplyForm
from .mentions import handle_of, highlight
from .permissions import (
    can_comment,
    can_delete_comment,
    can_edit_comment,
    can_moderate,
    can_read_comment_text,
    can_read_hidden_comment,
)
from .registry import Thread
from .selectors import mentions_of, small_thread, thread_comments

PAGE_PARAM = "commentaires"
# A thread of at most this many comments and replies is read whole, in one query, and paged in memory.
SMALL_THREAD = 200


@dataclass
class Bound:
    """A form the viewer sent and the service refused: shown again, with their text and the errors."""

    action: str  # "new", "reply", "edit" or "hide"
    comment_id: int | None
    form: Form


@lru_cache(maxsize=512)
def _html_of(body: str) -> str:
    """``body`` rendered from Markdown and sanitised: a function of the text alone, so a text shown
    again (every view of a thread renders the same comments) is rendered once per process."""
    return render_markdown(body)


def _form(bound: Bound | None, action: str, comment_id: int | None, build):
    if bound is not None and bound.action == action and bound.comment_id == comment_id:
        return bound.form
    return build()


def _decorate(comment, *, viewer, moderator: bool, bound: Bound | None, mentioned: dict) -> None:
    comment.shown_hidden = can_read_hidden_comment(viewer, comment)
    if not can_read_comment_text(viewer, comment):
        comment.html = ""
    else:
        comment.html = mark_safe(highlight(_html_of(comment.body), mentioned.get(comment.pk, ())))  # noqa: S308 - sanitised
    comment.may_edit = can_edit_comment(viewer, comment)
    comment.may_delete = can_delete_comment(viewer, comment)
    comment.may_hide = moderator and not comment.is_hidden and not comment.is_deleted
    pk = comment.pk
    if comment.may_edit:
        comment.edit_form = _form(
            bound,
            "edit",
            pk,
            lambda: EditForm(auto_id=f"edit-{pk}-%s", initial={"body": comment.body, "version": comment.version}),
        )
    if comment.may_hide:
        comment.hide_form = _form(bound, "hide", pk, lambda: HideForm(auto_id=f"hide-{pk}-%s"))


def _placed(bound: Bound, comments: list, new_form: Form | None) -> bool:
    """Whether the refused form is shown on the page (under its comment, or as the new comment's)."""
    shown = [new_form]
    for comment in comments:
        for item in [comment, *comment.shown_replies]:
            shown += [getattr(item, name, None) for name in ("reply_form", "edit_form", "hide_form")]
    return any(form is bound.form for form in shown)


def _unplaced(request: HttpRequest, bound: Bound, new_form: Form | None) -> Form | None:
    """A refused form whose comment no longer takes it (hidden or deleted meanwhile, or never there): its
    errors become messages, and a reply's text comes back in the new comment's form rather than being lost."""
    for errors in bound.form.errors.values():
        for message in errors:
            messages.error(request, message)
    if bound.action == "reply" and new_form is not None:
        return CommentForm(auto_id="comment-new-%s", initial={"body": bound.form.data.get("body", "")})
    return new_form


def _page(thread: Thread, number) -> Page:
    """The page ``number`` of ``thread``'s comments (the first when missing or out of range).

    Most threads are short: read whole in one query (no count, no query for the replies); a long
    one page by page (a count, then the page's comments and their replies)."""
    size = conf.page_size()
    comments = small_thread(thread, SMALL_THREAD)
    return Paginator(thread_comments(thread, mentions=False) if comments is None else comments, size).get_page(number)


def thread_context(
    request: HttpRequest, thread: Thread, *, bound: Bound | None = None, next_url: str | None = None
) -> dict:
    """Everything ``discussion/_thread.html`` shows, for the page of the thread the request asks for.

    ``next_url``: where the forms come back to (the page showing the thread; by default the current one).
    """
    viewer = request.user
    staff = is_staff(viewer)
    moderator = can_moderate(viewer, thread)
    open_to_viewer = can_comment(viewer, thread)
    # A refused form comes back on the page of the thread it was sent from (its return address says which).
    page_number = parse_qs(urlsplit(next_url).query).get(PAGE_PARAM, [None])[0] if next_url else None
    page = _page(thread, page_number or request.GET.get(PAGE_PARAM))
    comments = list(page.object_list)
    # Whom the shown texts mention: one query for the comments and their replies.
    shown = [item for comment in comments for item in [comment, *comment.shown_replies]]
    mentioned = mentions_of([item for item in shown if can_read_comment_text(viewer, item)])
    participants = {}
    for comment in comments:
        _decorate(comment, viewer=viewer, moderator=moderator, bound=bound, mentioned=mentioned)
        if open_to_viewer and not comment.is_deleted and not comment.is_hidden:
            pk = comment.pk
            comment.reply_form = _form(
                bound, "reply", pk, lambda pk=pk: ReplyForm(auto_id=f"reply-{pk}-%s", initial={"parent": pk})
            )
        for reply in comment.shown_replies:
            _decorate(reply, viewer=viewer, moderator=moderator, bound=bound, mentioned=mentioned)
        for author in [comment.author, *(reply.author for reply in comment.shown_replies)]:
            if author is not None and author.pk != viewer.pk:
                participants[author.pk] = (handle_of(author), author.get_full_name())
    new_form = _form(bound, "new", None, lambda: CommentForm(auto_id="comment-new-%s")) if open_to_viewer else None
    if bound is not None and not _placed(bound, comments, new_form):
        new_form = _unplaced(request, bound, new_form)
    return {
        "thread": thread,
        "comments": comments,
        "page": page,
        "page_param": PAGE_PARAM,
        "can_comment": open_to_viewer,
        "is_staff": staff,
        "participants": sorted(participants.values(), key=lambda item: item[1].lower()),
        "new_form": new_form,
        "next": next_url or request.get_full_path(),
        # Links to the other pages: on the page showing the thread (a refused form comes back on another path).
        "pages_path": (next_url or request.path).split("?")[0],
    }
