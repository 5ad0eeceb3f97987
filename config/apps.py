from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project package as an app, so its system checks (config/checks.py) register."""

    name = "config"
    label = "cellwise_site"
    verbose_name = "Cellwise site"

    def ready(self):
        from config import checks  # noqa: F401  (registers the checks)
