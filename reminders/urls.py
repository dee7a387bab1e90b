from django.urls import path, re_path

from . import views

app_name = "reminders"

urlpatterns = [
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/calendrier/", views.calendar_regenerate, name="calendar-regenerate"),
    path("notifications/lien/<str:token>/", views.preferences_signed, name="preferences-signed"),
    path("notifications/desinscription/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
    # Only the characters a token can hold (secrets.token_urlsafe): anything else, NUL included, is a 404.
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$", views.calendar_feed, name="calendar-feed"),
]
