"""Patch tests and procedures, in the routines namespace."""

from django.urls import path

from routines.safety import views

urlpatterns = [
    path("patch-tests/", views.patch_tests, name="patch_tests"),
    path("patch-tests/<int:pk>/", views.patch_test_detail, name="patch_test"),
    path("patch-tests/<int:pk>/result/", views.patch_test_result, name="patch_test_result"),
    path("patch-tests/<int:pk>/override/", views.patch_test_override, name="patch_test_override"),
    path("patch-tests/<int:pk>/abandon/", views.patch_test_abandon, name="patch_test_abandon"),
    path("procedures/", views.procedures, name="procedures"),
    path("procedures/<int:pk>/edit/", views.procedure_edit, name="procedure_edit"),
    path("procedures/<int:pk>/delete/", views.procedure_delete, name="procedure_delete"),
]
