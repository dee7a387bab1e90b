"""Settings of the projects app, each read from the Django settings at call time with its default.

Read on each call, so that ``override_settings`` and a changed deployment setting apply.
"""

from django.conf import settings

from snitem_portal.uploads import upload_scanner


def max_attachment_size() -> int:
    """Largest attachment accepted, in bytes (``PROJECTS_MAX_ATTACHMENT_SIZE``)."""
    return getattr(settings, "PROJECTS_MAX_ATTACHMENT_SIZE", 10 * 1024 * 1024)


def closing_soon_days() -> int:
    """Calls closing within this many days show on the staff dashboard (``PROJECTS_CLOSING_SOON_DAYS``)."""
    return getattr(settings, "PROJECTS_CLOSING_SOON_DAYS", 14)


def attachment_scanner() -> str:
    """Dotted path of the antivirus hook (a callable raising ValidationError), or empty for none:
    the one every kept upload goes through (``snitem_portal.uploads.upload_scanner``)."""
    return upload_scanner()
