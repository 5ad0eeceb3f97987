import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402

from config.startup import require_serving_settings  # noqa: E402

require_serving_settings(settings)
application = get_wsgi_application()
