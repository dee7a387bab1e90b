from django.utils import timezone
from rest_framework import generics

from snitem_portal.api.permissions import IsMember
from snitem_portal.dashboard import cached_for_user

from ..selectors import deadlines_for
from .serializers import DeadlineSerializer


class DeadlineListView(generics.ListAPIView):
    """The caller's upcoming deadlines from every source, soonest first.

    Cached per caller with the dashboard (same generation, renewed by every write to the rows the
    sources read, and at most a minute old); a deadline passed since is dropped here, to the second.
    """

    serializer_class = DeadlineSerializer
    permission_classes = [IsMember]
    filter_backends = []

    def get_queryset(self):
        user, now = self.request.user, timezone.now()
        deadlines = cached_for_user("deadlines", user, lambda: deadlines_for(user, start=now))
        return [deadline for deadline in deadlines if deadline.due_at >= now]
