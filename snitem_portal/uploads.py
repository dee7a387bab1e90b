"""Uploaded files, for every app that keeps them: private storage and the antivirus hook.

Private files live under ``settings.PRIVATE_MEDIA_ROOT``, outside static and media, and are only
streamed by a view that checks who may see them. Every upload an app keeps goes through
``scan_upload`` first: ``UPLOAD_SCANNER`` (or its older name ``PROJECTS_ATTACHMENT_SCANNER``)
names a callable that takes the uploaded file and raises ``ValidationError`` to refuse it.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT`` (read at use, so a test may change it), no URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; use the download view.")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


def upload_scanner() -> str:
    """Dotted path of the antivirus hook every kept upload goes through, or empty for none."""
    return getattr(settings, "UPLOAD_SCANNER", "") or getattr(settings, "PROJECTS_ATTACHMENT_SCANNER", "")


def scan_upload(uploaded, *, scanner: str | None = None) -> None:
    """Run the antivirus hook (``scanner``, else ``upload_scanner()``) on ``uploaded``; it raises
    ``ValidationError`` to refuse the file. No hook configured: nothing to do."""
    path = upload_scanner() if scanner is None else scanner
    if path:
        uploaded.seek(0)
        import_string(path)(uploaded)
        uploaded.seek(0)
