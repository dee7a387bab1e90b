"""Threads on pages: shown to exactly who reads the object, forms that keep the text on a refusal,
denials that change nothing, and the same number of queries for 1 and 20 comments."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discussion import presenters, services
from discussion.models import Comment
from discussion.registry import thread_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GROUP_PAGE = "/groupes/evaluation/"


def _post(user, on, body, **kwargs):
    return services.post_comment(thread=thread_for(user, on), by=user, body=body, **kwargs)


def _snapshot() -> list:
    return sorted(Comment.objects.values_list("pk", "body", "hidden_at", "deleted_at", "version"))


def _post_url(kind="group", ref="evaluation") -> str:
    return reverse("discussion:comment-post", args=[kind, ref])


def test_group_page_shows_the_thread_to_members_only(client, group, member, seat, outsider, asking):
    _post(member, "group:evaluation", "Réservé au **groupe**.")

    client.force_login(member)
    seen = client.get(GROUP_PAGE).content.decode()
    client.force_login(outsider)
    unseen = client.get(GROUP_PAGE).content.decode()

    assert "Réservé au <strong>groupe</strong>." in seen
    assert 'id="comments"' in seen
    assert "Réservé au" not in unseen
    assert 'id="comments"' not in unseen


def test_consultation_and_action_pages_show_their_threads(client, group_consultation, action, member):
    _post(member, f"consultation:{group_consultation.pk}", "Sur la consultation.")
    _post(member, f"action:{action.pk}", "Sur l'action.")
    client.force_login(member)

    consultation_page = client.get(group_consultation.get_absolute_url()).content.decode()
    action_page = client.get(action.get_absolute_url()).content.decode()

    assert "Sur la consultation." in consultation_page
    assert "Sur l'action." not in consultation_page
    assert "Sur l'action." in action_page


def test_action_thread_is_the_members_and_staffs_on_its_public_page(client, action, member, staff):
    _post(member, f"action:{action.pk}", "Entre membres.")
    stranger = UserFactory(email="sans.entreprise@example.org")
    seen = {}
    for user in (member, staff, stranger):
        client.force_login(user)
        page = client.get(action.get_absolute_url())
        seen[user.email] = (page.status_code, "Entre membres." in page.content.decode())

    assert seen == {member.email: (200, True), staff.email: (200, True), stranger.email: (200, False)}


@pytest.mark.parametrize(("answer", "shown"), [("", False), ("visible=True", True), ("visible=False", False)])
def test_the_tag_asks_the_target_unless_the_page_gives_its_answer(rf, group, member, seat, outsider, answer, shown):
    """Without ``visible``, the thread's own rule decides (an outsider reads nothing); a page that
    gives its answer (by the same rule) is taken at its word."""
    _post(member, "group:evaluation", "Réservé au groupe.")
    request = rf.get(GROUP_PAGE)
    request.user = outsider
    template = Template(f"{{% load discussion %}}{{% comment_thread group {answer} %}}")

    html = template.render(Context({"request": request, "group": group}))

    assert ("Réservé au groupe." in html) is shown


def test_anonymous_visitors_of_an_action_page_see_no_thread(client, action, member):
    _post(member, f"action:{action.pk}", "Entre membres.")

    page = client.get(action.get_absolute_url()).content.decode()

    assert "Entre membres." not in page


def test_member_posts_and_replies_through_the_form(client, group, member, seat, colleague):
    top = _post(colleague, "group:evaluation", "Question ?")
    client.force_login(member)

    response = client.post(_post_url(), {"body": "Réponse.", "parent": top.pk, "next": GROUP_PAGE})

    reply = Comment.objects.get(body="Réponse.")
    assert response.status_code == 302
    assert response["Location"] == f"{GROUP_PAGE}#comment-{reply.pk}"
    assert (reply.parent_id, reply.author_id) == (top.pk, member.pk)


def test_refused_form_comes_back_with_the_text_typed(client, group, member, seat, settings):
    settings.COMMENTS_RATE = "1/m"
    client.force_login(member)
    client.post(_post_url(), {"body": "Premier."})

    response = client.post(_post_url(), {"body": "Mon long texte à ne pas perdre."})

    page = response.content.decode()
    assert response.status_code == 429
    assert "réessayez dans" in page
    assert "Mon long texte à ne pas perdre." in page
    assert Comment.objects.count() == 1


def test_empty_comment_is_a_form_error(client, group, member, seat):
    client.force_login(member)

    response = client.post(_post_url(), {"body": "   "})

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Comment.objects.count() == 0


def test_non_members_cannot_read_or_post_and_nothing_changes(client, group, member, seat, outsider, asking):
    comment = _post(member, "group:evaluation", "Entre membres.")
    before = _snapshot()
    client.force_login(outsider)

    answers = [
        client.get(reverse("discussion:thread", args=["group", "evaluation"])).status_code,
        client.post(_post_url(), {"body": "Intrusion"}).status_code,
        client.post(reverse("discussion:comment-edit", args=[comment.pk]), {"body": "x"}).status_code,
        client.post(reverse("discussion:comment-delete", args=[comment.pk])).status_code,
        client.post(reverse("discussion:comment-hide", args=[comment.pk]), {"reason": "x"}).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    assert _snapshot() == before


def test_anonymous_visitors_go_to_the_login_page(client, group, member, seat):
    comment = _post(member, "group:evaluation", "Entre membres.")
    before = _snapshot()

    answers = [
        client.get(reverse("discussion:thread", args=["group", "evaluation"])),
        client.post(_post_url(), {"body": "Anonyme"}),
        client.post(reverse("discussion:comment-hide", args=[comment.pk]), {"reason": "x"}),
    ]

    assert [(a.status_code, a["Location"].startswith("/compte/login/")) for a in answers] == [(302, True)] * 3
    assert _snapshot() == before


def test_members_may_not_edit_others_or_hide(client, group, member, seat, colleague):
    comment = _post(member, "group:evaluation", "Mon texte.")
    before = _snapshot()
    client.force_login(colleague)

    edited = client.post(reverse("discussion:comment-edit", args=[comment.pk]), {"body": "Falsifié"})
    deleted = client.post(reverse("discussion:comment-delete", args=[comment.pk]))
    hidden = client.post(reverse("discussion:comment-hide", args=[comment.pk]), {"reason": "Non"})

    assert (edited.status_code, deleted.status_code, hidden.status_code) == (403, 403, 403)
    assert _snapshot() == before


def test_chair_hides_with_a_reason_and_members_read_the_placeholder(
    client, group, member, seat, chair, colleague, staff
):
    comment = _post(member, "group:evaluation", "Propos déplacé.")
    client.force_login(chair)

    client.post(reverse("discussion:comment-hide", args=[comment.pk]), {"reason": "Hors sujet", "next": GROUP_PAGE})

    client.force_login(colleague)
    member_view = client.get(GROUP_PAGE).content.decode()
    client.force_login(staff)
    staff_view = client.get(GROUP_PAGE).content.decode()
    assert "Commentaire masqué par la modération" in member_view
    assert "Propos déplacé." not in member_view
    assert "Propos déplacé." in staff_view
    assert "Hors sujet" in staff_view


def test_author_edits_and_deletes_own_comment(client, group, member, seat):
    comment = _post(member, "group:evaluation", "Avant.")
    client.force_login(member)

    client.post(reverse("discussion:comment-edit", args=[comment.pk]), {"body": "Après.", "version": 1})
    edited = Comment.objects.get(pk=comment.pk)
    client.post(reverse("discussion:comment-delete", args=[comment.pk]))

    assert (edited.body, edited.version) == ("Après.", 2)
    assert Comment.objects.get(pk=comment.pk).is_deleted
    assert "Après." not in client.get(GROUP_PAGE).content.decode()


def _queries(client, url) -> tuple[int, str]:
    """The queries of ``url`` once the per-process and cross-request caches are warm (a first request
    fills them; the writes before it may have renewed their stamps)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return len(queries), page.content.decode()


