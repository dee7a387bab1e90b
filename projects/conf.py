"""Settings of the projects app, with their defaults (override them in the Django settings)."""

from django.conf import settings

# Largest attachment accepted, in bytes.
MAX_ATTACHMENT_SIZE = getattr(settings, "PROJECTS_MAX_ATTACHMENT_SIZE", 10 * 1024 * 1024)
# Calls closing within this many days show on the staff dashboard.
CLOSING_SOON_DAYS = getattr(settings, "PROJECTS_CLOSING_SOON_DAYS", 14)


def max_attachment_size() -> int:
    """Read at call time so tests and deployments can change the setting."""
    return getattr(settings, "PROJECTS_MAX_ATTACHMENT_SIZE", MAX_ATTACHMENT_SIZE)


def attachment_scanner() -> str:
    """Dotted path of an antivirus hook (a callable raising ValidationError), or empty for none."""
    return getattr(settings, "PROJECTS_ATTACHMENT_SCANNER", "")
