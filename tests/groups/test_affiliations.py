import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from groups import services
from groups.enums import AffiliationStatus, CompanyRole, CompanyStatus
from groups.models import Affiliation, CompanyDomain
from groups.selectors import company_suggested_for, is_member, is_referent
from snitem_portal.exceptions import Conflict
from tests.factories import AffiliationFactory, CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_request_affiliation_creates_pending_request_and_emails_referents(
    company, referent, lonely_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = services.request_affiliation(user=lonely_user, company=company)

    assert (affiliation.status, affiliation.role) == (AffiliationStatus.PENDING, CompanyRole.MEMBER)
    assert not is_member(lonely_user)
    assert [m.to for m in mail.outbox] == [[referent.email]]
    assert mail.outbox[0].subject == f"[Action requise] {lonely_user.full_name} demande à rejoindre {company.name}"


def test_second_affiliation_request_is_refused_and_nothing_added(company, other_company, lonely_user):
    services.request_affiliation(user=lonely_user, company=company)

    with pytest.raises(ValidationError, match="déjà une demande"):
        services.request_affiliation(user=lonely_user, company=other_company)

    assert list(Affiliation.objects.filter(user=lonely_user).values_list("company", flat=True)) == [company.pk]


def test_request_to_suspended_company_is_refused(lonely_user):
    suspended = CompanyFactory(status=CompanyStatus.SUSPENDED)

    with pytest.raises(ValidationError, match="adhérente active"):
        services.request_affiliation(user=lonely_user, company=suspended)

    assert not Affiliation.objects.filter(user=lonely_user).exists()


def test_referent_approves_request_and_requester_becomes_member(
    company, referent, lonely_user, django_capture_on_commit_callbacks
):
    affiliation = services.request_affiliation(user=lonely_user, company=company)

    with django_capture_on_commit_callbacks(execute=True):
        services.decide_affiliation(affiliation=affiliation, by=referent, approve=True)

    affiliation.refresh_from_db()
    assert (affiliation.status, affiliation.decided_by) == (AffiliationStatus.APPROVED, referent)
    assert is_member(lonely_user)
    assert mail.outbox[-1].to == [lonely_user.email]
    assert "approuvé" in mail.outbox[-1].subject


def test_non_referent_cannot_decide_and_nothing_changes(company, member, lonely_user):
    affiliation = services.request_affiliation(user=lonely_user, company=company)

    with pytest.raises(PermissionDenied):
        services.decide_affiliation(affiliation=affiliation, by=member, approve=True)

    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.PENDING


def test_referent_of_another_company_cannot_decide(company, other_company, lonely_user):
    other_referent = AffiliationFactory(company=other_company, role=CompanyRole.REFERENT).user
    affiliation = services.request_affiliation(user=lonely_user, company=company)

    with pytest.raises(PermissionDenied):
        services.decide_affiliation(affiliation=affiliation, by=other_referent, approve=True)

    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.PENDING


def test_deciding_twice_is_a_conflict(company, referent, staff, lonely_user):
    affiliation = services.request_affiliation(user=lonely_user, company=company)
    services.decide_affiliation(affiliation=affiliation, by=referent, approve=False)

    with pytest.raises(Conflict):
        services.decide_affiliation(affiliation=affiliation, by=staff, approve=True)

    affiliation.refresh_from_db()
    assert (affiliation.status, affiliation.decided_by) == (AffiliationStatus.REJECTED, referent)


def test_rejected_user_may_ask_again(company, referent, lonely_user):
    first = services.request_affiliation(user=lonely_user, company=company)
    services.decide_affiliation(affiliation=first, by=referent, approve=False)

    second = services.request_affiliation(user=lonely_user, company=company)

    assert second.status == AffiliationStatus.PENDING


def test_referent_promotes_colleague(company, referent, member):
    affiliation = Affiliation.objects.get(user=member)

    services.set_company_role(affiliation=affiliation, by=referent, role=CompanyRole.REFERENT)

    assert is_referent(member, company)


def test_last_referent_cannot_step_down(company, referent):
    affiliation = Affiliation.objects.get(user=referent)

    with pytest.raises(ValidationError, match="au moins un référent"):
        services.set_company_role(affiliation=affiliation, by=referent, role=CompanyRole.MEMBER)

    assert is_referent(referent, company)


def test_member_cannot_promote_anyone(company, member, referent):
    affiliation = Affiliation.objects.get(user=member)

    with pytest.raises(PermissionDenied):
        services.set_company_role(affiliation=affiliation, by=member, role=CompanyRole.REFERENT)

    assert not is_referent(member)


def test_member_of_suspended_company_is_not_a_member(company, member):
    company.status = CompanyStatus.SUSPENDED
    company.save()
    fresh = type(member).objects.get(pk=member.pk)

    assert not is_member(fresh)


def test_company_suggested_from_email_domain(company):
    CompanyDomain.objects.create(company=company, domain="Company.Example")

    assert company_suggested_for("Someone@company.example") == company
    assert company_suggested_for("someone@unknown.example") is None


def test_one_live_affiliation_per_user_is_a_database_rule(company, other_company):
    user = UserFactory()
    AffiliationFactory(user=user, company=company, status=AffiliationStatus.PENDING)

    with pytest.raises(Exception, match="affiliation_one_live_per_user"):
        AffiliationFactory(user=user, company=other_company, status=AffiliationStatus.PENDING)


def test_two_referents_stepping_down_at_once_leave_one_referent(run_together, company):
    first = AffiliationFactory(company=company, role=CompanyRole.REFERENT)
    second = AffiliationFactory(company=company, role=CompanyRole.REFERENT)

    def step_down(affiliation):
        return lambda: services.set_company_role(affiliation=affiliation, by=affiliation.user, role=CompanyRole.MEMBER)

    outcomes = run_together(step_down(first), step_down(second))

    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["Affiliation", "ValidationError"]
    assert Affiliation.objects.filter(company=company, role=CompanyRole.REFERENT).count() == 1
