"""The floor of `make bench-http`: a bare Django "hello" view, nothing else.

Served by gunicorn with the same configuration as the portal (``gunicorn floor:application``
with ``bench/`` on the Python path), it measures what the server, the load generator and
Django's request cycle cost on this machine; the portal's throughput is read as a ratio of it.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="benchmark-floor-only",  # noqa: S106 (a throwaway process on loopback)
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_I18N=False,
)


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
