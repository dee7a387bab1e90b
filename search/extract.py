"""Text of the files people upload (PDF, Office Open XML, OpenDocument, CSV, plain text), for the index.

``text_of(file, content_type)`` gives at most ``SEARCH_MAX_TEXT_LENGTH`` characters and never
raises on a broken or hostile file: it gives what it could read (often nothing) and logs why.
Archives (Office and OpenDocument files are zip files) are refused when they would unpack to more
than ``MAX_UNPACKED_BYTES`` or hold too many parts; reading stops at ``DEADLINE_SECONDS`` (the
Celery task that calls it also has a hard time limit, for a single page that never ends).
"""

import contextlib
import io
import logging
import time
import zipfile
from collections.abc import Iterable, Iterator

from . import conf

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
CSV = "text/csv"
TEXT = "text/plain"

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 10_000
MAX_PDF_PAGES = 2_000
MAX_SHEET_CELLS = 1_000_000
DEADLINE_SECONDS = 30


class Unreadable(Exception):
    """The file is refused before parsing (an archive too large once unpacked)."""


def text_of(file, content_type: str, *, limit: int | None = None) -> str:
    """The text of ``file`` (a Django File or FieldFile, or a binary file object), bounded."""
    limit = limit or conf.max_text_length()
    reader = READERS.get((content_type or "").split(";")[0].strip().lower())
    if reader is None:
        return ""
    try:
        data = _read_all(file)
        return _bounded(reader(data), limit, deadline=time.monotonic() + DEADLINE_SECONDS)
    except Exception:
        # Whatever a hostile or broken file makes a parser raise: the file is indexed without its text.
        logger.warning("No text extracted from a %s file", content_type, exc_info=True)
        return ""


def _read_all(file) -> bytes:
    opened = hasattr(file, "open") and getattr(file, "closed", True)
    if opened:
        file.open("rb")
    try:
        with contextlib.suppress(AttributeError, OSError):  # a stream that cannot seek starts where it is
            file.seek(0)
        return file.read()
    finally:
        if opened:
            file.close()


def _bounded(pieces: Iterable[str], limit: int, *, deadline: float) -> str:
    """Join the pieces until ``limit`` characters or the deadline."""
    parts, length = [], 0
    for piece in pieces:
        piece = " ".join(str(piece).split())
        if not piece:
            continue
        parts.append(piece)
        length += len(piece) + 1
        if length >= limit:
            break
        if time.monotonic() > deadline:
            logger.warning("Text extraction stopped at the deadline after %d characters", length)
            break
    return "\n".join(parts)[:limit]


def _checked_archive(data: bytes) -> bytes:
    """``data`` if it is a zip archive of reasonable unpacked size, else ``Unreadable``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_ARCHIVE_MEMBERS:
            raise Unreadable(f"{len(members)} parts in the archive")
        unpacked = sum(member.file_size for member in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise Unreadable(f"{unpacked} bytes once unpacked")
    return data


def _pdf(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            break
        yield page.extract_text() or ""


def _docx(data: bytes) -> Iterator[str]:
    import docx

    document = docx.Document(io.BytesIO(_checked_archive(data)))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def _xlsx(data: bytes) -> Iterator[str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(_checked_archive(data)), read_only=True, data_only=True)
    cells = 0
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > MAX_SHEET_CELLS:
                    return
                yield " ".join(str(value) for value in row if value is not None)
    finally:
        workbook.close()


def _pptx(data: bytes) -> Iterator[str]:
    from pptx import Presentation

    presentation = Presentation(io.BytesIO(_checked_archive(data)))
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame.text
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    yield " ".join(cell.text for cell in row.cells)


def _opendocument(data: bytes) -> Iterator[str]:
    from odf import opendocument, teletype
    from odf import text as odf_text

    document = opendocument.load(io.BytesIO(_checked_archive(data)))
    for element in document.getElementsByType(odf_text.H) + document.getElementsByType(odf_text.P):
        yield teletype.extractText(element)


def _plain(data: bytes) -> Iterator[str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    yield from text.splitlines()


READERS = {
    PDF: _pdf,
    DOCX: _docx,
    XLSX: _xlsx,
    PPTX: _pptx,
    ODT: _opendocument,
    ODS: _opendocument,
    ODP: _opendocument,
    CSV: _plain,
    TEXT: _plain,
}
