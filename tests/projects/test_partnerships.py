"""A named partner counts for the jury's recusal only once a referent of that company confirms it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from projects import services
from projects.enums import PartnershipStatus, SubmissionStatus
from projects.models import Partnership, Submission
from projects.selectors import is_recused, ranking, submissions_visible_to
from projects.services.partnerships import decide_partnership
from snitem_portal.exceptions import Conflict

from ..factories import referent_of
from .factories import SubmissionFactory, pass_deadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def juror_company(company):
    """The company whose member sits on the jury (``company_juror``), and whose referent answers."""
    return company


@pytest.fixture
def named_draft(call, other_company, juror_company, referent, django_capture_on_commit_callbacks):
    """``other_company``'s draft naming the jury's company as partner, without asking it."""
    applicant = referent_of(other_company, user__email="applicant@other.example")
    draft = SubmissionFactory(call=call, company=other_company, title="Projet qui nous nomme")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_submission(submission=draft, by=applicant, version=draft.version, partners=[juror_company])
    draft.refresh_from_db()
    return draft


@pytest.fixture
def named(named_draft, call):
    """The same application, submitted, its call past its deadline: the jury reads it."""
    Submission.objects.filter(pk=named_draft.pk).update(status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now())
    pass_deadline(call)
    named_draft.refresh_from_db()
    return named_draft


def test_unconfirmed_partner_does_not_recuse_its_jurors(named, company_juror, call):
    partnership = named.partnerships.get()

    assert partnership.status == PartnershipStatus.PENDING
    assert partnership.named_by.email == "applicant@other.example"
    assert not is_recused(company_juror, named)
    assert list(submissions_visible_to(company_juror)) == [named]
    assert [row.recused for row in ranking(call)] == [[]]


def test_partner_referents_are_asked_to_confirm(named, referent):
    assert [message.to for message in mail.outbox] == [[referent.email]]
    assert "Projet qui nous nomme" in mail.outbox[0].body


def test_confirmed_partner_recuses_its_jurors(client, named, referent, company_juror, call):
    partnership = named.partnerships.get()
    client.force_login(referent)

    response = client.post(reverse("projects:partnership-answer", args=[partnership.pk]), {"answer": "confirm"})

    partnership.refresh_from_db()
    assert response.status_code == 302
    assert (partnership.status, partnership.decided_by) == (PartnershipStatus.CONFIRMED, referent)
    assert is_recused(company_juror, named)
    assert list(submissions_visible_to(company_juror)) == []
    assert [row.recused for row in ranking(call)] == [[company_juror]]


def test_declined_partner_does_not_recuse(named, referent, company_juror):
    decide_partnership(partnership=named.partnerships.get(), by=referent, confirm=False)

    assert named.partnerships.get().status == PartnershipStatus.DECLINED
    assert not is_recused(company_juror, named)


def test_only_a_referent_of_the_partner_answers_and_only_once(named, member, referent):
    partnership = named.partnerships.get()
    applicant = named.partnerships.get().named_by

    for outsider in (member, applicant):
        with pytest.raises(PermissionDenied):
            decide_partnership(partnership=partnership, by=outsider, confirm=True)
    decide_partnership(partnership=partnership, by=referent, confirm=False)
    with pytest.raises(Conflict):
        decide_partnership(partnership=partnership, by=referent, confirm=True)

    assert Partnership.objects.get().status == PartnershipStatus.DECLINED


def test_answer_page_is_404_for_another_company(client, named, outsider):
    partnership = named.partnerships.get()
    client.force_login(outsider)

    response = client.post(reverse("projects:partnership-answer", args=[partnership.pk]), {"answer": "confirm"})

    assert response.status_code == 404
    assert Partnership.objects.get().status == PartnershipStatus.PENDING


def test_dashboard_asks_the_partner_referent(client, named, referent):
    client.force_login(referent)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Partenariats à confirmer" in page
    assert "Projet qui nous nomme" in page


def test_application_shows_the_partner_as_unconfirmed(client, named_draft):
    client.force_login(named_draft.partnerships.get().named_by)

    page = client.get(named_draft.get_absolute_url()).content.decode()

    assert "Demo Company 1 (à confirmer)" in page


def test_renaming_keeps_the_answer_and_dropping_deletes_it(named_draft, referent, juror_company):
    decide_partnership(partnership=named_draft.partnerships.get(), by=referent, confirm=True)
    applicant = named_draft.partnerships.get().named_by

    renamed = services.update_submission(
        submission=named_draft, by=applicant, version=named_draft.version, partners=[juror_company]
    )
    kept = renamed.partnerships.get().status
    services.update_submission(submission=renamed, by=applicant, version=renamed.version, partners=[])

    assert kept == PartnershipStatus.CONFIRMED
    assert not Partnership.objects.exists()
