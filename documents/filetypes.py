"""What the library accepts, checked by content (never by name), in one place.

Accepted: PDF, Office Open XML (docx, xlsx, pptx), OpenDocument (odt, ods, odp), CSV and plain
text, PNG, JPEG. The binary kinds are recognised by their signature with the ``filetype`` package;
then each kind's structure is checked, so that a file cut short is refused too: a PDF ends with
``%%EOF``, a PNG with its ``IEND`` chunk, a JPEG with its end-of-image marker; an Office file is a
zip whose central directory reads, holding ``[Content_Types].xml`` that declares the main part of a
document, workbook or presentation (macro-enabled variants are not accepted), and that main part;
an OpenDocument file is a zip whose first member, ``mimetype``, names a text, spreadsheet or
presentation. Anything else is text only when it is valid UTF-8 with no NUL character (nor other
control characters but tab, line and page breaks), which an executable never is.

``check_upload`` raises ``ValidationError`` on ``file`` with a message the user reads, or returns
the kind found: its content type is what the file is stored and served as.
"""

import codecs
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
CSV = "text/csv"
TEXT_PLAIN = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"

# Office Open XML: the main part and the content type [Content_Types].xml declares for it.
OOXML_MAIN_PARTS = {
    DOCX: ("word/document.xml", DOCX + ".main+xml"),
    XLSX: ("xl/workbook.xml", XLSX + ".main+xml"),
    PPTX: ("ppt/presentation.xml", PPTX + ".main+xml"),
}
ODF_TYPES = (ODT, ODS, ODP)
ACCEPTED = (PDF, PNG, JPEG, CSV, TEXT_PLAIN, DOCX, XLSX, PPTX, ODT, ODS, ODP)

HEAD_SIZE = 8192
TAIL_SIZE = 1024
# [Content_Types].xml of a real file is a few kilobytes; a larger one is not read whole.
CONTENT_TYPES_LIMIT = 256 * 1024
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG_END = b"\xff\xd9"
TEXT_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
TEXT_REFUSED = bytes(c for c in range(32) if c not in TEXT_CONTROLS) + b"\x7f"


@dataclass(frozen=True)
class FileKind:
    content_type: str  # one of ACCEPTED: what the file is stored and served as


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def accepted_kinds_text() -> str:
    return _("PDF, Word, Excel, PowerPoint (docx, xlsx, pptx), OpenDocument (odt, ods, odp), CSV, texte, PNG, JPEG")


def _not_accepted() -> ValidationError:
    return _refuse(
        _("Ce type de fichier n'est pas accepté. Formats acceptés : %(kinds)s.") % {"kinds": accepted_kinds_text()}
    )


def _damaged(label: str) -> ValidationError:
    return _refuse(
        _("Le fichier %(kind)s est incomplet ou endommagé : enregistrez-le de nouveau puis réessayez.")
        % {"kind": label}
    )


def _read(uploaded, start: int, length: int) -> bytes:
    uploaded.seek(start)
    return uploaded.read(length)


def _check_office(uploaded) -> FileKind:
    """An OOXML or ODF file: a readable zip with the right structure."""
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged(_("compressé (zip)")) from None
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if members and members[0].filename == "mimetype":
            try:
                declared = archive.read(members[0]).decode("ascii").strip()
            except (zipfile.BadZipFile, OSError, UnicodeDecodeError, NotImplementedError, EOFError):
                raise _damaged("OpenDocument") from None
            if declared in ODF_TYPES and "content.xml" in names:
                return FileKind(declared)
            raise _not_office()
        if "[Content_Types].xml" in names:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                raise _not_office()
            try:
                declared = archive.read(info).decode("utf-8", errors="replace")
            except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError):
                raise _damaged("Office") from None
            for content_type, (part, part_type) in OOXML_MAIN_PARTS.items():
                if part in names and f'"{part_type}"' in declared:
                    return FileKind(content_type)
        raise _not_office()


def _not_office() -> ValidationError:
    return _refuse(
        _(
            "Ce fichier compressé n'est pas un document Office (docx, xlsx, pptx) ni OpenDocument (odt, ods, odp) : "
            "les archives zip ne sont pas acceptées."
        )
    )


TEXT, NOT_UTF8, BINARY = "text", "not-utf8", "binary"


def _text_kind(uploaded) -> str:
    """``TEXT``: valid UTF-8 (a byte-order mark allowed) without NUL nor other control characters but
    tab and breaks; ``NOT_UTF8``: such characters are absent but the bytes are not UTF-8 (a CSV saved
    in Windows-1252, say); ``BINARY``: anything else."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid = True
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(64 * 1024), b""):
        if any(byte in chunk for byte in TEXT_REFUSED):
            return BINARY
        if valid:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                valid = False
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    return TEXT if valid else NOT_UTF8


def check_upload(uploaded) -> FileKind:
    """The kind of ``uploaded`` (a Django uploaded file), or ``ValidationError`` on ``file``.

    Refused: an empty file, one over ``DOCUMENTS_MAX_SIZE``, a kind not accepted (an executable,
    whatever its name), a zip that is not an Office or OpenDocument file, a file cut short.
    """
    size = uploaded.size or 0
    if size == 0:
        raise _refuse(_("Le fichier est vide."))
    limit = conf.max_size()
    if size > limit:
        raise _refuse(
            _("Le fichier dépasse la taille maximale de %(limit)s Mo.") % {"limit": f"{limit / (1024 * 1024):g}"}
        )
    try:
        head = _read(uploaded, 0, HEAD_SIZE)
        tail = _read(uploaded, max(size - TAIL_SIZE, 0), TAIL_SIZE)
        guessed = filetype.guess(head)
        mime = guessed.mime if guessed is not None else None
        if mime == PDF:
            if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
                raise _damaged("PDF")
            return FileKind(PDF)
        if mime == PNG:
            if not tail.endswith(PNG_END):
                raise _damaged("PNG")
            return FileKind(PNG)
        if mime == JPEG:
            if JPEG_END not in tail[-64:]:
                raise _damaged("JPEG")
            return FileKind(JPEG)
        if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
            return _check_office(uploaded)
        text = _text_kind(uploaded)
        if text == TEXT:
            # Both are text: the name only tells which of the two the author meant.
            return FileKind(CSV if (uploaded.name or "").lower().endswith(".csv") else TEXT_PLAIN)
        if text == NOT_UTF8:
            raise _refuse(
                _(
                    "Ce fichier texte n'est pas encodé en UTF-8 : enregistrez-le en UTF-8 (dans Excel : "
                    "« CSV UTF-8 ») puis réessayez."
                )
            )
        raise _not_accepted()
    finally:
        uploaded.seek(0)
