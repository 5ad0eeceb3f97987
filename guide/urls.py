from django.urls import path

from guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    # Fixed pages come before the article slug so they can never be shadowed by one.
    path("faq/", views.faq, name="faq"),
    path("glossary/", views.glossary, name="glossary"),
    path("about/", views.about, name="about"),
    path("<slug:slug>/", views.article, name="article"),
]
