"""Settings for Reach: one module, driven by environment variables.

SQLite is the embedded default so that `make run` needs nothing but Python, Node and make;
PostgreSQL is used when DATABASE_URL is set (production, and the second CI run).
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from reach.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-only-key"  # noqa: S105 - DEBUG only, never served
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (`make run` generates one in "
            "var/secret_key), or set DEBUG=True for local development only."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Reach's own apps, one per domain (see docs/architecture.md).
    "core",
    "reference",
    "accounts",
    "organisations",
    "returns",
    "monitoring",
    "assurance",
    "reports",
    "demo",
    "api",
    "public",
    "library",
    "publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Public pages in Welsh under /cy/ (docs/public-face.md); staff pages stay English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionLimitsMiddleware",
    "core.middleware.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.NoStoreMiddleware",
    "core.errors.BrandedErrorPagesMiddleware",
    # Last, so that a locked-out sign-in is answered before anything else runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reach.urls"
WSGI_APPLICATION = "reach.wsgi.application"

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
                "core.context_processors.service",
                "public.context_processors.public",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or any dj-database-url URL) by DATABASE_URL.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    SQLITE_PATH = Path(env_str("SQLITE_PATH", str(BASE_DIR / "var" / "reach.sqlite3")))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # Writers take the lock at BEGIN, so two writers queue instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Passwords: argon2 (the OWASP recommendation); older hashes are upgraded at next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# django-axes checks every sign-in first: a locked-out account or address is refused
# before its password is even compared (accounts/lockout.py; docs/accounts.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailBackend",
]
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOCKOUT_MINUTES", 30))
# Each parameter locks on its own: per account (whatever the address) and per address
# (whatever the account).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_request"
AXES_CLIENT_IP_CALLABLE = "core.client.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # lock-outs are seen and cleared on Reach's own page
# How many proxies in front of Reach append to X-Forwarded-For (0: use the connection's
# address). Behind one load balancer, 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor sign-in (django-otp): every signed-in page needs a verified second factor
# (core/access.py). The issuer is what authenticator apps show beside the code.
OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Reach")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Behind HTTPS (production): secure cookies, redirect to HTTPS, HSTS, and trust the
# proxy's X-Forwarded-Proto. SECURE_COOKIES is the older name of the same switch.
HTTPS = env_bool("HTTPS", env_bool("SECURE_COOKIES", False))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 63_072_000) if HTTPS else 0  # two years
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# gov.uk domains are on the browsers' HSTS preload list: a subdomain already needs HTTPS.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", HTTPS)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Sessions end after 30 minutes without a request, and 8 hours after signing in however
# busy (core/middleware.py SessionLimitsMiddleware); the cookie goes with the browser.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Links in password-reset emails work for one hour, and once.
PASSWORD_RESET_TIMEOUT = 60 * 60
# Invitations to Reach work for three days, and once (accounts/services.py, invitation_send).
INVITATION_DAYS = 3

# Uploads: the largest return file accepted (default 50 MB; MAX_UPLOAD_MB changes it).
INCOMING_DIR = Path(env_str("INCOMING_DIR", str(BASE_DIR / "var" / "incoming")))
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The web-form return has a box per ethnic group, outcome and crime type: a provider with
# many crime types sends a few thousand fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks wait in the database; `manage.py run_worker` runs them (core/queue.py).
# `make run` starts one worker beside the web server; production runs its own.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Figures computed from the current versions (dashboards, the national view), kept in a
# table of the database so every process and machine shares them (monitoring/cache.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "figures": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "reach_figures_cache",
        "TIMEOUT": 7 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

# Email: console in the embedded default; SMTP by setting EMAIL_HOST.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "reach-noreply@example.gov.uk")
# The address emails link back to (for example https://reach.service.justice.gov.uk).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ProviderTokenAuthentication",
        "api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Every refusal is an RFC 9457 problem, and the schema lists each one (api/problems.py,
    # api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Reach API",
    "DESCRIPTION": "Submit victims' service returns and read area figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our own static files (no CDN), its start-up script split out
    # of the page so the Content-Security-Policy holds.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_links",
    ],
    # One name for each list of codes wherever a response carries it (two resources have a
    # "status": each list is named by what it is the status of).
    "ENUM_NAME_OVERRIDES": {
        "VerdictEnum": "monitoring.verdicts.VERDICTS",
        "SubmissionStatusEnum": "returns.models.submissions.Submission.Status",
        "VersionStatusEnum": "returns.models.returns.ReturnVersion.Status",
    },
}

# Demo accounts carry a password and a second-factor secret everybody knows
# (demo/users.py). Behind HTTPS (production) they cannot sign in and cannot be created.
DEMO_SIGN_INS = env_bool("DEMO_SIGN_INS", not HTTPS)

SERVICE_NAME = "Reach"
PHASE = "beta"
# Where feedback, accessibility problems and privacy questions go (docs/public-face.md).
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "reach-feedback@example.gov.uk")
# The neutral page "Exit this page" opens (GOV.UK Design System's default).
EXIT_PAGE_URL = env_str("EXIT_PAGE_URL", "https://www.bbc.co.uk/weather")
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

FORM_RENDERER = "core.forms.GovukFormRenderer"
