"""The association staff's permission set: one "Staff" group holding the portal's model permissions.

``is_staff`` lets a person into admin; the group says what they may do there. The apps whose models
staff run are listed in the ``STAFF_GROUP_APPS`` setting (read at call time), so this module names
no domain app.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

STAFF_GROUP_NAME = "Staff"


def staff_permissions():
    """Every model permission (add, change, delete, view) of the apps staff run."""
    return Permission.objects.filter(content_type__app_label__in=settings.STAFF_GROUP_APPS)


@transaction.atomic
def ensure_staff_group() -> Group:
    """Create the "Staff" group if needed and give it exactly the portal's model permissions. Idempotent."""
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    group.permissions.set(staff_permissions())
    return group


@transaction.atomic
def grant_staff(user) -> None:
    """Make ``user`` association staff: admin access (``is_staff``) and the Staff group's permissions."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_staff_group())
