"""Settings of the documents app, each read from the Django settings at call time with its default."""

from django.conf import settings


def max_size() -> int:
    """Largest file accepted in the library, in bytes (``DOCUMENTS_MAX_SIZE``)."""
    return getattr(settings, "DOCUMENTS_MAX_SIZE", 25 * 1024 * 1024)


# A multipart body carries the file plus its boundaries and the other fields: a request announcing
# more than the largest file and this much is refused before its body is read.
MULTIPART_OVERHEAD = 64 * 1024
