from rest_framework.routers import SimpleRouter

from .views import CompanyViewSet, GroupViewSet, MembershipViewSet

router = SimpleRouter()
router.register("companies", CompanyViewSet, basename="api-company")
router.register("groups", GroupViewSet, basename="api-group")
router.register("memberships", MembershipViewSet, basename="api-membership")

urlpatterns = router.urls
