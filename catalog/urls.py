from django.urls import path

from catalog import views

app_name = "catalog"

# compare/ and fit/ come before <slug>/ so they are never read as product slugs.
urlpatterns = [
    path("", views.product_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("fit/", views.fit, name="fit"),
    path("<slug:slug>/", views.product_detail, name="detail"),
]
