from django.urls import path

from accounts import views
from accounts.mydata import views as mydata_views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("my-data/export/", mydata_views.export_download, name="export"),
    path("my-data/summary/", mydata_views.summary, name="summary"),
    path("my-data/delete/", mydata_views.delete, name="delete"),
]
