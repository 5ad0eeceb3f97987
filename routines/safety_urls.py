"""URLs for patch tests, procedures, notifications, reminders and the calendar feed.

Included by routines/urls.py into the `routines` namespace.
"""

from django.urls import path

from routines import safety_views as views

urlpatterns = [
    path("patch-tests/", views.patch_tests, name="patch_tests"),
    path("patch-tests/<int:pk>/", views.patch_test_detail, name="patch_test"),
    path("patch-tests/<int:pk>/result/", views.patch_test_result, name="patch_test_result"),
    path("patch-tests/<int:pk>/decision/", views.patch_test_decision, name="patch_test_decision"),
    path("patch-tests/<int:pk>/override/", views.patch_test_override, name="patch_test_override"),
    path("patch-tests/<int:pk>/abandon/", views.patch_test_abandon, name="patch_test_abandon"),
    path("procedures/", views.procedures, name="procedures"),
    path("procedures/<int:pk>/edit/", views.procedure_edit, name="procedure_edit"),
    path("procedures/<int:pk>/delete/", views.procedure_delete, name="procedure_delete"),
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
