from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:pk>/lue/", views.notification_read, name="read"),
    path("notifications/tout-lu/", views.notification_read_all, name="read-all"),
]
