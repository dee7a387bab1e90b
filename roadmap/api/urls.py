from rest_framework.routers import SimpleRouter

from .views import ActionViewSet, ConsultationViewSet, OrientationViewSet, PositionViewSet

router = SimpleRouter()
router.register("roadmap/orientations", OrientationViewSet, basename="api-orientation")
router.register("roadmap/actions", ActionViewSet, basename="api-action")
router.register("consultations", ConsultationViewSet, basename="api-consultation")
router.register("positions", PositionViewSet, basename="api-position")

urlpatterns = router.urls
