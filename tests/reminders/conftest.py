import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.factories import CompanyFactory, UserFactory, member_of

from .factories import MeetingFactory, MembershipFactory, WorkingGroupFactory


@pytest.fixture
def default_rules(transactional_db):
    """The rules of the data migration, for transactional tests (a previous one's flush removed them)."""
    from reminders.conf import DEFAULT_OFFSETS_DAYS
    from reminders.enums import DeadlineKind
    from reminders.models import ReminderRule

    for kind in DeadlineKind.values:
        for days in DEFAULT_OFFSETS_DAYS:
            ReminderRule.objects.get_or_create(kind=kind, days_before=days, hours_before=0)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Évaluation des solutions", slug="evaluation")


@pytest.fixture
def meeting(group):
    """A meeting in 12 hours: both default rules (7 days, 1 day) are due."""
    return MeetingFactory(group=group, title="Plénière")


def add_members(group, count: int, **user_kwargs):
    """``count`` active members of ``group``, each a member of an active company."""
    company = CompanyFactory()
    return [
        MembershipFactory(group=group, user=member_of(company, user=UserFactory(**user_kwargs))).user
        for _ in range(count)
    ]


@dataclass
class SmtpSink:
    """What a local aiosmtpd server received; fails the first ``fail_first`` deliveries (451)."""

    fail_first: int = 0
    received: list = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refused < self.fail_first:
            self.refused += 1
            return "451 4.3.0 Temporary failure, try again"
        self.received.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost, and the settings that send to it."""
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield sink
    controller.stop()
