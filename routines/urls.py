from django.urls import path

from routines import views
from routines.shelf_urls import urlpatterns as shelf_urlpatterns

app_name = "routines"

urlpatterns = [
    path("", views.today, name="today"),
    *shelf_urlpatterns,
]
