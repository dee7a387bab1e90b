"""Settings of the search, each read from the Django settings at call time with its default."""

from django.conf import settings


def search_sources() -> list[str]:
    """Dotted paths of the functions returning each app's searchable kinds (``SEARCH_SOURCES``)."""
    return list(getattr(settings, "SEARCH_SOURCES", []))


def page_size() -> int:
    """Results per page, on the results page of one kind and in the API by default."""
    return getattr(settings, "SEARCH_PAGE_SIZE", 20)


def per_kind() -> int:
    """Results of each kind shown on the overview (every kind at once)."""
    return getattr(settings, "SEARCH_PER_KIND", 5)


def max_query_length() -> int:
    """Longest query accepted, in characters."""
    return getattr(settings, "SEARCH_MAX_QUERY_LENGTH", 200)


def max_text_length() -> int:
    """Characters of a file's extracted text kept in the index."""
    return getattr(settings, "SEARCH_MAX_TEXT_LENGTH", 200_000)


def chunk_size() -> int:
    """Objects read and written at once by the rebuild command."""
    return getattr(settings, "SEARCH_CHUNK_SIZE", 1000)
