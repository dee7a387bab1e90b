"""Writes of comments: post, edit, delete, hide and show again. Every one starts from a ``Thread`` the
caller may see (``registry.thread_for`` / ``thread_at``: 404 otherwise) and tells people through
``notify`` inside its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.exceptions import Conflict
from snitem_portal.locking import check_version
from snitem_portal.notifications import notify
from snitem_portal.users.permissions import is_staff

from . import conf, mentions, ratelimit
from .models import Comment
from .permissions import can_comment, can_delete_comment, can_edit_comment, can_hide_comment, can_moderate
from .registry import Thread


class CommentRateLimited(ValidationError):
    """Too many comments in a short time: a form error on pages, 429 in the API (``wait`` seconds)."""

    def __init__(self, wait: int):
        self.wait = wait
        super().__init__(
            _("Vous avez publié beaucoup de commentaires en peu de temps : réessayez dans %(wait)d secondes.")
            % {"wait": wait}
        )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Écrivez un commentaire avant de le publier.")]})
    if len(body) > conf.max_length():
        raise ValidationError(
            {
                "body": [
                    _("Un commentaire compte au plus %(limit)d caractères (celui-ci en compte %(length)d).")
                    % {"limit": conf.max_length(), "length": len(body)}
                ]
            }
        )
    return body


def _context(thread: Thread, comment: Comment) -> dict:
    return {
        "comment": comment,
        "thread_title": thread.title,
        "thread_url": f"{thread.url}#comment-{comment.pk}",
        # The commented object: the link of the in-app notification (its page).
        "subject": thread.obj,
    }


def _notify_mentions(thread: Thread, comment: Comment, people: list, *, already: set[int]) -> None:
    told = [person for person in people if person.pk not in already and person.pk != comment.author_id]
    if told:
        notify(template="discussion/email/mentioned", recipients=told, context=_context(thread, comment))


def _parent_in(thread: Thread, parent_id) -> Comment:
    """The top-level comment a reply joins: the one answered, or its own parent when it is a reply."""
    parent = (
        Comment.objects.on(thread.kind, thread.object_id).select_related("parent").filter(pk=parent_id).first()
        if isinstance(parent_id, int) or str(parent_id).isdigit()
        else None
    )
    if parent is None or parent.is_deleted:
        raise ValidationError({"parent": [_("Le commentaire auquel vous répondez n'existe pas ou plus.")]})
    if parent.is_hidden or (parent.parent is not None and parent.parent.is_hidden):
        raise ValidationError({"parent": [_("On ne répond pas à un commentaire masqué par la modération.")]})
    return parent


@transaction.atomic
def post_comment(*, thread: Thread, by, body: str, parent_id: int | None = None) -> Comment:
    """Publish ``by``'s comment on ``thread`` (a reply when ``parent_id`` names one of its comments).

    One level of replies: answering a reply attaches the new comment to that reply's top comment.
    Refused: an empty or too long text, a parent outside the thread, deleted or hidden (400); a
    thread whose object takes no comments now (409); more than ``COMMENTS_RATE`` comments (429 in
    the API). Side effects: the people mentioned who may read the thread are told
    (``discussion/email/mentioned``); the authors of the comments answered are told
    (``discussion/email/replied``) when they may still read the thread.
    """
    if not can_comment(by, thread):
        raise Conflict(_("Les commentaires sont fermés sur cette page."))
    body = _clean_body(body)
    answered = _parent_in(thread, parent_id) if parent_id not in (None, "") else None
    top = answered.parent if answered is not None and answered.parent is not None else answered
    if (wait := ratelimit.consume(by)) is not None:
        raise CommentRateLimited(wait)
    comment = Comment.objects.create(kind=thread.kind, object_id=thread.object_id, parent=top, author=by, body=body)
    mentioned = mentions.resolve(body, thread)
    comment.mentions.set(mentioned)
    _notify_mentions(thread, comment, mentioned, already=set())
    if answered is not None:
        authors = {c.author for c in (answered, top) if c.author is not None and c.author_id != by.pk}
        readers = [
            author
            for author in sorted(authors, key=lambda a: a.pk)
            if author.is_active and author.pk not in {m.pk for m in mentioned} and thread.visible_to(author)
        ]
        if readers:
            notify(template="discussion/email/replied", recipients=readers, context=_context(thread, comment))
    return comment


def _locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def edit_comment(*, thread: Thread, comment: Comment, by, body: str, version=None) -> Comment:
    """Change the text of ``by``'s own comment. ``version`` (the one read), when given, must be current (409).

    Refused: someone else's comment (403); a deleted or hidden one (409); an empty or too long text
    (400). Side effects: a history row with the previous text; people newly mentioned are told.
    """
    comment = _locked(comment)
    if comment.author_id != by.pk:
        raise PermissionDenied(_("Seul l'auteur d'un commentaire peut le modifier."))
    if not can_edit_comment(by, comment):
        raise Conflict(_("Ce commentaire a été masqué ou supprimé : il ne peut plus être modifié."))
    if version is not None:
        check_version(comment, version)
    body = _clean_body(body)
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.version += 1
    comment.save(update_fields=["body", "edited_at", "version"])
    mentioned = mentions.resolve(body, thread)
    comment.mentions.set(mentioned)
    _notify_mentions(thread, comment, mentioned, already=before)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment, by) -> None:
    """Delete ``by``'s own comment: its text is emptied; it shows as "Commentaire supprimé" while it
    has replies, and not at all otherwise. Refused: someone else's (403). Side effect: a history row
    (moderation keeps the text that was deleted, visible to staff in admin)."""
    comment = _locked(comment)
    if comment.author_id != by.pk:
        raise PermissionDenied(_("Seul l'auteur d'un commentaire peut le supprimer."))
    if not can_delete_comment(by, comment):
        raise Conflict(_("Ce commentaire est déjà supprimé."))
    comment.deleted_at = timezone.now()
    comment.body = ""
    comment.version += 1
    comment.save(update_fields=["deleted_at", "body", "version"])
    comment.mentions.clear()


@transaction.atomic
def hide_comment(*, thread: Thread, comment: Comment, by, reason: str) -> Comment:
    """Hide a comment from the thread: others read "Commentaire masqué par la modération", staff still
    read it (marked). By the object's moderators (chairs of its group, staff); 403 otherwise; a reason
    is required (400); already hidden or deleted: 409. Side effect: the author is told, with the reason
    (``discussion/email/hidden``)."""
    if not can_moderate(by, thread):
        raise PermissionDenied(_("Seuls la présidence du groupe et l'équipe du Snitem modèrent cette discussion."))
    comment = _locked(comment)
    if not can_hide_comment(by, thread, comment):
        raise Conflict(_("Ce commentaire est déjà masqué ou supprimé."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Indiquez le motif du masquage : il sera envoyé à l'auteur.")]})
    if len(reason) > 500:
        raise ValidationError({"reason": [_("Le motif compte au plus 500 caractères.")]})
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), by, reason
    comment.version += 1
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "version"])
    if comment.author is not None and comment.author.is_active and comment.author_id != by.pk:
        notify(
            template="discussion/email/hidden",
            recipients=[comment.author],
            context={**_context(thread, comment), "reason": reason},
        )
    return comment


@transaction.atomic
def unhide_comment(*, comment: Comment, by) -> Comment:
    """Show a hidden comment again (staff only, 403 otherwise). Side effect: a history row."""
    if not is_staff(by):
        raise PermissionDenied(_("Seule l'équipe du Snitem rétablit un commentaire masqué."))
    comment = _locked(comment)
    if not comment.is_hidden:
        raise Conflict(_("Ce commentaire n'est pas masqué."))
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.version += 1
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "version"])
    return comment
