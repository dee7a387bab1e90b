from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str) -> str:
    """The ``next`` path posted with a form, if it is a path on this site; else ``default``."""
    next_url = request.POST.get("next", "")
    if (
        next_url.startswith("/")
        and not next_url.startswith("//")
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return next_url
    return default


def absolute_url(path: str) -> str:
    """``path`` on this site, made absolute with settings.SITE_URL (for emails, API and calendars)."""
    return f"{settings.SITE_URL}{path}"
