from django.urls import path

from .views import TRANSITIONS, JointPositionView, JointTransitionView

urlpatterns = [
    path("consultations/<int:pk>/joint-position/", JointPositionView.as_view(), name="api-joint-position"),
    *[
        path(
            f"consultations/<int:pk>/joint-position/{name}/",
            JointTransitionView.as_view(transition=name),
            name=f"api-joint-position-{name}",
        )
        for name in TRANSITIONS
    ],
]
