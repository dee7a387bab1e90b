"""Private storage for attachments: the shared one of ``snitem_portal.uploads``."""

from snitem_portal.uploads import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "get_private_storage", "private_storage"]


def get_private_storage():
    # Kept here by name: the attachments' migrations refer to this function.
    return private_storage
