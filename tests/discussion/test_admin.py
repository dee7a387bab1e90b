"""Comments in admin: the list with its filters, hiding and showing again through the services."""

import pytest

from discussion import services
from discussion.models import Comment
from discussion.registry import thread_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


@pytest.fixture
def comment(group, member, seat):
    return services.post_comment(thread=thread_for(member, "group:evaluation"), by=member, body="À modérer.")


def _change(client, comment, reason: str):
    return client.post(f"/admin/discussion/comment/{comment.pk}/change/", {"hidden_reason": reason}, follow=True)


def test_admin_list_and_filters_load(admin_client_, comment):
    pages = [
        "/admin/discussion/comment/",
        "/admin/discussion/comment/?state=hidden",
        "/admin/discussion/comment/?kind=group&state=shown",
        f"/admin/discussion/comment/{comment.pk}/change/",
        f"/admin/discussion/comment/{comment.pk}/history/",
    ]

    assert [admin_client_.get(page).status_code for page in pages] == [200] * 5


def test_admin_hides_through_the_service_and_tells_the_author(
    admin_client_, comment, member, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _change(admin_client_, comment, "Hors sujet")

    comment.refresh_from_db()
    assert response.status_code == 200
    assert (comment.is_hidden, comment.hidden_by, comment.hidden_reason) == (True, staff, "Hors sujet")
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_admin_shows_again_with_the_action(admin_client_, comment, staff):
    services.hide_comment(thread=thread_for(staff, "group:evaluation"), comment=comment, by=staff, reason="Erreur")

    admin_client_.post(
        "/admin/discussion/comment/", {"action": "show_again", "_selected_action": [comment.pk]}, follow=True
    )

    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_reason) == (False, "")


def test_admin_refusal_is_a_form_error_and_changes_nothing(admin_client_, comment, staff):
    services.hide_comment(thread=thread_for(staff, "group:evaluation"), comment=comment, by=staff, reason="Erreur")

    response = _change(admin_client_, comment, "Autre motif")

    comment.refresh_from_db()
    assert "déjà masqué" in response.content.decode()
    assert comment.hidden_reason == "Erreur"
    assert Comment.objects.count() == 1
