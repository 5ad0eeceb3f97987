"""Cellwise settings: one file, read from the environment, safe development defaults.

Every value that differs between a laptop and production comes from an environment
variable. A production start (DJANGO_DEBUG unset or off) without a secret key fails
at once with a clear message rather than running insecurely.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list
from config.media import photo_storage
from config.stores import caches_for

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", default=False)

# In production both values are required; config/startup.py refuses to serve without them
# (checked when the WSGI/ASGI application loads), while management commands that need
# neither — migrate, makemigrations — still run.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = "Cellwise"
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # First, so its createsuperuser (email in, usable on the site) replaces Django's.
    "accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search types and lookups (catalog.textsearch); inert on SQLite.
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    # Sign-up, sign-in, email verification, two-factor and the sessions list (issue 15).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Staff import and export of brands, ingredients and products (issue 18).
    "import_export",
    "catalog",
    "guide",
    "routines",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Above WhiteNoise, so collected static files get these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ETag on every cacheable GET, 304 on If-None-Match; above PrivatePagesMiddleware so
    # it sees signed-in pages' no-store (and gives them no ETag).
    "django.middleware.http.ConditionalGetMiddleware",
    "config.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A stored public page goes out from here, before sessions, CSRF and log-in.
    "config.publicpages.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sets request.avoid_list: the one seam from user data to catalog/guide pages.
    "routines.avoid.middleware.AvoidedIngredientsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.site",
                "accounts.context_processors.email_status",
            ],
        },
    },
]

FORM_RENDERER = "config.forms.FormRenderer"

# Database: SQLite file by default; DATABASE_URL (postgres://…) in production.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Seconds a worker thread keeps its database connection between requests. Opening one per
# request (and, on SQLite, running the PRAGMAs and reading the schema again) costs more than
# rendering most pages.
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 600)
if DATABASE_URL:
    try:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True
            )
        }
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL could not be parsed: {exc}") from None
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "cellwise.sqlite3")),
            "CONN_MAX_AGE": DB_CONN_MAX_AGE,
            "OPTIONS": {
                # IMMEDIATE avoids "database is locked" upgrades when two writers race;
                # WAL lets readers continue while one process writes.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One shared store for the cache, the session cache and the login-throttle counters, chosen
# by the environment (config/stores.py says which and why).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = caches_for(REDIS_URL, debug=DEBUG, render_entries=env_int("RENDER_CACHE_ENTRIES", 5000))
# Seconds an anonymous page is kept in the shared cache (0: rendered every time). Admin
# saves bump the content version in the key, so edits show at once on every host.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Seconds browsers and proxies may reuse an anonymous page before asking again (they send
# If-None-Match and get a 304 while it is unchanged).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "routines:today"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # The admin's log-in form sends "username"; accounts made here have username = email.
    "django.contrib.auth.backends.ModelBackend",
    # Everything else signs in by email address through allauth (and its second factor).
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth). Sign in by email; a new address must be verified before the
# first sign-in, and nothing but a verification mail goes to an address until it is
# (accounts.selectors.verified_email_for). Sign-up, reset and email change answer alike
# for known and unknown addresses; the owner of a known one is told by email instead.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignUpForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Cellwise: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Rate limits on the default cache (the shared store). Failed sign-ins are counted by
# accounts.throttle (per account and per address), so allauth's own counter is off.
ACCOUNT_RATE_LIMITS = {
    "login_failed": None,
    "login": "60/m/ip",  # requests; failures are counted by accounts.throttle (50 an address)
    "signup": "10/m/ip,30/h/ip",
    "reset_password": "10/m/ip,3/m/key,10/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key,5/h/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# Background work (django.tasks): account mails are sent by a thread after the response, so
# a sign-up or reset answers in the same time whether or not an address is known.
TASKS = {"default": {"BACKEND": "accounts.task_backends.ThreadBackend"}}
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {"add_webauthn": "accounts.forms.AddPasskeyForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Cellwise"
# One 30-second step either side: phone clocks drift; a used code still cannot be replayed.
MFA_TOTP_TOLERANCE = 1
# Passkeys need a secure origin; plain http is only for localhost during development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Login throttling (accounts/throttle.py): fixed windows, never a lock-out of the owner.
LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = env_int("LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", 10)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 50)
LOGIN_WINDOW_SECONDS = env_int("LOGIN_WINDOW_SECONDS", 15 * 60)
# From everywhere together, except at addresses the account signed in from (below).
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 100)
LOGIN_ACCOUNT_WINDOW_SECONDS = env_int("LOGIN_ACCOUNT_WINDOW_SECONDS", 60 * 60)
LOGIN_KNOWN_ADDRESS_DAYS = env_int("LOGIN_KNOWN_ADDRESS_DAYS", 30)
# How many reverse proxies in front of gunicorn append to X-Forwarded-For (docs/deploy.md).
# 0: the client address is the peer address and the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # the same address for django-allauth

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.staticstorage.StaticFilesStorage"
        )
    },
}

# Reminder senders (routines/reminders/sender.py): how long a claimed batch is held; after
# that another sender takes over what a crashed sender left unsent.
REMINDER_CLAIM_LEASE_SECONDS = env_int("REMINDER_CLAIM_LEASE_SECONDS", 20)
if REMINDER_CLAIM_LEASE_SECONDS < 1:
    raise ImproperlyConfigured("REMINDER_CLAIM_LEASE_SECONDS must be at least 1.")

# Mail: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cellwise <reminders@cellwise.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            # Django's SMTP backend, pipelining where the server allows it (config/mail.py).
            "BACKEND": "config.mail.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Staff imports (catalog/imports/): the uploaded file waits between the preview and the
# confirmation in the shared cache, not in a worker's /tmp, so the confirming request may
# reach another app server. A failing row rolls the whole file back.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Security headers. The CSP has no unsafe sources and no nonce: every script and style is a
# static file, so a page carries nothing per request and can be cached for everyone.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions: with Redis, read from it first and written to the database too (cached_db: a
# flushed Redis only costs a query); without it, plain database sessions. Either way a
# sign-out on one host ends the session on every host.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "default"
else:
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx sends the token from <body hx-headers>.
CSRF_COOKIE_HTTPONLY = True
# Flash messages: the cookie is "__Host-messages" in production (config/messages.py).
MESSAGE_STORAGE = "config.messages.HostFallbackStorage"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "filters": {"client_errors_in_one_line": {"()": "config.logs.ClientErrorsInOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors_in_one_line"],
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "cellwise": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Replaces Django's default "django" logger (INFO with DEBUG, as before), whose own
        # console handler printed each request warning a second time beside the root's.
        "django": {
            "handlers": ["console"],
            "level": "INFO" if DEBUG else "WARNING",
            "propagate": False,
        },
        # runserver's request lines, as Django prints them by default.
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Progress photos (private uploads) ---------------------------------------------------------
# Stored through the "photos" storage alias (config/media.py): files under var/media/ by
# default, an S3-compatible bucket when MEDIA_STORAGE_URL or AWS_STORAGE_BUCKET_NAME is set.
# There is no MEDIA_URL on purpose: photos are served only by the owner-checking view.
STORAGES["photos"] = photo_storage(os.environ, BASE_DIR)
# Stated limits (routines/photos/rules.py shows them to the user).
PHOTO_MAX_UPLOAD_MB = env_int("PHOTO_MAX_UPLOAD_MB", 15)
PHOTO_MAX_MEGAPIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 50)
PHOTO_QUOTA_COUNT = env_int("PHOTO_QUOTA_COUNT", 300)
PHOTO_QUOTA_MB = env_int("PHOTO_QUOTA_MB", 200)
