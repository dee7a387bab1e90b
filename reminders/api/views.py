from rest_framework import generics

from snitem_portal.api.permissions import IsMember

from ..selectors import deadlines_for
from .serializers import DeadlineSerializer


class DeadlineListView(generics.ListAPIView):
    """The caller's upcoming deadlines from every source, soonest first."""

    serializer_class = DeadlineSerializer
    permission_classes = [IsMember]
    filter_backends = []

    def get_queryset(self):
        return deadlines_for(self.request.user)
