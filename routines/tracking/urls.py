"""Today, check-ins, the skin log and History, in the routines namespace."""

from django.urls import path

from routines.tracking import views

urlpatterns = [
    path("", views.today, name="today"),
    path("check/<int:step_pk>/", views.step_check, name="step_check"),
    path("skin-log/", views.skin_log, name="skin_log"),
    path("history/", views.history_view, name="history"),
]
