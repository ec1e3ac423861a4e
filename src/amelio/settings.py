"""Django settings for Amelio.

Everything a deployment changes comes from environment variables; the defaults give the
embedded set-up (SQLite under ./var, console e-mail, eager jobs).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
import plotly
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("AMELIO_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("AMELIO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("AMELIO_DEBUG", False)


def _secret_key() -> str:
    """AMELIO_SECRET_KEY, or a random key made once and kept in VAR_DIR/secret_key."""
    if os.environ.get("AMELIO_SECRET_KEY"):
        return os.environ["AMELIO_SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _list(name: str, default: str = "") -> list[str]:
    """A comma-separated setting; spaces around the commas are allowed."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ALLOWED_HOSTS = _list("AMELIO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _list("AMELIO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "amelio.core",
    "amelio.ui",
    "amelio.api",
    "amelio.scoring",
    "amelio.context",
    "amelio.processes",
    "amelio.risks",
    "amelio.indicators",
    "amelio.actions",
    "amelio.nonconformities",
    "amelio.audits",
    "amelio.safety",
    "amelio.environment",
    "amelio.energy",
    "amelio.compliance",
    "amelio.documents",
    "amelio.training",
    "amelio.suppliers",
    "amelio.customers",
    "amelio.riskanalysis",
    "amelio.projects",
    "amelio.reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "amelio.core.middleware.UserLanguageMiddleware",
    "amelio.core.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "amelio.urls"
WSGI_APPLICATION = "amelio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "amelio.ui.context_processors.navigation",
                "amelio.indicators.context_processors.alerts",
            ],
        },
    },
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'amelio.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limiting: five failures for one user name from one address lock it for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("AMELIO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# The catalogues the apps ship first, then the project one: the first listed wins, so that no
# app catalogue is overridden by the project catalogue or by a third-party app (decision 0022).
LOCALE_PATHS = [*sorted(PACKAGE_DIR.glob("*/locale")), PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("AMELIO_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# plotly.js is served from the installed `plotly` package (no CDN, nothing committed).
STATICFILES_DIRS = [("vendor/plotly", Path(plotly.__file__).parent / "package_data")]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("AMELIO_MEDIA_ROOT", VAR_DIR / "media"))
# Media is never served as public static files: attachments go through a permission check.
MEDIA_URL = "/private-media/"

# Evidence attachments: size limit and the file types accepted.
AMELIO_ATTACHMENT_MAX_BYTES = int(os.environ.get("AMELIO_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
AMELIO_ATTACHMENT_EXTENSIONS = [
    "pdf",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "txt",
    "csv",
    "xlsx",
    "xls",
    "docx",
    "doc",
    "pptx",
    "odt",
    "ods",
    "odp",
    "msg",
    "eml",
    "zip",
]
AMELIO_IMPORT_MAX_BYTES = 10 * 1024 * 1024
AMELIO_IMPORT_MAX_ROWS = 20_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "AMELIO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("AMELIO_FROM_EMAIL", "amelio@localhost")
EMAIL_HOST = os.environ.get("AMELIO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("AMELIO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("AMELIO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("AMELIO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("AMELIO_EMAIL_TLS", False)

# Behind a reverse proxy (nginx, Apache) that terminates HTTPS and sets X-Forwarded-*.
if env_bool("AMELIO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "amelio.api.pagination.AmelioPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Amelio API",
    "DESCRIPTION": "REST API of Amelio, the open-source QHSE management system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"LevelEnum": "amelio.context.models.InterestedParty.Level"},
}

AUDITLOG_INCLUDE_ALL_MODELS = False

# Background jobs: Celery with Redis in production (CELERY_BROKER_URL set); without a broker,
# tasks run in process (eager) and `amelio remind` is run by cron.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# A cache shared by every worker (Redis) in production; the per-process memory cache otherwise.
# The public reporting form's rate limit counts in it.
if os.environ.get("AMELIO_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["AMELIO_CACHE_URL"],
        }
    }
# Public reports accepted per device (address) and hour; behind a reverse proxy
# (AMELIO_BEHIND_PROXY, above) the address is the last one the proxy added to X-Forwarded-For.
AMELIO_PUBLIC_REPORTS_PER_HOUR = int(os.environ.get("AMELIO_PUBLIC_REPORTS_PER_HOUR", "10"))
AMELIO_BEHIND_PROXY = env_bool("AMELIO_BEHIND_PROXY", False)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE

# Action reminders: digest of actions due within N days and overdue; escalation to the owner's
# manager after M days overdue.
AMELIO_REMINDER_DAYS = int(os.environ.get("AMELIO_REMINDER_DAYS", "7"))
AMELIO_ESCALATION_DAYS = int(os.environ.get("AMELIO_ESCALATION_DAYS", "14"))
AMELIO_BASE_URL = os.environ.get("AMELIO_BASE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("AMELIO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# A refused form (expired page, blocked cookies) explained in the layout, not Django's page.
CSRF_FAILURE_VIEW = "amelio.core.views.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AMELIO_LOG_LEVEL", "WARNING")},
}
