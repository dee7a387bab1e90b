"""Chairs manage the roles of their group's members; the group always keeps a chair."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from groups import services
from groups.enums import GroupRole, MembershipStatus
from groups.models import Membership
from tests.factories import CompanyFactory, member_of

from .factories import active_in, chair_of, pending_in


def _role_url(membership) -> str:
    return f"/groupes/participations/{membership.pk}/role/"


def _roles(group) -> dict[str, str]:
    return dict(Membership.objects.filter(group=group).values_list("user__email", "role"))


def test_chair_names_a_co_chair_on_the_group_page(
    client, chair, member, moderated_group, mailoutbox, django_capture_on_commit_callbacks
):
    seat = active_in(moderated_group, member)
    client.force_login(chair)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_role_url(seat), {"role": GroupRole.CO_CHAIR})

    assert response.status_code == 302
    assert response["Location"] == "/groupes/think-tank/"
    seat.refresh_from_db()
    assert seat.role == GroupRole.CO_CHAIR
    last = seat.history.latest("history_date")
    assert (last.history_change_reason, last.history_user, last.role) == ("role", chair, GroupRole.CO_CHAIR)
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert mailoutbox[0].subject == "Votre rôle dans « Think tank » : Co-président·e"
    assert "Membre → Co-président·e" in mailoutbox[0].body


def test_group_page_offers_role_forms_to_chairs_only(client, chair, member, moderated_group):
    active_in(moderated_group, member)

    client.force_login(chair)
    as_chair = client.get("/groupes/think-tank/")
    client.force_login(member)
    as_member = client.get("/groupes/think-tank/")

    assert [m.role_editable for m in as_chair.context["members"]] == [True, True]
    assert [v for v, _label in as_chair.context["role_choices"]] == GroupRole.values
    assert [m.role_editable for m in as_member.context["members"]] == [False, False]
    assert "groupes/participations/" not in as_member.content.decode()


def test_co_chair_cannot_name_a_chair_nor_touch_the_chair(client, chair, member, moderated_group, chair_company):
    co_chair = member_of(chair_company, user__full_name="Corinne Co")
    chair_of(moderated_group, co_chair, role=GroupRole.CO_CHAIR)
    seat = active_in(moderated_group, member)
    chair_seat = Membership.objects.get(user=chair, group=moderated_group)
    before = _roles(moderated_group)
    client.force_login(co_chair)

    promote = client.post(_role_url(seat), {"role": GroupRole.CHAIR})
    demote = client.post(_role_url(chair_seat), {"role": GroupRole.MEMBER})
    page = client.get("/groupes/think-tank/")

    assert (promote.status_code, demote.status_code) == (403, 403)
    assert _roles(moderated_group) == before
    assert GroupRole.CHAIR not in [v for v, _label in page.context["role_choices"]]
    editable = {m.user: m.role_editable for m in page.context["members"]}
    assert editable == {chair: False, co_chair: True, member: True}


def test_co_chair_sets_a_member_as_observer(chair, member, moderated_group, chair_company):
    co_chair = member_of(chair_company)
    chair_of(moderated_group, co_chair, role=GroupRole.CO_CHAIR)
    seat = active_in(moderated_group, member)

    services.set_member_role(membership=seat, by=co_chair, role=GroupRole.OBSERVER)

    seat.refresh_from_db()
    assert seat.role == GroupRole.OBSERVER


def test_staff_names_a_chair(staff, member, moderated_group, chair):
    seat = active_in(moderated_group, member)

    services.set_member_role(membership=seat, by=staff, role=GroupRole.CHAIR)

    assert _roles(moderated_group) == {chair.email: GroupRole.CHAIR, member.email: GroupRole.CHAIR}


def test_last_chair_cannot_step_down(client, chair, member, moderated_group, mailoutbox):
    active_in(moderated_group, member)
    chair_seat = Membership.objects.get(user=chair, group=moderated_group)
    client.force_login(chair)

    response = client.post(_role_url(chair_seat), {"role": GroupRole.MEMBER}, follow=True)

    assert "Claire Présidente est seul·e à présider « Think tank »" in response.content.decode()
    chair_seat.refresh_from_db()
    assert chair_seat.role == GroupRole.CHAIR
    assert chair_seat.history.count() == 1
    assert mailoutbox == []


def test_last_chair_cannot_be_demoted_by_staff_either(staff, chair, moderated_group):
    chair_seat = Membership.objects.get(user=chair, group=moderated_group)

    with pytest.raises(ValidationError):
        services.set_member_role(membership=chair_seat, by=staff, role=GroupRole.OBSERVER)

    chair_seat.refresh_from_db()
    assert chair_seat.role == GroupRole.CHAIR


def test_chair_steps_down_once_a_co_chair_is_named(chair, member, moderated_group):
    seat = active_in(moderated_group, member)
    chair_seat = Membership.objects.get(user=chair, group=moderated_group)
    services.set_member_role(membership=seat, by=chair, role=GroupRole.CO_CHAIR)

    services.set_member_role(membership=chair_seat, by=chair, role=GroupRole.MEMBER)

    assert _roles(moderated_group) == {chair.email: GroupRole.MEMBER, member.email: GroupRole.CO_CHAIR}


def test_same_role_changes_nothing_and_sends_nothing(
    chair, member, moderated_group, mailoutbox, django_capture_on_commit_callbacks
):
    seat = active_in(moderated_group, member)

    with django_capture_on_commit_callbacks(execute=True):
        services.set_member_role(membership=seat, by=chair, role=GroupRole.MEMBER)

    assert seat.history.count() == 1
    assert mailoutbox == []


def test_pending_request_gets_no_role(client, chair, member, moderated_group):
    request = pending_in(moderated_group, member)
    client.force_login(chair)

    response = client.post(_role_url(request), {"role": GroupRole.CO_CHAIR})

    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.set_member_role(membership=request, by=chair, role=GroupRole.CO_CHAIR)
    request.refresh_from_db()
    assert (request.role, request.status) == (GroupRole.MEMBER, MembershipStatus.PENDING)


def test_plain_member_cannot_change_roles(client, chair, member, moderated_group, company):
    colleague = member_of(company)
    seat = active_in(moderated_group, colleague)
    active_in(moderated_group, member)
    before = _roles(moderated_group)
    client.force_login(member)

    response = client.post(_role_url(seat), {"role": GroupRole.CO_CHAIR})

    assert response.status_code == 403
    assert _roles(moderated_group) == before
    with pytest.raises(PermissionDenied):
        services.set_member_role(membership=seat, by=member, role=GroupRole.CO_CHAIR)


def test_chair_of_another_group_and_anonymous_cannot_change_roles(
    client, outsider, member, moderated_group, open_group
):
    chair_of(open_group, outsider)
    seat = active_in(moderated_group, member)
    before = _roles(moderated_group)

    anonymous = client.post(_role_url(seat), {"role": GroupRole.CHAIR})
    client.force_login(outsider)
    other_chair = client.post(_role_url(seat), {"role": GroupRole.CHAIR})

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert other_chair.status_code == 404
    assert _roles(moderated_group) == before


def test_unknown_role_is_refused(client, chair, member, moderated_group):
    seat = active_in(moderated_group, member)
    client.force_login(chair)

    response = client.post(_role_url(seat), {"role": "king"}, follow=True)

    assert "Rôle inconnu." in response.content.decode()
    seat.refresh_from_db()
    assert seat.role == GroupRole.MEMBER


# API


def test_api_chair_changes_a_role(api_client, chair, member, moderated_group):
    seat = active_in(moderated_group, member)
    api_client.force_authenticate(chair)

    response = api_client.post(f"/api/v1/memberships/{seat.pk}/role/", {"role": "observer"}, format="json")

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["role"]) == (seat.pk, "observer")
    seat.refresh_from_db()
    assert seat.role == GroupRole.OBSERVER


def test_api_role_denials_change_nothing(api_client, chair, member, outsider, moderated_group, company):
    seat = active_in(moderated_group, member)
    active_in(moderated_group, member_of(company, user__email="plain@example.com"))
    chair_seat = Membership.objects.get(user=chair, group=moderated_group)
    before = _roles(moderated_group)

    api_client.force_authenticate(outsider)
    hidden = api_client.post(f"/api/v1/memberships/{seat.pk}/role/", {"role": "chair"}, format="json")
    api_client.force_authenticate(member)
    forbidden = api_client.post(f"/api/v1/memberships/{seat.pk}/role/", {"role": "chair"}, format="json")
    api_client.force_authenticate(chair)
    invalid = api_client.post(f"/api/v1/memberships/{seat.pk}/role/", {"role": "king"}, format="json")
    last_chair = api_client.post(f"/api/v1/memberships/{chair_seat.pk}/role/", {"role": "member"}, format="json")

    assert (hidden.status_code, forbidden.status_code, invalid.status_code) == (404, 403, 400)
    assert last_chair.status_code == 400
    assert "seul·e à présider" in last_chair.json()["detail"]
    assert _roles(moderated_group) == before


# Concurrency


def test_two_chairs_demoting_each_other_keep_one_chair(run_together, moderated_group):
    first = member_of(CompanyFactory(), user__full_name="Alice Une")
    second = member_of(CompanyFactory(), user__full_name="Bruno Deux")
    first_seat = chair_of(moderated_group, first)
    second_seat = chair_of(moderated_group, second)

    outcomes = run_together(
        lambda: services.set_member_role(membership=second_seat, by=first, role=GroupRole.MEMBER),
        lambda: services.set_member_role(membership=first_seat, by=second, role=GroupRole.MEMBER),
    )

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1
    assert isinstance(refused[0], ValidationError | PermissionDenied)
    roles = sorted(Membership.objects.filter(group=moderated_group).values_list("role", flat=True))
    assert roles == [GroupRole.CHAIR, GroupRole.MEMBER]