def _conversations(thread, author, replier, count: int) -> None:
    for index in range(count):
        top = services.post_comment(thread=thread, by=author, body=f"Avis {index} @marie")
        Comment.objects.create(kind=thread.kind, object_id=thread.object_id, parent=top, author=replier, body="Réponse")


def test_group_page_queries_are_the_same_for_1_and_20_comments(client, group, member, seat, colleague, settings):
    settings.COMMENTS_RATE = "100/m"
    thread = thread_for(member, "group:evaluation")
    client.force_login(member)
    _conversations(thread, colleague, member, 1)
    with_one, page_one = _queries(client, GROUP_PAGE)
    _conversations(thread, colleague, member, 19)

    with_twenty, page_twenty = _queries(client, GROUP_PAGE)

    assert with_one == with_twenty
    assert (page_one.count('class="comment"'), page_twenty.count('class="comment"')) == (2, 40)


@pytest.mark.parametrize(("count", "small", "budget"), [(1, 200, 6), (20, 200, 6), (20, 10, 9)])
def test_thread_page_query_budget(
    client,
    group_consultation,
    member,
    colleague,
    django_assert_num_queries,
    settings,
    monkeypatch,
    count,
    small,
    budget,
):
    settings.COMMENTS_RATE = "100/m"
    monkeypatch.setattr(presenters, "SMALL_THREAD", small)
    _conversations(thread_for(member, f"consultation:{group_consultation.pk}"), member, colleague, count)
    client.force_login(member)
    url = reverse("discussion:thread", args=["consultation", group_consultation.pk])
    client.get(url)  # warm the per-process and cross-request caches (the member's company, the bell)

    # session, user, consultation, membership (moderator?), the thread whole (comments and replies in
    # one query), their mentions; a thread longer than SMALL_THREAD: that query (cut at its limit),
    # a count, the page's comments, their replies, the mentions
    with django_assert_num_queries(budget):
        page = client.get(url)

    assert page.content.decode().count('class="comment"') == 2 * count


def _thread_html(client, url) -> str:
    html = client.get(url).content.decode()
    start = html.index('<section class="mb-4 discussion"')
    section = html[start : html.index("</section>", start)]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", section)


