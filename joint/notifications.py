"""The notification kinds of joint positions (listed in ``NOTIFICATION_KINDS`` after the portal's)."""

from django.utils.translation import gettext_lazy as _

from snitem_portal.notifications import NotificationKind


def kinds() -> list[NotificationKind]:
    return [
        NotificationKind(
            "joint_position_circulated",
            _("Positions communes en relecture"),
            ("joint/email/circulated",),
            link=("joint",),
        ),
        NotificationKind(
            "joint_position_published",
            _("Positions communes publiées"),
            ("joint/email/published",),
            link=("joint",),
        ),
    ]
