"""Shelf URLs, in the routines namespace."""

from django.urls import path

from routines.shelf import views

urlpatterns = [
    path("shelf/", views.shelf_list, name="shelf"),
    path("shelf/add/", views.shelf_add, name="shelf_add"),
    path("shelf/<int:pk>/edit/", views.shelf_edit, name="shelf_edit"),
    path("shelf/<int:pk>/status/", views.shelf_status, name="shelf_status"),
    path("shelf/<int:pk>/delete/", views.shelf_delete, name="shelf_delete"),
]
