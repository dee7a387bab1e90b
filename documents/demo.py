"""Demo documents: every active group gets a library of small generated files, in proportion to ``--scale``.

Each group gets ``2 + scale`` documents (PDFs, and a spreadsheet every third one), uploaded by its
chair, one visibility of each kind in turn (public ones only where a chair published them), some
with a second version. The files are generated here (a one-page PDF, an openpyxl workbook), so
they are valid and tiny; rows are bulk-created and no one is emailed.
"""

import io
from datetime import timedelta

from openpyxl import Workbook
from simple_history.utils import bulk_create_with_history

from groups.enums import CHAIR_ROLES, MembershipStatus
from groups.models import Membership, WorkingGroup
from snitem_portal.demo import Demo
from snitem_portal.uploads import private_storage

from .enums import Visibility
from .filetypes import PDF, XLSX
from .models import Document, DocumentVersion, version_path

TITLES = [
    "Compte rendu de lancement",
    "Note de position",
    "Synthèse des contributions",
    "Calendrier des travaux",
    "Recueil d'indicateurs",
    "Présentation aux adhérents",
]
VISIBILITIES = [Visibility.GROUP, Visibility.MEMBERS, Visibility.PUBLIC]


def _pdf_text(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def minimal_pdf(text: str = "Document", *, padding: bytes = b"") -> bytes:
    """A valid one-page PDF showing ``text`` (Helvetica), with its cross-reference table and ``%%EOF``;
    ``padding`` (e.g. random bytes, for a large file) goes into an extra stream object."""
    content = b"BT /F1 18 Tf 72 760 Td (" + _pdf_text(text) + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if padding:
        objects.append(b"<< /Length %d >>\nstream\n" % len(padding) + padding + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def minimal_xlsx(title: str = "Document") -> bytes:
    """A valid one-sheet workbook."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Données"
    sheet.append([title])
    sheet.append(["Indicateur", "Valeur"])
    sheet.append(["Participants", 12])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _chairs(groups) -> dict[int, object]:
    """The first chair (else any active member) of each group, with their account."""
    seats = (
        Membership.objects.filter(group__in=groups, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("group_id", "role", "pk")
    )
    chairs: dict[int, object] = {}
    for seat in seats:
        if seat.group_id not in chairs or (seat.role in CHAIR_ROLES and chairs[seat.group_id][0] not in CHAIR_ROLES):
            chairs[seat.group_id] = (seat.role, seat.user)
    return {group_id: user for group_id, (_role, user) in chairs.items()}


def seed(*, demo: Demo) -> None:
    groups = list(WorkingGroup.objects.filter(is_active=True).order_by("pk"))
    uploaders = _chairs(groups)
    per_group = 2 + demo.scale
    pdf, xlsx = minimal_pdf("Document de démonstration"), minimal_xlsx("Document de démonstration")
    documents = []
    for group in groups:
        author = uploaders.get(group.pk, demo.staff)
        for i in range(per_group):
            created = demo.now - timedelta(days=3 * (per_group - i), hours=group.pk % 24)
            documents.append(
                Document(
                    group=group,
                    title=f"{TITLES[i % len(TITLES)]} — {group.name}"[:200],
                    description="Document de démonstration : contenu fictif.",
                    visibility=VISIBILITIES[i % len(VISIBILITIES)],
                    created_by=author,
                    created_at=created,
                    updated_at=created,
                )
            )
    documents = bulk_create_with_history(documents, Document, batch_size=1000, default_user=demo.staff)
    versions = []
    for index, document in enumerate(documents):
        spreadsheet = index % 3 == 2
        content, content_type = (xlsx, XLSX) if spreadsheet else (pdf, PDF)
        extension = "xlsx" if spreadsheet else "pdf"
        for number in range(1, 3 if index % 4 == 0 else 2):
            version = DocumentVersion(
                document=document,
                number=number,
                filename=f"document-{document.pk}.{extension}",
                size=len(content),
                content_type=content_type,
                uploaded_by=document.created_by,
                uploaded_at=document.created_at + timedelta(days=number - 1),
                note="" if number == 1 else "Relecture du groupe.",
            )
            version.file.name = private_storage.save(version_path(version, version.filename), io.BytesIO(content))
            versions.append(version)
    versions = DocumentVersion.objects.bulk_create(versions, batch_size=1000)
    latest = {}
    for version in versions:
        if version.number >= getattr(latest.get(version.document_id), "number", 0):
            latest[version.document_id] = version
    for document in documents:
        document.current_version = latest[document.pk]
    Document.objects.bulk_update(documents, ["current_version"], batch_size=1000)
