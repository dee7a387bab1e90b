"""Writes about documents: adding one with its first file, adding versions, editing its words."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Meeting, WorkingGroup
from snitem_portal.locking import check_version
from snitem_portal.modelfields import LONG_TEXT, SHORT_TEXT
from snitem_portal.notifications import notify
from snitem_portal.uploads import scan_upload

from .enums import Visibility
from .filetypes import check_upload
from .models import Document, DocumentVersion
from .permissions import can_add_document, can_edit_document, can_set_visibility
from .selectors import document_audience

EDITABLE_FIELDS = ("title", "description", "visibility", "meeting")


def not_editor() -> str:
    return _("Seuls l'auteur du document, la présidence du groupe et l'équipe du Snitem le modifient.")


def _clean_words(*, title: str, description: str, visibility: str) -> dict:
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Donnez un titre au document.")]
    elif len(title) > 200:
        errors["title"] = [_("Le titre tient en 200 caractères au plus.")]
    if len(description or "") > LONG_TEXT:
        errors["description"] = [_("La description tient en %(limit)d caractères au plus.") % {"limit": LONG_TEXT}]
    if visibility not in Visibility.values:
        errors["visibility"] = [
            _("Visibilité inconnue. Valeurs possibles : %(values)s.") % {"values": ", ".join(Visibility.values)}
        ]
    if errors:
        raise ValidationError(errors)
    return {"title": title, "description": description or "", "visibility": visibility}


def _check_meeting(meeting: Meeting | None, group: WorkingGroup) -> None:
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationError({"meeting": [_("Cette réunion n'est pas une réunion de ce groupe.")]})


def _check_visibility(by, group: WorkingGroup, visibility: str, current: str | None = None) -> None:
    if not can_set_visibility(by, group, visibility, current):
        raise PermissionDenied(
            _("Seules la présidence du groupe et l'équipe du Snitem publient un document ou retirent une publication.")
        )


def _store_version(*, document: Document, number: int, by, uploaded, note: str) -> DocumentVersion:
    """Check the file by its content, scan it, then keep it. Nothing is stored when a check fails;
    a file written for a row that is not saved after all is deleted again."""
    if len(note or "") > SHORT_TEXT:
        raise ValidationError({"note": [_("La note tient en %(limit)d caractères au plus.") % {"limit": SHORT_TEXT}]})
    kind = check_upload(uploaded)
    scan_upload(uploaded)
    filename = os.path.basename(uploaded.name or "") or "document"
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename[-255:],
        size=uploaded.size,
        content_type=kind.content_type,
        uploaded_by=by,
        note=note or "",
    )
    version.file.save(filename, uploaded, save=False)
    stored, storage = version.file.name, version.file.storage
    try:
        version.save()
        document.current_version = version
        document.updated_at = version.uploaded_at
        document.save(update_fields=["current_version", "updated_at"])
    except Exception:
        storage.delete(stored)
        raise
    return version


@transaction.atomic
def add_document(
    *,
    group: WorkingGroup,
    by,
    title: str,
    uploaded,
    description: str = "",
    visibility: str = Visibility.GROUP,
    meeting: Meeting | None = None,
    note: str = "",
) -> Document:
    """Add a document to ``group``'s library with its first file (version 1).

    Who: the group's active members and staff; ``public`` only by its chairs and staff (else
    PermissionDenied). The file is checked by its content (``documents.filetypes``) and by the
    antivirus hook; any refusal stores nothing. Side effects: the group's other members are told
    (``documents/email/document_added``) once committed.
    """
    if not can_add_document(by, group):
        raise PermissionDenied(_("Seuls les membres du groupe ajoutent des documents à sa bibliothèque."))
    words = _clean_words(title=title, description=description, visibility=visibility)
    _check_visibility(by, group, words["visibility"])
    _check_meeting(meeting, group)
    now = timezone.now()
    document = Document.objects.create(
        group=group, meeting=meeting, created_by=by, created_at=now, updated_at=now, **words
    )
    _store_version(document=document, number=1, by=by, uploaded=uploaded, note=note)
    notify(
        template="documents/email/document_added",
        recipients=document_audience(document).exclude(pk=by.pk),
        context={"document": document, "by": by},
    )
    return document


@transaction.atomic
def add_version(*, document: Document, by, uploaded, note: str = "") -> DocumentVersion:
    """Upload a new file for ``document``: the next number, earlier versions kept.

    Who: its author (while a member of the group), the group's chairs and staff. The document row
    is locked, so two uploads at once get two numbers. The file is checked as for a new document.
    """
    if not can_edit_document(by, document):
        raise PermissionDenied(
            _("Seuls l'auteur du document, la présidence du groupe et l'équipe du Snitem le modifient.")
        )
    locked = Document.objects.select_for_update().get(pk=document.pk)
    number = (locked.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = _store_version(document=locked, number=number, by=by, uploaded=uploaded, note=note)
    document.current_version, document.updated_at = version, locked.updated_at
    return version


class _Revision:
    """The document's ``revision`` as ``check_version`` reads a version (``version`` is the API's latest file)."""

    def __init__(self, document: Document):
        self.version = document.revision


@transaction.atomic
def update_document(*, document: Document, by, revision=None, **changes) -> Document:
    """Change a document's title, description, visibility or meeting (fields not given stay).

    Who: as ``add_version``; making it public or withdrawing it from the publications takes a chair
    or staff. A reference entry without a file stays public. ``revision``, when given, is the one the
    author read: a stale one is a Conflict and changes nothing (the page always sends it; the API
    when the client does). Side effects: ``revision`` + 1, a history row.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if not can_edit_document(by, document):
        raise PermissionDenied(
            _("Seuls l'auteur du document, la présidence du groupe et l'équipe du Snitem le modifient.")
        )
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if revision is not None:
        check_version(_Revision(locked), revision)
    words = _clean_words(
        title=changes.get("title", locked.title),
        description=changes.get("description", locked.description),
        visibility=changes.get("visibility", locked.visibility),
    )
    _check_visibility(by, locked.group, words["visibility"], locked.visibility)
    if locked.is_reference and words["visibility"] != Visibility.PUBLIC:
        raise ValidationError({"visibility": [_("Une publication de référence reste publique.")]})
    meeting = changes.get("meeting", locked.meeting)
    _check_meeting(meeting, locked.group)
    for field, value in {**words, "meeting": meeting}.items():
        setattr(locked, field, value)
    locked.updated_at = timezone.now()
    locked.revision += 1
    locked._change_reason = "update"
    locked.save()
    return locked


@transaction.atomic
def record_reference_publication(
    *, key: str, group: WorkingGroup, title: str, description: str, source_url: str, published_at
) -> Document:
    """Create or refresh a sourced publication whose file is not public: no version, its source named.

    Only reference data (``documents.reference``) calls this; every other document has a file.
    """
    if not source_url:
        raise ValidationError({"source_url": [_("Une publication de référence sans fichier doit citer sa source.")]})
    document, _created = Document.objects.update_or_create(
        reference_key=key,
        defaults={"group": group, "title": title, "description": description, "source_url": source_url},
        create_defaults={
            "group": group,
            "title": title,
            "description": description,
            "source_url": source_url,
            "visibility": Visibility.PUBLIC,
            "created_at": published_at,
            "updated_at": published_at,
        },
    )
    return document


@transaction.atomic
def delete_document(*, document: Document, by) -> None:
    """Delete a document and every version (staff, from admin). Its files are removed once committed."""
    if not can_edit_document(by, document):
        raise PermissionDenied(
            _("Seuls l'auteur du document, la présidence du groupe et l'équipe du Snitem le modifient.")
        )
    files = [(version.file.storage, version.file.name) for version in document.versions.all() if version.file]
    document.delete()

    def remove():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove)
