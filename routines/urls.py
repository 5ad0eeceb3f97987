from django.urls import path

from routines import safety_urls, views

app_name = "routines"

urlpatterns = [
    path("", views.today, name="today"),
]

# Safety area (patch tests, procedures, reminders, calendar): routines/safety_urls.py.
urlpatterns += safety_urls.urlpatterns
