"""What the documents app holds about a person, for their personal data export."""

from .selectors import uploads_by


def export(user) -> dict:
    """The files ``user`` uploaded (metadata, not the files): document, group, version, name, size, when, note."""
    return {
        "document_versions": [
            {
                "document": version.document.title,
                "group": version.document.group.name,
                "number": version.number,
                "filename": version.filename,
                "size": version.size,
                "content_type": version.content_type,
                "uploaded_at": version.uploaded_at.isoformat(),
                "note": version.note,
            }
            for version in uploads_by(user).order_by("uploaded_at", "pk")
        ]
    }
