from rest_framework.routers import SimpleRouter

from .views import CallViewSet, SubmissionViewSet

router = SimpleRouter()
router.register("calls", CallViewSet, basename="call")
router.register("submissions", SubmissionViewSet, basename="submission")

urlpatterns = router.urls
