from django.urls import path

from . import views

app_name = "joint"

urlpatterns = [
    path("consultations/<int:pk>/position-commune/", views.joint_detail, name="detail"),
    path("consultations/<int:pk>/position-commune/rediger/", views.joint_edit, name="edit"),
    path(
        "consultations/<int:pk>/position-commune/<slug:transition>/",
        views.joint_transition,
        name="transition",
    ),
]
