"""Routines, steps and starters, in the routines namespace."""

from django.urls import path

from routines.editor import views

urlpatterns = [
    path("starters/", views.starter_list, name="starters"),
    path("starters/<slug:slug>/copy/", views.starter_copy, name="starter_copy"),
    path("list/", views.routine_list, name="routine_list"),
    path("new/", views.routine_create, name="routine_create"),
    path("<int:pk>/", views.routine_detail, name="routine_detail"),
    path("<int:pk>/edit/", views.routine_edit, name="routine_edit"),
    path("<int:pk>/delete/", views.routine_delete, name="routine_delete"),
    path("<int:pk>/restore/", views.routine_restore, name="routine_restore"),
    path("<int:pk>/products/", views.product_search, name="product_search"),
    path("<int:pk>/steps/add/", views.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_pk>/move/", views.step_move, name="step_move"),
    path("<int:pk>/steps/<int:step_pk>/schedule/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/remove/", views.step_remove, name="step_remove"),
    path("<int:pk>/steps/<int:step_pk>/restore/", views.step_restore, name="step_restore"),
]
