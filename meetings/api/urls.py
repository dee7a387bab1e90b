from rest_framework.routers import SimpleRouter

from .views import ActionItemViewSet, MeetingViewSet

router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="api-meeting")
router.register("action-items", ActionItemViewSet, basename="api-action-item")

urlpatterns = router.urls
