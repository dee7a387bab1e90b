from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from snitem_portal.api.pagination import PageNumberPagination

from .. import conf
from ..selectors import Search
from .serializers import SearchQuerySerializer, SearchResultSerializer


class SearchPagination(PageNumberPagination):
    @property
    def page_size(self) -> int:
        """``SEARCH_PAGE_SIZE``, read at each request (``page_size=`` in the query string may change it)."""
        return conf.page_size()


class SearchView(generics.GenericAPIView):
    serializer_class = SearchResultSerializer
    permission_classes = [AllowAny]
    filter_backends = []
    pagination_class = SearchPagination

    @extend_schema(parameters=[SearchQuerySerializer], responses={200: SearchResultSerializer(many=True)})
    def get(self, request):
        """Full-text search over what the caller may see (working groups, meetings, roadmap actions,
        consultations, calls…), most relevant first. Visitors find only public content."""
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        search = Search(request.user, query.validated_data["q"], kind=query.validated_data.get("kind") or None)
        page = self.paginate_queryset(search.ranked())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