@pytest.mark.parametrize("page", ["", "?commentaires=2", "?commentaires=9", "?commentaires=x"])
def test_short_and_long_threads_are_shown_alike(
    client, group, member, seat, colleague, chair, staff, settings, monkeypatch, page
):
    """A thread read whole (one query) shows what the same thread read page by page shows: deleted
    comments kept only while a live reply remains, deleted replies gone, hidden ones as each viewer
    may see them, mentions highlighted, the pages and their links."""
    settings.COMMENTS_RATE = "100/m"
    settings.COMMENTS_PAGE_SIZE = 2
    thread = thread_for(member, "group:evaluation")
    first = services.post_comment(thread=thread, by=colleague, body="Premier avis, @marie ?")
    services.post_comment(thread=thread, by=member, body="Réponse à @paul.pair", parent_id=first.pk)
    gone = services.post_comment(thread=thread, by=member, body="Retiré sans réponse")
    services.delete_comment(comment=gone, by=member)
    kept = services.post_comment(thread=thread, by=member, body="Retiré, mais on y a répondu")
    services.post_comment(thread=thread, by=colleague, body="Une réponse qui reste", parent_id=kept.pk)
    dropped = services.post_comment(thread=thread, by=colleague, body="Réponse retirée", parent_id=kept.pk)
    services.delete_comment(comment=dropped, by=colleague)
    services.delete_comment(comment=kept, by=member)
    hidden = services.post_comment(thread=thread, by=colleague, body="Propos **déplacé**")
    services.hide_comment(thread=thread, comment=hidden, by=chair, reason="Hors sujet")
    services.post_comment(thread=thread, by=member, body="Dernier *mot*")
    url = f"{GROUP_PAGE}{page}"
    for viewer in (member, colleague, chair, staff):
        client.force_login(viewer)
        short = _thread_html(client, url)
        monkeypatch.setattr(presenters, "SMALL_THREAD", 3)
        long = _thread_html(client, url)
        monkeypatch.setattr(presenters, "SMALL_THREAD", 200)

        assert short == long
    client.force_login(staff)
    whole = "".join(_thread_html(client, f"{GROUP_PAGE}?commentaires={number}") for number in (1, 2))
    assert ("Retiré sans réponse" in whole, "Réponse retirée" in whole, "Commentaire supprimé" in whole) == (
        False,
        False,
        True,
    )
    assert '<strong class="mention">@Paul Pair</strong>' in whole
    assert "<strong>déplacé</strong>" in whole


def test_refused_form_shows_page_links_of_the_page_it_came_from(client, group, member, seat, settings):
    settings.COMMENTS_PAGE_SIZE = 1
    thread = thread_for(member, "group:evaluation")
    for index in range(2):
        services.post_comment(thread=thread, by=member, body=f"Avis {index}")
    client.force_login(member)

    response = client.post(_post_url(), {"body": "", "next": f"{GROUP_PAGE}?commentaires=1"})

    assert response.status_code == 400
    assert f'href="{GROUP_PAGE}?commentaires=2#comments"' in response.content.decode()
    assert f'name="next" value="{GROUP_PAGE}?commentaires=1"' in response.content.decode()


@pytest.mark.parametrize("kind", ["consultation", "action"])
def test_roadmap_pages_queries_are_the_same_for_1_and_20_comments(
    client, group_consultation, action, member, colleague, settings, kind
):
    settings.COMMENTS_RATE = "100/m"
    obj = group_consultation if kind == "consultation" else action
    thread = thread_for(member, f"{kind}:{obj.pk}")
    client.force_login(member)
    _conversations(thread, colleague, member, 1)
    with_one, _page = _queries(client, obj.get_absolute_url())
    _conversations(thread, colleague, member, 19)

    with_twenty, page = _queries(client, obj.get_absolute_url())

    assert with_one == with_twenty
    assert page.count('class="comment"') == 40


def test_refused_reply_comes_back_on_its_page_with_the_text(client, group, member, seat, colleague, settings):
    settings.COMMENTS_PAGE_SIZE = 1
    settings.COMMENTS_RATE = "2/m"
    thread = thread_for(colleague, "group:evaluation")
    services.post_comment(thread=thread, by=colleague, body="Page un.")
    second = services.post_comment(thread=thread, by=colleague, body="Page deux.")
    client.force_login(member)
    for index in range(2):
        services.post_comment(thread=thread_for(member, "group:evaluation"), by=member, body=f"Avis {index}")

    response = client.post(
        _post_url(), {"body": "Ma réponse gardée.", "parent": second.pk, "next": f"{GROUP_PAGE}?commentaires=2"}
    )

    page = response.content.decode()
    assert response.status_code == 429
    assert "Page deux." in page
    assert "Ma réponse gardée." in page


def test_a_reply_to_a_parent_that_is_not_a_number_is_no_server_error(client, group, member, seat):
    client.force_login(member)
    before = _snapshot()

    response = client.post(_post_url(), {"body": "Réponse", "parent": "²"})

    assert response.status_code < 500
    assert _snapshot() == before
