"""Avoid-list URLs, in the routines namespace."""

from django.urls import path

from routines.avoid import views

urlpatterns = [
    path("avoid/", views.avoid_list, name="avoid"),
    path("avoid/<int:pk>/remove/", views.avoid_remove, name="avoid_remove"),
]
