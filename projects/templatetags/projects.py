from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def time_left(deadline, now=None) -> str:
    """« 3 jours et 4 h » before ``deadline``, or « clos »."""
    now = now or timezone.now()
    if deadline is None:
        return ""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return _("clos")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return ngettext("%(days)d jour et %(hours)d h", "%(days)d jours et %(hours)d h", days) % {
            "days": days,
            "hours": hours,
        }
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return ngettext("%(minutes)d minute", "%(minutes)d minutes", max(minutes, 1)) % {"minutes": max(minutes, 1)}
