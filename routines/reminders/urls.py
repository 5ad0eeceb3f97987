"""Notifications, reminder settings, calendar feed and unsubscribe, in the routines namespace."""

from django.urls import path

from routines.reminders import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.notifications_badge, name="notifications_badge"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/<int:pk>/dismiss/", views.notification_dismiss, name="notification_dismiss"
    ),
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
