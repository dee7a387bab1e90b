"""Predicates about a user that every app shares."""


def is_staff(user) -> bool:
    """Association staff: signed in with ``is_staff``. The one test of staff rights in the portal."""
    return bool(user is not None and user.is_authenticated and user.is_staff)
