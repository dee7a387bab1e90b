"""Comment services: mentions, replies, hiding, deletion, edit history, rate limit, sanitised Markdown."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from discussion import services
from discussion.mentions import highlight
from discussion.models import Comment
from discussion.registry import thread_for
from snitem_portal.exceptions import Conflict
from snitem_portal.markdown import render_markdown
from tests.factories import member_of

pytestmark = pytest.mark.django_db


def _post(thread, by, body, **kwargs):
    return services.post_comment(thread=thread, by=by, body=body, **kwargs)


def test_mention_of_a_reader_notifies_them_and_shows_their_name(
    group_thread, member, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = _post(group_thread, member, "Qu'en penses-tu @paul.pair ?")

    assert list(comment.mentions.all()) == [colleague]
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert "Marie Membre vous a mentionné·e" in mailoutbox[0].subject
    assert "Qu'en penses-tu" in mailoutbox[0].body
    html = highlight(render_markdown(comment.body), comment.mentions.all())
    assert '<strong class="mention">@Paul Pair</strong>' in html


def test_mention_of_someone_who_cannot_read_the_thread_is_plain_text_and_not_notified(
    group_thread, member, outsider, asking, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = _post(group_thread, member, "Et toi @outsider, ou @outsider@other.example ?")

    assert list(comment.mentions.all()) == []
    assert mailoutbox == []
    html = highlight(render_markdown(comment.body), comment.mentions.all())
    assert "mention" not in html
    assert "@outsider" in html


def test_ambiguous_handle_names_nobody_and_the_full_address_names_one(
    group, group_thread, member, company, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.groups.factories import active_in

    twins = [
        member_of(company, user__email="alex@company.example", user__full_name="Alex Un"),
        member_of(company, user__email="alex@elsewhere.example", user__full_name="Alex Deux"),
    ]
    for twin in twins:
        active_in(group, twin)

    with django_capture_on_commit_callbacks(execute=True):
        vague = _post(group_thread, member, "Bonjour @alex")
        precise = _post(group_thread, member, "Bonjour @alex@elsewhere.example")

    assert list(vague.mentions.all()) == []
    assert list(precise.mentions.all()) == [twins[1]]
    assert [m.to for m in mailoutbox] == [["alex@elsewhere.example"]]


def test_reply_notifies_the_parent_author_and_a_reply_to_a_reply_joins_the_top_comment(
    group_thread, member, colleague, chair, mailoutbox, django_capture_on_commit_callbacks
):
    top = _post(group_thread, member, "Premier avis.")
    reply = _post(group_thread, colleague, "D'accord.", parent_id=top.pk)

    with django_capture_on_commit_callbacks(execute=True):
        nested = _post(group_thread, chair, "Moi aussi.", parent_id=reply.pk)

    assert reply.parent_id == top.pk
    assert nested.parent_id == top.pk
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, colleague.email])
    assert all("vous a répondu" in m.subject for m in mailoutbox)


def test_reply_is_not_told_to_a_parent_author_who_left_the_group(
    group_thread, member, colleague, seat, mailoutbox, django_capture_on_commit_callbacks
):
    top = _post(group_thread, member, "Je pars bientôt.")
    seat.status = "left"
    seat.save(update_fields=["status"])
    thread = thread_for(colleague, group_thread.on)

    with django_capture_on_commit_callbacks(execute=True):
        _post(thread, colleague, "Dommage.", parent_id=top.pk)

    assert mailoutbox == []


def test_reply_to_a_comment_of_another_thread_is_refused(group_thread, member, all_consultation):
    elsewhere = _post(thread_for(member, f"consultation:{all_consultation.pk}"), member, "Ailleurs.")

    with pytest.raises(ValidationError) as refused:
        _post(group_thread, member, "Réponse égarée.", parent_id=elsewhere.pk)

    assert "parent" in refused.value.message_dict
    assert Comment.objects.on("group", group_thread.object_id).count() == 0


def test_hide_by_the_chair_tells_the_author_with_the_reason(
    group_thread, member, chair, mailoutbox, django_capture_on_commit_callbacks
):
    comment = _post(group_thread, member, "Propos déplacé.")
    chair_thread = thread_for(chair, group_thread.on)

    with django_capture_on_commit_callbacks(execute=True):
        services.hide_comment(thread=chair_thread, comment=comment, by=chair, reason="Hors sujet")

    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_by, comment.hidden_reason) == (True, chair, "Hors sujet")
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Hors sujet" in mailoutbox[0].body


def test_hide_by_a_plain_member_is_refused_and_changes_nothing(group_thread, member, colleague, mailoutbox):
    comment = _post(group_thread, member, "Mon avis.")

    with pytest.raises(PermissionDenied):
        services.hide_comment(thread=group_thread, comment=comment, by=colleague, reason="Je n'aime pas")

    comment.refresh_from_db()
    assert comment.hidden_at is None
    assert mailoutbox == []


def test_hide_needs_a_reason(group_thread, member, staff):
    comment = _post(group_thread, member, "Mon avis.")

    with pytest.raises(ValidationError) as refused:
        services.hide_comment(thread=thread_for(staff, group_thread.on), comment=comment, by=staff, reason="  ")

    assert "reason" in refused.value.message_dict
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_delete_leaves_a_placeholder_only_while_there_are_replies(group_thread, member, colleague):
    from discussion.selectors import thread_comments

    answered = _post(group_thread, member, "Avec réponse.")
    _post(group_thread, colleague, "Réponse.", parent_id=answered.pk)
    alone = _post(group_thread, member, "Sans réponse.")

    services.delete_comment(comment=answered, by=member)
    services.delete_comment(comment=alone, by=member)

    shown = list(thread_comments(group_thread))
    assert [(c.pk, c.is_deleted, c.body) for c in shown] == [(answered.pk, True, "")]
    assert [r.body for r in shown[0].shown_replies] == ["Réponse."]


def test_only_the_author_edits_or_deletes(group_thread, member, colleague):
    comment = _post(group_thread, member, "Texte.")

    with pytest.raises(PermissionDenied):
        services.edit_comment(thread=group_thread, comment=comment, by=colleague, body="Falsifié")
    with pytest.raises(PermissionDenied):
        services.delete_comment(comment=comment, by=colleague)

    comment.refresh_from_db()
    assert (comment.body, comment.deleted_at) == ("Texte.", None)


def test_edit_keeps_the_history_and_checks_the_version(group_thread, member):
    comment = _post(group_thread, member, "Première version.")

    services.edit_comment(thread=group_thread, comment=comment, by=member, body="Deuxième version.", version=1)
    with pytest.raises(Conflict):
        services.edit_comment(thread=group_thread, comment=comment, by=member, body="Périmée.", version=1)

    comment.refresh_from_db()
    assert (comment.body, comment.version, comment.edited_at is not None) == ("Deuxième version.", 2, True)
    assert [h.body for h in comment.history.order_by("history_date")] == ["Première version.", "Deuxième version."]


def test_rate_limit_refuses_past_the_setting(group_thread, member, settings):
    settings.COMMENTS_RATE = "2/m"
    _post(group_thread, member, "Un.")
    _post(group_thread, member, "Deux.")

    with pytest.raises(services.CommentRateLimited) as limited:
        _post(group_thread, member, "Trois.")

    assert limited.value.wait >= 1
    assert "réessayez dans" in limited.value.messages[0]
    assert Comment.objects.count() == 2


def test_markdown_is_sanitised():
    html = render_markdown(
        "<script>alert(1)</script> [clic](javascript:alert(1)) <img src=x onerror=alert(1)> "
        "**gras** [site](https://snitem.fr)"
    )

    assert "<script" not in html
    assert "<img" not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>gras</strong>" in html
    assert '<a href="https://snitem.fr" rel="nofollow noopener">site</a>' in html


def test_empty_comment_is_refused(group_thread, member):
    with pytest.raises(ValidationError) as refused:
        _post(group_thread, member, "   ")

    assert "body" in refused.value.message_dict


def test_deleting_the_commented_object_deletes_its_thread(group_consultation, member, group_thread):
    thread = thread_for(member, f"consultation:{group_consultation.pk}")
    top = _post(thread, member, "Sur la consultation.")
    _post(thread, member, "Réponse.", parent_id=top.pk)
    kept = _post(group_thread, member, "Sur le groupe.")

    group_consultation.delete()

    assert list(Comment.objects.values_list("pk", flat=True)) == [kept.pk]
