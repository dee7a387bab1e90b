"""The association's joint position: who writes, reads and moves it; what it may quote."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from joint import services
from joint.models import JointPosition, JointStatus
from snitem_portal.exceptions import Conflict
from tests.roadmap.factories import ConsultationFactory

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def _draft(world, quotes=("Alpha", "Beta"), **kwargs):
    return services.save_joint_position(
        consultation=world["consultation"],
        by=world["chair"],
        text="L'association **soutient** l'action.",
        quotes=[world["positions"][name].pk for name in quotes],
        public=kwargs.pop("public", True),
        **kwargs,
    )


def _published(world):
    joint = _draft(world)
    joint = services.circulate(joint=joint, by=world["chair"], version=joint.version)
    joint = services.validate(joint=joint, by=world["staff"], version=joint.version)
    return services.publish(joint=joint, by=world["staff"], version=joint.version)


# Writing and quoting


@pytest.mark.parametrize("name", ["Gamma", "Delta"])
def test_only_submitted_shared_arguments_may_be_quoted(world, name):
    with pytest.raises(ValidationError) as refused:
        _draft(world, quotes=("Alpha", name))

    assert "quotes" in refused.value.message_dict
    assert not JointPosition.objects.exists()


def test_a_position_of_another_consultation_cannot_be_quoted(world):
    elsewhere = ConsultationFactory(action=world["action"])
    from tests.roadmap.factories import PositionFactory

    foreign = PositionFactory(consultation=elsewhere, company=world["positions"]["Alpha"].company, status="submitted")

    with pytest.raises(ValidationError):
        services.save_joint_position(
            consultation=world["consultation"], by=world["chair"], text="Texte", quotes=[foreign.pk], public=False
        )


def test_only_the_groups_chairs_and_staff_write_it_and_only_once_closed(world):
    with pytest.raises(PermissionDenied):
        services.save_joint_position(
            consultation=world["consultation"], by=world["people"]["Alpha"], text="Texte", quotes=[], public=False
        )
    open_one = ConsultationFactory(action=world["action"], group=world["group"])
    with pytest.raises(Conflict):
        services.save_joint_position(consultation=open_one, by=world["chair"], text="Texte", quotes=[], public=False)

    joint = services.save_joint_position(
        consultation=world["consultation"], by=world["staff"], text="Texte", quotes=[], public=False
    )
    assert joint.created_by == world["staff"]


def test_a_stale_version_is_a_conflict_and_changes_nothing(world):
    joint = _draft(world)
    services.save_joint_position(
        consultation=world["consultation"], by=world["staff"], text="Version de Sam", quotes=[], public=False, version=1
    )

    with pytest.raises(Conflict):
        services.save_joint_position(
            consultation=world["consultation"],
            by=world["chair"],
            text="Version lue avant",
            quotes=[],
            public=True,
            version=1,
        )

    joint.refresh_from_db()
    assert (joint.text, joint.version, joint.public) == ("Version de Sam", 2, False)


# Moving it on


def test_transitions_by_the_wrong_role_are_refused_and_change_nothing(world):
    joint = _draft(world)
    with pytest.raises(PermissionDenied):
        services.circulate(joint=joint, by=world["people"]["Alpha"])
    joint = services.circulate(joint=joint, by=world["chair"])
    with pytest.raises(PermissionDenied):
        services.validate(joint=joint, by=world["chair"])
    with pytest.raises(Conflict):
        services.publish(joint=joint, by=world["staff"])  # not validated yet

    joint.refresh_from_db()
    assert joint.status == JointStatus.CIRCULATED


def test_a_validated_text_is_frozen(world):
    joint = _draft(world)
    joint = services.circulate(joint=joint, by=world["chair"])
    joint = services.validate(joint=joint, by=world["staff"])

    with pytest.raises(Conflict):
        services.save_joint_position(
            consultation=world["consultation"],
            by=world["staff"],
            text="Changé",
            quotes=[],
            public=False,
            version=joint.version,
        )


def test_publication_tells_the_audience(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _published(world)

    told = {message.to[0] for message in mailoutbox if "publiée" in message.subject}
    assert "member@alpha.example" in told
    assert "outsider@elsewhere.example" not in told


# Who reads it


def _get(client, user, world):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("joint:detail", args=[world["consultation"].pk]))


@pytest.mark.parametrize("who", ["member", "outsider", "anonymous"])
def test_a_draft_is_read_by_its_drafters_only(client, world, who):
    _draft(world)
    user = {"member": world["people"]["Alpha"], "outsider": world["outsider"], "anonymous": None}[who]

    assert _get(client, user, world).status_code == 404


def test_a_circulated_draft_is_read_by_the_audience_not_by_outsiders(client, api_client, world):
    joint = _draft(world)
    services.circulate(joint=joint, by=world["chair"])

    assert _get(client, world["people"]["Gamma"], world).status_code == 200
    api_client.force_authenticate(world["outsider"])
    response = api_client.get(f"/api/v1/consultations/{world['consultation'].pk}/joint-position/")
    assert response.status_code == 404


def test_a_published_public_position_is_read_by_anyone_with_its_quotes_named_and_no_secret(client, world):
    _published(world)

    response = _get(client, None, world)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Argument de Alpha" in page
    assert "Beta SA" in page
    assert SECRET not in page


def test_a_published_position_that_is_not_public_stays_with_the_audience(client, world):
    joint = _draft(world, public=False)
    joint = services.circulate(joint=joint, by=world["chair"])
    joint = services.validate(joint=joint, by=world["staff"])
    services.publish(joint=joint, by=world["staff"])

    assert _get(client, None, world).status_code == 404
    assert _get(client, world["outsider"], world).status_code == 404


# API


def test_api_round_trip(api_client, world):
    url = f"/api/v1/consultations/{world['consultation'].pk}/joint-position/"
    api_client.force_authenticate(world["chair"])
    quotes = [world["positions"]["Alpha"].pk]

    created = api_client.put(url, {"text": "Texte", "quotes": quotes, "public": True}, format="json")
    stale = api_client.put(url, {"text": "Autre", "quotes": [], "version": 0 + 5}, format="json")
    circulated = api_client.post(url + "circulate/", {"version": 1}, format="json")
    refused = api_client.post(url + "validate/", {}, format="json")

    assert created.status_code == 200
    assert created.json()["quotes"] == quotes
    assert created.json()["quoted_positions"] == [
        {"id": quotes[0], "company": "Alpha SA", "stance": "support", "argument": "Argument de Alpha"}
    ]
    assert stale.status_code == 409
    assert (circulated.status_code, circulated.json()["status"]) == (200, "circulated")
    assert refused.status_code == 403


def test_api_refuses_an_unshared_quote_with_400(api_client, world):
    api_client.force_authenticate(world["chair"])
    response = api_client.put(
        f"/api/v1/consultations/{world['consultation'].pk}/joint-position/",
        {"text": "Texte", "quotes": [world["positions"]["Gamma"].pk]},
        format="json",
    )

    assert response.status_code == 400
    assert SECRET not in response.content.decode()
    assert not JointPosition.objects.exists()


def test_api_write_by_an_outsider_is_404_and_by_a_member_403(api_client, world):
    url = f"/api/v1/consultations/{world['consultation'].pk}/joint-position/"
    api_client.force_authenticate(world["outsider"])
    assert api_client.put(url, {"text": "Texte"}, format="json").status_code == 404
    api_client.force_authenticate(world["people"]["Alpha"])
    assert api_client.put(url, {"text": "Texte"}, format="json").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.put(url, {"text": "Texte"}, format="json").status_code in (401, 403)
    assert not JointPosition.objects.exists()


# The action page


def test_the_action_page_shows_the_line_of_the_association_in_constant_queries(
    client, world, django_assert_max_num_queries
):
    _published(world)
    client.force_login(world["people"]["Alpha"])
    url = world["action"].get_absolute_url()
    client.get(url)  # warm the per-process caches

    with django_assert_max_num_queries(40) as first:
        response = client.get(url)
    page = response.content.decode()
    assert "La ligne de l" in page
    assert "Position commune publiée" in page
    assert SECRET not in page
    count = len(first.captured_queries)

    # A second consultation with its own published position costs no query more.
    second = ConsultationFactory(
        action=world["action"],
        group=world["group"],
        opens_at=world["consultation"].opens_at,
        closes_at=world["consultation"].closes_at,
    )
    joint = services.save_joint_position(
        consultation=second, by=world["staff"], text="Deuxième", quotes=[], public=True
    )
    joint = services.circulate(joint=joint, by=world["staff"])
    joint = services.validate(joint=joint, by=world["staff"])
    services.publish(joint=joint, by=world["staff"])
    client.get(url)  # the writes renewed the cross-request caches' stamps: warm them again
    with django_assert_max_num_queries(count):
        response = client.get(url)
    assert "Deuxième" in response.content.decode()


def test_the_editor_page_writes_it(client, world):
    client.force_login(world["chair"])
    url = reverse("joint:edit", args=[world["consultation"].pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Notre position", "quotes": [world["positions"]["Beta"].pk], "public": "on"})

    assert response.status_code == 302
    joint = JointPosition.objects.get()
    assert [position.pk for position in joint.quotes.all()] == [world["positions"]["Beta"].pk]


def test_the_editor_page_is_refused_to_a_member(client, world):
    client.force_login(world["people"]["Alpha"])

    assert client.get(reverse("joint:edit", args=[world["consultation"].pk])).status_code == 403
    response = client.post(reverse("joint:edit", args=[world["consultation"].pk]), {"text": "Pirate"})
    assert response.status_code == 403
    assert not JointPosition.objects.exists()


def test_a_transition_with_a_version_that_is_not_a_number_is_no_server_error(client, world):
    joint = _draft(world)
    client.force_login(world["chair"])

    response = client.post(reverse("joint:transition", args=[world["consultation"].pk, "circulate"]), {"version": "²"})

    assert response.status_code == 302
    joint.refresh_from_db()
    assert joint.status == JointStatus.CIRCULATED


def test_the_editor_of_a_validated_position_says_so_instead_of_refusing(client, world):
    joint = services.circulate(joint=_draft(world), by=world["chair"])
    services.validate(joint=joint, by=world["staff"])
    client.force_login(world["chair"])

    response = client.get(reverse("joint:edit", args=[world["consultation"].pk]))

    assert response.status_code == 302
    assert response.url == reverse("joint:detail", args=[world["consultation"].pk])
