from django.urls import path

from accounts import data_views, views

app_name = "accounts"

urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("my-data/export/", data_views.export_download, name="export"),
    path("my-data/summary/", data_views.summary, name="summary"),
    path("my-data/delete/", data_views.delete, name="delete"),
]
