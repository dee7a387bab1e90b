"""Settings of the discussions, each read from the Django settings at call time with its default."""

from django.conf import settings


def comment_targets() -> dict[str, str]:
    """What may be commented: kind -> dotted path of a function returning its ``CommentTarget``
    (``COMMENT_TARGETS``)."""
    return dict(getattr(settings, "COMMENT_TARGETS", {}))


def comments_rate() -> str:
    """How many comments one person may post in a period (``COMMENTS_RATE``, e.g. ``10/m``)."""
    return getattr(settings, "COMMENTS_RATE", "10/m")


def max_length() -> int:
    """Longest comment, in characters (``COMMENTS_MAX_LENGTH``)."""
    return getattr(settings, "COMMENTS_MAX_LENGTH", 5000)


def page_size() -> int:
    """Conversations (a comment and its replies) per page of a thread (``COMMENTS_PAGE_SIZE``)."""
    return getattr(settings, "COMMENTS_PAGE_SIZE", 20)
