from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("", views.today, name="today"),
]
