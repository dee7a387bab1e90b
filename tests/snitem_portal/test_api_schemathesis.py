"""Property-based run over the whole OpenAPI schema: no input ever produces a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from snitem_portal.wsgi import application
from tests.factories import UserFactory, referent_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_schema(company):
    # Like Django's test client: keep the test's transaction open across WSGI requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def callers(company):
    """Headers of the two widest roles: staff, and a company referent."""
    users = [UserFactory(is_staff=True), referent_of(company)]
    return [{"Authorization": f"Token {Token.objects.create(user=user).key}"} for user in users]


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_with_a_server_error(case, callers):
    for headers in callers:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])
