from django.conf import settings

from groups.selectors import member_affiliation


def portal(request):
    """What every page's header needs: the user's company affiliation, the site URL."""
    return {
        "portal_affiliation": member_affiliation(request.user) if hasattr(request, "user") else None,
        "SITE_URL": settings.SITE_URL,
    }
