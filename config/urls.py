from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import views
from guide import views as guide_views
from guide.sitemaps import SITEMAPS

admin.site.site_header = "Cellwise editors"
admin.site.site_title = "Cellwise admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("accounts.auth.urls")),
    path("catalog/", include("catalog.urls")),
    path("guide/", include("guide.urls")),
    path("search/", guide_views.search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("routines/", include("routines.urls")),
    path("admin/", admin.site.urls),
]
