from django.urls import path

from routines import safety_urls, views
from routines.photos.urls import urlpatterns as photos_urlpatterns
from routines.shelf_urls import urlpatterns as shelf_urlpatterns

app_name = "routines"

urlpatterns = [
    path("", views.today, name="today"),
    path("check/<int:step_pk>/", views.step_check, name="step_check"),
    path("skin-log/", views.skin_log, name="skin_log"),
    path("history/", views.history_view, name="history"),
    path("starters/", views.starter_list, name="starters"),
    path("starters/<slug:slug>/copy/", views.starter_copy, name="starter_copy"),
    path("list/", views.routine_list, name="routine_list"),
    path("new/", views.routine_create, name="routine_create"),
    path("<int:pk>/", views.routine_detail, name="routine_detail"),
    path("<int:pk>/edit/", views.routine_edit, name="routine_edit"),
    path("<int:pk>/delete/", views.routine_delete, name="routine_delete"),
    path("<int:pk>/products/", views.product_search, name="product_search"),
    path("<int:pk>/steps/add/", views.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_pk>/move/", views.step_move, name="step_move"),
    path("<int:pk>/steps/<int:step_pk>/schedule/", views.step_edit, name="step_edit"),
    path("<int:pk>/steps/<int:step_pk>/remove/", views.step_remove, name="step_remove"),
    *shelf_urlpatterns,
    *photos_urlpatterns,
]

# Safety area (patch tests, procedures, reminders, calendar): routines/safety_urls.py.
urlpatterns += safety_urls.urlpatterns
