"""Settings for the Bäckman WTCR site, read from the environment.

Development needs nothing set except DJANGO_DEBUG=true (the Makefile sets it).
Production (DJANGO_DEBUG unset or false) refuses to start without
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS. docs/settings.md lists every variable.
"""

import ipaddress
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name, default, minimum, what):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole {what}, {minimum} or more, not {value!r}."
        )
    return number


def development_secret_key():
    """A random key kept in var/ so that logins survive a restart of `make run`."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or development_secret_key()
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(or set DJANGO_DEBUG=true for development)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must list this site's host names when DJANGO_DEBUG is off."
        )


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}
_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_HOST_NAME = re.compile(rf"{_LABEL}(\.{_LABEL})*")


def _is_ip(host):
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _public_name(host):
    """A name the public can reach: letters, digits and hyphens in dotted labels, at least
    one dot, no trailing dot; not an IP address, loopback or `*.localhost`."""
    return bool(
        _HOST_NAME.fullmatch(host)
        and "." in host
        and not _is_ip(host)
        and host not in LOOPBACK_HOSTS
        and not host.endswith(".localhost")
    )


def public_address(value, *, debug, allowed_hosts):
    """The site's public address (`https://host[:port]`, no path) that the press kit, its PDF
    and its photos' credits print: DJANGO_SITE_URL, or else in production `https://` and the
    first allowed host when that is a public name. "" means the request's own host (in
    development; in production `check --deploy` warns, news.W001)."""
    value = value.strip().rstrip("/")
    if not value:
        first = (allowed_hosts[0] if allowed_hosts else "").lower().removesuffix(".")
        if debug or not _public_name(first):
            return ""
        return f"https://{first}"
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = (parts.hostname or "").lower()
    well_formed = (
        parts.scheme in ("http", "https")
        and host
        and (_HOST_NAME.fullmatch(host) or _is_ip(host))
        and not (parts.path or parts.query or parts.fragment or parts.username or port == -1)
        and not parts.netloc.endswith(":")
        and value.isascii()
        and not any(c.isspace() for c in value)
    )
    if not well_formed:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be a scheme and host only, e.g. https://backman.example, "
            f"not {value!r}."
        )
    if not debug and (parts.scheme != "https" or not _public_name(host)):
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be the site's public https address when DJANGO_DEBUG is "
            f"off, not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


SITE_URL = public_address(
    os.environ.get("DJANGO_SITE_URL", ""), debug=DEBUG, allowed_hosts=ALLOWED_HOSTS
)

INSTALLED_APPS = [
    "wtcrsite",
    "delivery",
    "images",
    "drivers",
    "events",
    "standings",
    "news",
    "wtcrsite.apps.StaffAdminConfig",  # django.contrib.admin, opening on the staff home
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_prose_editor",
    "simple_history",
    # django-axes, named in the staff's language (wtcrsite/axes_app.py)
    "wtcrsite.axes_app.AxesConfig",
]

MIDDLEWARE = [
    # A NUL in the address, query or a form field is a bad request, before anything reads it.
    "wtcrsite.middleware.RefuseNulMiddleware",
    # Then a cached page is served at once, with the headers the middleware below gave
    # it when it was computed (security headers included; they are the same for every
    # reader). Only language-prefixed GETs without a session cookie are looked up.
    "delivery.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "wtcrsite.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "delivery.clock.PreviewClockMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wtcrsite.middleware.AdminEditorPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Logins: django-axes locks an address out of an account after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The locked-out page (and its JSON for a script), in the language of the browser:
# templates/admin/locked_out.html.
AXES_LOCKOUT_CALLABLE = "wtcrsite.admin_pages.lockout_response"
ROOT_URLCONF = "wtcrsite.urls"
WSGI_APPLICATION = "wtcrsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                # The admin needs these two; both are lazy, so public pages that
                # never mention `user` or `messages` stay free of per-user state.
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wtcrsite.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names another (PostgreSQL in production).
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that accepts connections and never answers, or a network that drops the
    # packets, costs a request a few seconds, then "back soon" (503): not a worker forever.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": 3,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": 10_000,  # ms: unacknowledged data
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared Redis when REDIS_URL is given, this process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_caches(url):
    """The shared cache on Redis at `url`. A call waits DJANGO_REDIS_TIMEOUT_MS at most (to
    connect, and for each answer), and never retries: a frozen or slow Redis costs a
    request that much once, then the cache is skipped for a few seconds
    (delivery/forgiving_cache.py)."""
    seconds = int(os.environ.get("DJANGO_REDIS_TIMEOUT_MS", "50")) / 1000
    return {
        "default": {
            "BACKEND": "delivery.forgiving_cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "wtcrsite",
            "OPTIONS": {
                "socket_connect_timeout": seconds,
                "socket_timeout": seconds,
            },
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages, cached whole (delivery/pagecache.py): retired when an area of content they
# read changes, and kept at most this long even when nothing seems to change.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = 600
# While the database cannot be reached, cached pages are served, marked stale, for at most
# this long past their time; pages that must be computed answer 503 ("back soon").
PAGE_CACHE_OUTAGE_SECONDS = 15 * 60
# Where readers' requests find the content versions (delivery/areas.py): the shared cache,
# when there is one, so a cached page touches no database; otherwise the database, the one
# thing this process's memory cache shares with other processes.
CONTENT_VERSIONS_FROM_CACHE = bool(REDIS_URL)
# With Redis, each process keeps a copy of the versions that pub/sub keeps current, so a
# cached page needs no round trip at all (delivery/areas.py).
CONTENT_VERSIONS_LISTEN = bool(REDIS_URL)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Swedish first and default, English second, both under a URL prefix.
SITE_NAME = "Andreas & Jessica Bäckman"
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["wtcrsite.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# Static files: fingerprinted and compressed (Brotli and gzip) by WhiteNoise at
# collectstatic, served with far-future caching; DJANGO_STATIC_HOST puts a CDN in front.
STATIC_HOST = os.environ.get("DJANGO_STATIC_HOST", "").rstrip("/")
STATIC_URL = f"{STATIC_HOST}/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (portraits, press photos) and their web sizes. A front server should serve
# MEDIA_ROOT at /media/; DJANGO_SERVE_MEDIA lets Django do it (development, small sites).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Press kits as PDF and ZIP, each built once for what it shows (news.presskit_files).
PRESSKIT_DIR = Path(os.environ.get("DJANGO_PRESSKIT_DIR", VAR_DIR / "presskit"))
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
# A results file (manage.py import_results, the admin's results import) larger than this
# is refused before it is read; a whole season's results.csv is about 25 kB.
RESULTS_FILE_MAX_BYTES = env_int(
    "DJANGO_RESULTS_FILE_MAX_BYTES", default=1024 * 1024, minimum=1, what="number of bytes"
)

# Security headers. The CSP allows no inline script or style and no third party;
# pages carry no nonce so that they can be cached and shared.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if STATIC_HOST:
    for directive in ("script-src", "style-src", "img-src", "font-src"):
        SECURE_CSP[directive].append(STATIC_HOST)
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sessions in the database, with keys the page cache can recognise as the site's own
# (delivery/sessions.py): a made-up session cookie cannot turn the page cache off.
SESSION_ENGINE = "delivery.sessions"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Behind reverse proxies (docs/deploy.md): DJANGO_PROXY_COUNT of them, each appending the
# address it was reached from to X-Forwarded-For, the last one TLS-terminating and setting
# X-Forwarded-Proto.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", default=1, minimum=1, what="number of proxies")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address for login lockouts: the connection's, or behind the proxies the
# entry the outermost of them appended to X-Forwarded-For (wtcrsite/client_address.py).
AXES_CLIENT_IP_CALLABLE = "wtcrsite.client_address.client_address"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Security events (django.security.*, such as DisallowedHost) in one line, no traceback.
    "formatters": {"site": {"()": "wtcrsite.logs.SiteFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "site"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Replaces Django's default "django" logger, which would print every line twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
