"""Shelf and avoid-list URLs, included under /routines/ in the routines namespace."""

from django.urls import path

from routines import shelf_views

urlpatterns = [
    path("shelf/", shelf_views.shelf_list, name="shelf"),
    path("shelf/add/", shelf_views.shelf_add, name="shelf_add"),
    path("shelf/<int:pk>/edit/", shelf_views.shelf_edit, name="shelf_edit"),
    path("shelf/<int:pk>/status/", shelf_views.shelf_status, name="shelf_status"),
    path("shelf/<int:pk>/delete/", shelf_views.shelf_delete, name="shelf_delete"),
    path("avoid/", shelf_views.avoid_list, name="avoid"),
    path("avoid/<int:pk>/remove/", shelf_views.avoid_remove, name="avoid_remove"),
]
