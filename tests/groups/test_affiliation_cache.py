""" "My company" is cached across requests: never another person's, and never older than the last change
to an affiliation or a company."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from groups.enums import AffiliationStatus, CompanyRole, CompanyStatus
from groups.models import Affiliation
from groups.selectors import _AFFILIATION_KEY, AFFILIATIONS_STAMP, member_affiliation
from groups.services.companies import decide_affiliation, request_affiliation, set_company_role, set_company_status
from snitem_portal import caching
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The user as the next request loads them (nothing kept on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def _company(user):
    affiliation = member_affiliation(_fresh(user))
    return (affiliation.company.name, affiliation.role) if affiliation else None


def test_next_request_reads_it_from_the_cache(member, django_assert_num_queries):
    member_affiliation(_fresh(member))
    again = _fresh(member)

    with django_assert_num_queries(0):
        affiliation = member_affiliation(again)

    assert affiliation.company.name == "Demo Company 1"


def test_each_person_gets_their_own_company(member, outsider, lonely_user):
    reads = [_company(member), _company(outsider), _company(lonely_user)]

    reads += [_company(member), _company(outsider), _company(lonely_user)]

    assert (
        reads
        == [
            ("Demo Company 1", CompanyRole.MEMBER),
            ("Autre Entreprise", CompanyRole.MEMBER),
            None,
        ]
        * 2
    )


def test_approval_and_role_change_are_seen_by_the_next_read(company, referent, staff):
    person = UserFactory()
    reads = [_company(person)]
    affiliation = request_affiliation(user=person, company=company)
    reads.append(_company(person))

    decide_affiliation(affiliation=affiliation, by=referent, approve=True)
    reads.append(_company(person))
    set_company_role(affiliation=affiliation, by=staff, role=CompanyRole.REFERENT)
    reads.append(_company(person))

    assert reads == [None, None, ("Demo Company 1", CompanyRole.MEMBER), ("Demo Company 1", CompanyRole.REFERENT)]


def test_company_renamed_or_suspended_is_seen_by_the_next_read(company, member):
    reads = [_company(member)]

    company.name = "Nouveau Nom"
    company.save()
    reads.append(_company(member))
    set_company_status(companies=[company], status=CompanyStatus.SUSPENDED)
    reads.append(_company(member))

    assert reads == [("Demo Company 1", CompanyRole.MEMBER), ("Nouveau Nom", CompanyRole.MEMBER), None]


def test_affiliation_ended_or_deleted_is_seen_by_the_next_read(company, member, referent):
    reads = [_company(member), _company(referent)]

    affiliation = Affiliation.objects.get(user=member)
    affiliation.status = AffiliationStatus.ENDED
    affiliation.save()
    Affiliation.objects.get(user=referent).delete()

    reads += [_company(member), _company(referent)]
    assert reads == [("Demo Company 1", CompanyRole.MEMBER), ("Demo Company 1", CompanyRole.REFERENT), None, None]


def test_affiliation_cached_by_another_request_before_the_commit_is_dropped_at_the_commit(
    company, member, django_capture_on_commit_callbacks
):
    affiliation = Affiliation.objects.get(user=member)

    stale = Affiliation.objects.select_related("company").get(pk=affiliation.pk)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        affiliation.status = AffiliationStatus.ENDED
        affiliation.save()
        # Another request read before this transaction committed and cached what it saw.
        cache.set(_AFFILIATION_KEY.format(user_id=member.pk), (caching.stamp(AFFILIATIONS_STAMP), stale))
        during = _company(member)  # the writing transaction reads its own change

    assert [during, _company(member)] == [None, None]


def test_a_rolled_back_change_leaves_the_committed_company_cached(company, member):
    assert _company(member) == ("Demo Company 1", CompanyRole.MEMBER)
    affiliation = Affiliation.objects.get(user=member)

    seen = []

    def end_then_fail():
        with transaction.atomic():
            affiliation.status = AffiliationStatus.ENDED
            affiliation.save()
            seen.append(_company(member))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        end_then_fail()

    assert seen == [None]
    assert _company(member) == ("Demo Company 1", CompanyRole.MEMBER)
