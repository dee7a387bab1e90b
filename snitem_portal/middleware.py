from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _


class UserLanguageMiddleware:
    """Serve a logged-in user in the language of their profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request whose announced body is too large before anything reads it (413).

    File uploads (multipart) may carry up to ``MAX_UPLOAD_REQUEST_SIZE`` bytes; any other body
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``. Django checks the latter only when a form is parsed, not when
    the API reads a JSON body, hence this early check; the web server in front sets the same
    ceiling for bodies sent without a length (docs/deployment.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.MAX_UPLOAD_REQUEST_SIZE if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            message = _("La requête est trop volumineuse (%(size)d Mo au plus).") % {"size": limit // (1024 * 1024)}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
