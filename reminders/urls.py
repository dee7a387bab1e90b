from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("notifications/", views.preferences, name="preferences"),
    path("notifications/calendrier/", views.calendar_regenerate, name="calendar-regenerate"),
    path("notifications/lien/<str:token>/", views.preferences_signed, name="preferences-signed"),
    path("notifications/desinscription/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
