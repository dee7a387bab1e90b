"""API lists that are the same for every caller, served from the shared cache (``snitem_portal.caching``)."""

from rest_framework.response import Response

from snitem_portal.caching import cached_shared


class SharedListMixin:
    """Caches the list response per topic generation, language, host and query string.

    Only for lists whose rows and fields do not depend on who asks (public content). Searches
    are not cached: free text would fill the cache with keys read once.
    """

    shared_cache_topic: str

    def list(self, request, *args, **kwargs):
        if "search" in request.query_params:
            return super().list(request, *args, **kwargs)
        query = sorted(request.query_params.lists())
        # Pagination links are absolute: the host and scheme are part of the answer.
        parts = ["api", request.path, request.scheme, request.get_host(), query]
        data = cached_shared(self.shared_cache_topic, parts, lambda: super(SharedListMixin, self).list(request).data)
        return Response(data)
