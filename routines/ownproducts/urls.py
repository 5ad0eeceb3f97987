"""Own-product URLs, in the routines namespace."""

from django.urls import path

from routines.ownproducts import views

urlpatterns = [
    path("own-product/", views.own_product, name="own_product"),
    path("own-product/preview/", views.ingredient_preview, name="ingredient_preview"),
]
