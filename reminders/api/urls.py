from django.urls import path

from .views import DeadlineListView

urlpatterns = [
    path("deadlines/", DeadlineListView.as_view(), name="api-deadlines"),
]
