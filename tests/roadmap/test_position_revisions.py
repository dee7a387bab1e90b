"""A submitted position stays the company's answer while its members edit it: their edits are a
pending revision, shown to the company, signed off by a referent; the synthesis keeps the
submitted version until then."""

import pytest

from roadmap import services
from roadmap.enums import PositionStatus, Stance
from roadmap.models import Position
from roadmap.selectors import drafts_awaiting_signoff, synthesis_of

from ..factories import referent_of


@pytest.fixture
def submitted_position(position, consultation, member, referent):
    services.update_position(
        consultation=consultation, by=member, stance=Stance.SUPPORT, argument="Utile", shared=True, version=1
    )
    return services.submit_position(position=position, by=referent, version=2)


def _edit(consultation, by, version, **values):
    fields = {"stance": Stance.OPPOSE, "argument": "Trop tôt", "shared": True, **values}
    return services.update_position(consultation=consultation, by=by, version=version, **fields)


def test_editing_a_submitted_position_keeps_the_submitted_version(submitted_position, consultation, member, staff):
    _edit(consultation, member, submitted_position.version)

    position = Position.objects.get(pk=submitted_position.pk)
    assert (position.status, position.stance, position.argument) == (PositionStatus.SUBMITTED, "support", "Utile")
    assert (position.revision_stance, position.revision_argument) == ("oppose", "Trop tôt")
    assert position.submitted_at == submitted_position.submitted_at
    synthesis = synthesis_of(consultation, viewer=staff)
    assert (synthesis.responded, synthesis.counts[Stance.SUPPORT], synthesis.counts[Stance.OPPOSE]) == (1, 1, 0)


def test_a_revision_notifies_the_referents_once(
    submitted_position, consultation, member, referent, company, mailoutbox, django_capture_on_commit_callbacks
):
    second_referent = referent_of(company, user__email="second.referent@company.example")

    with django_capture_on_commit_callbacks(execute=True):
        first = _edit(consultation, member, submitted_position.version)
    with django_capture_on_commit_callbacks(execute=True):
        _edit(consultation, member, first.version, argument="Trop tôt, et trop cher")

    assert sorted(message.to[0] for message in mailoutbox) == [referent.email, second_referent.email]
    assert "une révision attend votre validation" in mailoutbox[0].subject
    assert f"/consultations/{consultation.pk}/" in mailoutbox[0].body


def test_a_referent_editing_is_not_told_of_their_own_revision(
    submitted_position, consultation, referent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _edit(consultation, referent, submitted_position.version)

    assert mailoutbox == []


def test_submitting_the_revision_replaces_the_answer(submitted_position, consultation, member, referent, staff):
    revised = _edit(consultation, member, submitted_position.version)

    services.submit_position(position=revised, by=referent, version=revised.version)

    position = Position.objects.get(pk=submitted_position.pk)
    assert (position.status, position.stance, position.argument, position.has_pending_revision) == (
        PositionStatus.SUBMITTED,
        "oppose",
        "Trop tôt",
        False,
    )
    assert synthesis_of(consultation, viewer=staff).counts[Stance.OPPOSE] == 1


def test_editing_back_to_the_submitted_text_drops_the_revision(submitted_position, consultation, member):
    revised = _edit(consultation, member, submitted_position.version)

    back = _edit(consultation, member, revised.version, stance=Stance.SUPPORT, argument="Utile")

    assert (back.has_pending_revision, back.status) == (False, PositionStatus.SUBMITTED)


def test_a_pending_revision_awaits_sign_off_on_the_referent_dashboard(submitted_position, consultation, member):
    assert list(drafts_awaiting_signoff(submitted_position.company)) == []

    _edit(consultation, member, submitted_position.version)

    assert list(drafts_awaiting_signoff(submitted_position.company)) == [submitted_position]


def test_page_shows_the_pending_revision_to_the_company(client, submitted_position, consultation, member, referent):
    client.force_login(member)

    client.post(
        consultation.get_absolute_url(),
        {"stance": "oppose", "argument": "Trop tôt", "shared": "on", "version": submitted_position.version},
    )

    client.force_login(referent)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Révision en attente de validation par un référent" in page
    assert "Soumettre la révision" in page
    position = Position.objects.get(pk=submitted_position.pk)
    assert (position.status, position.stance, position.revision_stance) == ("submitted", "support", "oppose")


def test_api_shows_the_revision_to_the_company_only(
    api_client, submitted_position, consultation, member, outsider, settings
):
    revised = _edit(consultation, member, submitted_position.version)
    api_client.force_authenticate(member)

    own = api_client.get(f"/api/v1/positions/{revised.pk}/").json()

    assert (own["status"], own["stance"], own["argument"]) == ("submitted", "support", "Utile")
    assert {key: own["pending_revision"][key] for key in ("stance", "argument", "shared")} == {
        "stance": "oppose",
        "argument": "Trop tôt",
        "shared": True,
    }
    api_client.force_authenticate(outsider)
    assert api_client.get(f"/api/v1/positions/{revised.pk}/").status_code == 404


def test_api_patch_of_a_submitted_position_makes_a_revision(api_client, submitted_position, member):
    api_client.force_authenticate(member)

    response = api_client.patch(
        f"/api/v1/positions/{submitted_position.pk}/",
        {"version": submitted_position.version, "stance": "abstain"},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["stance"]) == ("submitted", "support")
    assert response.json()["pending_revision"]["stance"] == "abstain"
    position = Position.objects.get(pk=submitted_position.pk)
    assert (position.stance, position.revision_stance) == ("support", "abstain")
