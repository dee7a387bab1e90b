"""PDF attachments of a draft: the checks on the file, the antivirus hook, adding and deleting."""

import os
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from snitem_portal.exceptions import Conflict
from snitem_portal.uploads import scan_upload

from .. import conf
from ..models import Attachment, Submission
from .submissions import check_deadline, check_member, lock_submission

PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def validate_pdf(uploaded) -> None:
    """Refuse what is not a PDF by its name and its content; refuse empty and oversized files.

    Checked: size (0 < size <= setting), name ends with .pdf, content starts with a ``%PDF-1.x`` or
    ``%PDF-2.x`` header, and ends with ``%%EOF`` after at least one indirect object.
    """
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError({"file": [_("Le fichier est vide.")]})
    limit = conf.max_attachment_size()
    if size > limit:
        raise ValidationError(
            {
                "file": [
                    _("Le fichier dépasse la taille maximale de %(limit)s Mo.")
                    % {"limit": f"{limit / (1024 * 1024):g}"}
                ]
            }
        )
    if not (uploaded.name or "").lower().endswith(".pdf"):
        raise ValidationError({"file": [_("Seuls les fichiers PDF (.pdf) sont acceptés.")]})
    uploaded.seek(0)
    head = uploaded.read(1024)
    uploaded.seek(max(size - 2048, 0))
    tail = uploaded.read()
    uploaded.seek(0)
    if not PDF_HEADER.match(head) or b"%%EOF" not in tail or not PDF_OBJECT.search(head + tail):
        raise ValidationError({"file": [_("Le fichier n'est pas un PDF valide.")]})


def scan_attachment(uploaded) -> None:
    """The antivirus hook every kept upload goes through (``snitem_portal.uploads``): ``UPLOAD_SCANNER``,
    or its older name ``PROJECTS_ATTACHMENT_SCANNER``, names a callable that takes the uploaded file
    and raises ValidationError to refuse it. No scanner is configured by default."""
    scan_upload(uploaded)


@transaction.atomic
def add_attachment(*, submission: Submission, by, uploaded) -> Attachment:
    """Attach a PDF to a draft (a member of the company), before the deadline. Nothing is stored if
    any check fails."""
    check_member(by, submission)
    submission = lock_submission(submission)
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée : elle n'est plus modifiable."))
    check_deadline(submission, timezone.now())
    validate_pdf(uploaded)
    scan_attachment(uploaded)
    name = os.path.basename(uploaded.name)[:255]
    attachment = Attachment(submission=submission, name=name, size=uploaded.size, uploaded_by=by)
    attachment.file.save(name, uploaded, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment, by) -> None:
    submission = attachment.submission
    check_member(by, submission)
    submission = lock_submission(submission)
    if not submission.is_draft:
        raise Conflict(_("La candidature a déjà été déposée : elle n'est plus modifiable."))
    check_deadline(submission, timezone.now())
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
