from functools import cache

from django.conf import settings

from groups.selectors import member_affiliation
from inbox.selectors import unread_count


def portal(request):
    """What every page's header needs: the user's company affiliation, the site URL, the bell's count.

    The count is a callable the template calls once (in the header's ``with``): one COUNT query on
    the pages that show the bell, none on the others.
    """
    user = getattr(request, "user", None)
    return {
        "portal_affiliation": member_affiliation(request.user) if hasattr(request, "user") else None,
        "portal_unread_notifications": cache(lambda: unread_count(user)) if user is not None else 0,
        "SITE_URL": settings.SITE_URL,
    }
