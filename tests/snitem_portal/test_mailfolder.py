"""Development email: one file per message in data/emails/, one line per message in the terminal,
and the verification link on a line of its own."""

import email
import email.policy

import pytest
from django.core.cache import cache
from django.core.mail import send_mail

from .test_accounts import signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(settings, tmp_path):
    settings.EMAIL_BACKEND = "snitem_portal.mailfolder.FolderEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "emails"
    cache.clear()
    return settings.EMAIL_FILE_PATH


def test_signup_prints_one_line_and_the_verification_link(client, folder, capsys):
    signup(client, email="nina@company.example")

    lines = capsys.readouterr().out.splitlines()
    files = sorted(folder.iterdir())
    assert len(files) == 1
    assert len(lines) == 2
    assert lines[0].startswith('Email "[Snitem] ')
    assert lines[0].endswith(f"to nina@company.example -> {files[0]}")
    assert lines[1].startswith("  Link: http://testserver/compte/confirm-email/")
    message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert message["To"] == "nina@company.example"
    assert lines[1].removeprefix("  Link: ") in message.get_body(("plain",)).get_content()


def test_many_emails_are_one_line_each(folder, capsys):
    for number in range(1, 86):
        send_mail(f"Rappel {number}", "Texte\n" * 50, None, [f"member.{number}@demo.example"])

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 85
    assert lines[84].startswith('Email "Rappel 85" to member.85@demo.example -> ')
    assert len(list(folder.iterdir())) == 85
