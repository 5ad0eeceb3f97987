from django.conf import settings


def site(request):
    """Site-wide names for templates: the brand and the absolute base URL for canonical links."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
