from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects import services
from projects.models import Attachment

from .factories import MINIMAL_PDF, confirmed_partner, pass_deadline, pdf_upload, submitted

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_pdf_is_stored_privately(draft, member, private_root, settings):
    attachment = services.add_attachment(submission=draft, by=member, uploaded=pdf_upload("Dossier complet.pdf"))

    assert (attachment.name, attachment.size) == ("Dossier complet.pdf", len(MINIMAL_PDF))
    path = attachment.file.path
    assert path.startswith(str(private_root))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    with open(path, "rb") as handle:
        assert handle.read() == MINIMAL_PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"Bonjour, ceci est du texte.\n" * 20, "n'est pas un PDF valide"),
        ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "n'est pas un PDF valide"),
        ("dossier.exe", MINIMAL_PDF, "Seuls les fichiers PDF"),
        ("vide.pdf", b"", "Le fichier est vide"),
        ("tronque.pdf", MINIMAL_PDF[:40], "n'est pas un PDF valide"),
    ],
)
def test_refused_files_leave_nothing_stored(draft, member, private_root, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.add_attachment(submission=draft, by=member, uploaded=pdf_upload(name, content))

    assert not Attachment.objects.exists()
    assert stored_files(private_root) == []


def test_oversized_file_is_refused(draft, member, private_root, settings):
    settings.PROJECTS_MAX_ATTACHMENT_SIZE = 1024
    big = MINIMAL_PDF.replace(b"%%EOF", b"%" + b"x" * 1100 + b"\n%%EOF")

    with pytest.raises(ValidationError, match="taille maximale"):
        services.add_attachment(submission=draft, by=member, uploaded=pdf_upload("gros.pdf", big))

    assert not Attachment.objects.exists()
    assert stored_files(private_root) == []


def test_default_limit_is_10_mb(draft, member, private_root):
    big = MINIMAL_PDF.replace(b"%%EOF", b"%" + b"x" * (10 * 1024 * 1024) + b"\n%%EOF")

    with pytest.raises(ValidationError, match="taille maximale de 10 Mo"):
        services.add_attachment(submission=draft, by=member, uploaded=pdf_upload("gros.pdf", big))

    assert stored_files(private_root) == []


def test_attachment_refused_after_deadline_and_for_other_companies(draft, member, outsider, private_root):
    with pytest.raises(PermissionDenied):
        services.add_attachment(submission=draft, by=outsider, uploaded=pdf_upload())
    with time_machine.travel(draft.call.closes_at + timedelta(seconds=1)), pytest.raises(ValidationError):
        services.add_attachment(submission=draft, by=member, uploaded=pdf_upload())

    assert stored_files(private_root) == []


def test_scanner_hook_can_refuse_a_file(draft, member, private_root, settings):
    settings.PROJECTS_ATTACHMENT_SCANNER = "tests.projects.test_attachments.refuse_everything"

    with pytest.raises(ValidationError, match="virus"):
        services.add_attachment(submission=draft, by=member, uploaded=pdf_upload())

    assert stored_files(private_root) == []


def refuse_everything(uploaded):
    raise ValidationError("Fichier refusé par l'antivirus (virus test).")


def status_of(client, url) -> int:
    return client.get(url).status_code


def test_download_is_served_to_the_company_and_staff_only(
    client, draft, member, outsider, staff, referent, juror, company_juror
):
    attachment = services.add_attachment(submission=draft, by=member, uploaded=pdf_upload())
    url = reverse("projects:attachment-download", args=[attachment.pk])

    client.force_login(outsider)
    assert status_of(client, url) == 404
    client.force_login(staff)  # a draft is not staff's business yet
    assert status_of(client, url) == 404
    client.force_login(juror)
    assert status_of(client, url) == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == MINIMAL_PDF
    assert response["Content-Disposition"] == 'attachment; filename="dossier.pdf"'
    assert response["Content-Type"] == "application/pdf"

    services.submit_submission(submission=draft, by=referent, version=draft.version)
    client.force_login(staff)
    assert status_of(client, url) == 200
    client.force_login(juror)  # not before the deadline: the company may still withdraw it
    assert status_of(client, url) == 404
    pass_deadline(draft.call)
    assert status_of(client, url) == 200
    client.force_login(company_juror)  # recused from their own company's application
    assert status_of(client, url) == 200  # ... but is a member of that company
    client.force_login(outsider)
    assert status_of(client, url) == 404


def test_recused_juror_cannot_download_a_partner_companys_attachment(client, call, other_company, company_juror):
    submission = submitted(call=call, company=other_company)
    confirmed_partner(submission, company_juror.affiliations.get().company)
    attachment = Attachment.objects.create(submission=submission, name="a.pdf", size=3, file="projects/x.pdf")

    client.force_login(company_juror)
    response = client.get(reverse("projects:attachment-download", args=[attachment.pk]))

    assert response.status_code == 404
