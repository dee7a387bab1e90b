"""Confidentiality of the synthesis: to members, a count that would single out fewer than
SYNTHESIS_MIN_GROUP companies reads « moins de 3 » (null in the API); staff and the group's chairs
read every number; the invited companies without an answer are named to staff and chairs only."""

import pytest
from django.urls import reverse

from roadmap.enums import PositionStatus, QuestionKind, Stance
from roadmap.models import Answer, Question
from roadmap.selectors import stance_counts, synthesis_of
from roadmap.synthesis import HIDDEN
from tests.factories import CompanyFactory, member_of
from tests.groups.factories import WorkingGroupFactory, active_in, chair_of

from .factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _world(action, company, member, responding: int):
    """A group consultation of ``responding`` companies (the member's first), each with a submitted,
    shared support answering « Oui » and 4; a chair sits in the second company; one more company of the
    group has not answered."""
    group = WorkingGroupFactory(name="Cybersécurité", slug="cyber")
    active_in(group, member)
    companies = [company]
    for index in range(1, responding):
        other = CompanyFactory(name=f"Répondante {index}")
        active_in(group, member_of(other))
        companies.append(other)
    silent = CompanyFactory(name="Silencieuse SA")
    active_in(group, member_of(silent))
    chair = member_of(companies[1])
    chair_of(group, chair)
    consultation = ConsultationFactory(action=action, group=group)
    single = Question.objects.create(
        consultation=consultation, kind=QuestionKind.SINGLE, label="Prête ?", choices=["Oui", "Non"]
    )
    scale = Question.objects.create(consultation=consultation, position=1, kind=QuestionKind.SCALE, label="Importance")
    for each in companies:
        position = PositionFactory(
            consultation=consultation, company=each, stance=Stance.SUPPORT, shared=True, status=PositionStatus.SUBMITTED
        )
        Answer.objects.create(position=position, question=single, value="Oui")
        Answer.objects.create(position=position, question=scale, value=4)
    return consultation, chair


@pytest.mark.parametrize("responding", [2, 3, 4])
def test_member_reads_small_counts_as_fewer_than_three(api_client, client, action, company, member, responding):
    consultation, _chair = _world(action, company, member, responding)
    shown = None if responding < 3 else responding
    api_client.force_authenticate(member)
    client.force_login(member)

    data = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/").json()
    page = client.get(consultation.get_absolute_url()).content.decode()

    # One silent company: its count is masked, so the responses (invited minus it) are hidden too.
    assert (data["responded"], data["counts"]["support"], data["counts"]["oppose"]) == (None, shown, 0)
    assert data["no_record"] is None
    assert ("<strong>masqué</strong>" in page) is (responding >= 3)
    assert data["min_group"] == 3
    assert data["masked"] is True
    single, scale = data["questions"]
    assert (single["answered"], single["counts"]) == (shown, {"Oui": shown, "Non": 0})
    assert scale["average"] == (None if responding < 3 else 4.0)
    assert scale["masked"] is (responding < 3)
    assert "Silencieuse SA" not in page
    assert "Silencieuse SA" not in str(data)
    # At 3 and 4, only the silent company's count and the note explaining the masking (which says it
    # twice); at 2, also the responses, the support count, each question's answered count, « Oui », the
    # scale's 4 and its average.
    assert page.count("moins de 3") == (3 if responding >= 3 else 10)


@pytest.mark.parametrize("responding", [2, 3, 4])
def test_staff_and_chairs_read_every_number(api_client, client, action, company, member, staff, responding):
    consultation, chair = _world(action, company, member, responding)

    for viewer in (staff, chair):
        api_client.force_authenticate(viewer)
        client.force_login(viewer)
        data = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/").json()
        page = client.get(consultation.get_absolute_url()).content.decode()

        assert (data["responded"], data["no_record"], data["counts"]["support"]) == (responding, 1, responding)
        assert data["masked"] is False
        assert data["questions"][1]["average"] == 4.0
        assert "moins de 3" not in page
        assert "Silencieuse SA" in page


def test_the_threshold_is_read_at_call_time(action, company, member, settings):
    consultation, _chair = _world(action, company, member, 4)

    settings.SYNTHESIS_MIN_GROUP = 5
    masked = synthesis_of(consultation, viewer=member)
    settings.SYNTHESIS_MIN_GROUP = 2
    shown = synthesis_of(consultation, viewer=member)

    assert (masked.responded, masked.counts[Stance.SUPPORT]) == (None, None)
    # 1 < 2 masks the silent company, and hides the responses that would give it away.
    assert (shown.responded, shown.counts[Stance.SUPPORT], shown.no_record) == (HIDDEN, 4, None)


def test_a_masked_count_draws_no_bar(client, action, company, member):
    consultation, _chair = _world(action, company, member, 2)
    client.force_login(member)

    page = client.get(consultation.get_absolute_url()).content.decode()

    assert 'synthesis-bar stance-support pct-0"' in page


def test_members_cannot_export_the_synthesis_nor_its_missing_companies(client, action, company, member, staff):
    consultation, chair = _world(action, company, member, 3)

    refused = []
    for viewer in (member, chair):
        client.force_login(viewer)
        refused += [
            client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, fmt])) for fmt in ("csv", "xlsx")
        ]
    client.force_login(staff)
    exported = client.get(reverse("roadmap:synthesis-export", args=[consultation.pk, "csv"])).content.decode()

    assert [response.status_code for response in refused] == [403, 403, 403, 403]
    assert "Silencieuse SA" in exported


def test_a_masked_stance_cannot_be_worked_out_from_the_others_and_the_total(api_client, action, company, member):
    """5 answers shown, 2 oppose (masked): the 3 support would give the 2 away, so they are hidden too,
    on the page, the API and the action page's line alike."""
    group = WorkingGroupFactory(name="Cybersécurité", slug="cyber")
    active_in(group, member)
    companies = [company] + [CompanyFactory(name=f"Répondante {index}") for index in range(1, 5)]
    for other in companies[1:]:
        active_in(group, member_of(other))
    consultation = ConsultationFactory(action=action, group=group)
    for index, each in enumerate(companies):
        stance = Stance.SUPPORT if index < 3 else Stance.OPPOSE
        PositionFactory(consultation=consultation, company=each, stance=stance, status=PositionStatus.SUBMITTED)
    api_client.force_authenticate(member)

    data = api_client.get(f"/api/v1/consultations/{consultation.pk}/synthesis/").json()
    synthesis = synthesis_of(consultation, viewer=member)

    assert (data["responded"], data["counts"]["support"], data["counts"]["oppose"]) == (5, None, None)
    assert (synthesis.counts[Stance.SUPPORT], synthesis.counts[Stance.OPPOSE]) == (HIDDEN, None)
    assert stance_counts([consultation], viewer=member)[consultation.pk] == synthesis.counts
