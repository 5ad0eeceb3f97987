"""Progress photos, in the "routines" namespace (included by routines/urls.py)."""

from django.urls import path

from routines.photos import views

urlpatterns = [
    path("photos/", views.photo_gallery, name="photos"),
    path("photos/add/", views.photo_add, name="photo_add"),
    path("photos/compare/", views.photo_compare, name="photo_compare"),
    path("photos/<int:pk>/", views.photo_detail, name="photo_detail"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/<str:size>.jpg", views.photo_file, name="photo_file"),
]
