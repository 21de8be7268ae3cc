"""Django settings for RPL Care, read from the environment (see docs/deployment.md).

Two modes:
- local (the default: `make run`, `rpl demo`, `rpl serve`, tests): SQLite in the data directory,
  a random secret key created once in that directory, loopback host names only;
- production (RPL_PRODUCTION=1, `rpl serve --production`): SECRET_KEY and ALLOWED_HOSTS must be
  set and DEBUG off, or the settings refuse to load.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from rpl.web import config

_env = os.environ
WEB_DIR = Path(__file__).resolve().parent

PRODUCTION = config.is_production(_env)
DEBUG = config.debug(_env)
RPL_DATA_DIR = config.data_dir(_env)

if PRODUCTION and (_problems := config.production_problems(_env)):
    raise ImproperlyConfigured("; ".join(_problems))

SECRET_KEY = _env.get("SECRET_KEY", "").strip() or config.local_secret_key(RPL_DATA_DIR)
ALLOWED_HOSTS = config.allowed_hosts(_env)
CSRF_TRUSTED_ORIGINS = config.csv_list(_env.get("CSRF_TRUSTED_ORIGINS", ""))

if config.uses_default_sqlite(_env):
    config.ensure_data_dir(RPL_DATA_DIR)
DATABASES = {"default": config.database_config(_env, RPL_DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rpl.web.site",
    "rpl.web.accounts",
    "rpl.web.records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "rpl.web.urls"
WSGI_APPLICATION = "rpl.web.wsgi.application"

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
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:staff-home"
LOGOUT_REDIRECT_URL = "site:home"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day

# Security headers. Everything is served from this site: no CDN, no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION

# Translation arrives in a later issue; template strings are already marked.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("vi", "Tiếng Việt"),
    ("zh-hans", "简体中文"),
    ("tr", "Türkçe"),
]
USE_I18N = True
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "UTC"
USE_TZ = True

# Static files come from the apps' static/ folders through whitenoise; no collectstatic step.
STATIC_URL = "static/"
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Privacy: patient data must never reach a log. Django logs request paths (never bodies) on
# errors; the e-mail handler, which would send request details, is not configured, and the
# development server's request lines lose their query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "drop_query_strings": {"()": "rpl.web.log_filters.DropQueryStrings"},
    },
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["drop_query_strings"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # SQL with its parameters is logged at DEBUG level; never let it through.
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "rpl": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
