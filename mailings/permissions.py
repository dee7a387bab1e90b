from snitem_portal.users.permissions import is_staff


def can_manage_mailings(user) -> bool:
    """Compose, test and send mailings: staff only."""
    return is_staff(user)
