import pytest
from django.core.exceptions import ImproperlyConfigured

from config.startup import require_serving_settings


def test_serving_without_a_secret_key_fails_with_a_clear_message(settings):
    settings.SECRET_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY is not set"):
        require_serving_settings(settings)


def test_serving_in_production_without_allowed_hosts_fails(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = []
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS must list"):
        require_serving_settings(settings)


def test_complete_production_settings_serve(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["cellwise.example.com"]
    require_serving_settings(settings)
