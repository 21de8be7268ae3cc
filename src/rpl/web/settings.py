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

from rpl.core.knowledge import knowledge_path
from rpl.core.languages import load_languages
from rpl.web import config

_env = os.environ
WEB_DIR = Path(__file__).resolve().parent

PRODUCTION = config.is_production(_env)
DEBUG = config.debug(_env)
RPL_DATA_DIR = config.data_dir(_env)

# Never a default key: production needs SECRET_KEY; elsewhere, with DEBUG off, a SECRET_KEY that
# is set must be a real secret (none set: a random key kept in the data directory, below).
_problems = config.production_problems(_env) if PRODUCTION else config.secret_key_problems(_env)
if _problems:
    raise ImproperlyConfigured("; ".join(_problems))

SECRET_KEY = _env.get("SECRET_KEY", "").strip() or config.local_secret_key(RPL_DATA_DIR)
ALLOWED_HOSTS = config.allowed_hosts(_env)
CSRF_TRUSTED_ORIGINS = config.csv_list(_env.get("CSRF_TRUSTED_ORIGINS", ""))

DATABASES = {"default": config.database_config(_env, RPL_DATA_DIR)}
if config.uses_default_sqlite(_env):
    config.ensure_data_dir(RPL_DATA_DIR)
    config.private_file(Path(DATABASES["default"]["NAME"]))  # owner-only, always
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "rpl.web.accounts.admin_config.StaffAdminConfig",  # django.contrib.admin behind the staff roles
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.messages",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rpl.web.site",
    "rpl.web.accounts",
    "rpl.web.records",
    "rpl.web.bookings",
    "rpl.web.questions",
    "rpl.web.audit",
    "rpl.web.clinic",
    "rpl.web.reports",
    "rpl.web.privacy",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "rpl.web.api",
    "rpl.web.fhir",
    "rpl.web.smart",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Refuses control characters in headers and cookies (400) before the session, CSRF and
    # sign-in middleware read them (a NUL in the session cookie reached PostgreSQL).
    "rpl.web.limits.HeaderChecksMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the URL prefix (/vi/...).
    "django.middleware.locale.LocaleMiddleware",
    # A public page offering the browser's language varies with Accept-Language.
    "rpl.web.site.middleware.vary_on_language_suggestion",
    "corsheaders.middleware.CorsMiddleware",  # acts on CORS_URLS_REGEX paths only
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rpl.web.accounts.middleware.renew_staff_session",  # the staff idle timeout
    "django_otp.middleware.OTPMiddleware",
    # After sign-in: a staff page is in the signed-in user's own language (docs/clinic.md).
    "rpl.web.accounts.language.staff_language",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Refuses an oversized body (413) or NUL characters (400) before any view; after those adding
    # headers to every response, so its answer gets them too.
    "rpl.web.limits.InputLimitsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into its page; axes wants it last
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
                "rpl.web.site.context_processors.site",
                "django.contrib.messages.context_processors.messages",
                "rpl.web.accounts.context_processors.staff_roles",
                "rpl.web.accounts.context_processors.sign_in",
                "rpl.web.accounts.language.staff_languages",
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

# Staff accounts (docs/clinic.md). Argon2id first: new and re-hashed passwords use it; older
# hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Lockout after repeated failed sign-ins (django-axes): five failures for one username from one
# address lock that pair out for 15 minutes. Axes' own backend goes first so a locked-out pair
# is refused before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "rpl.web.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = config.int_setting(_env, "RPL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = config.int_setting(_env, "RPL_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its log lines would carry what was typed as a username
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Staff sign-in through the hospital's identity provider (OpenID Connect, mozilla-django-oidc;
# rpl.web.accounts.oidc), beside local passwords. On when RPL_OIDC_CLIENT_ID is set; the
# endpoints are the provider's (its /.well-known/openid-configuration lists them).
RPL_OIDC_ENABLED = bool(_env.get("RPL_OIDC_CLIENT_ID", "").strip())
RPL_OIDC_NAME = _env.get("RPL_OIDC_NAME", "").strip() or "the hospital's sign-in"
RPL_OIDC_ISSUER = _env.get("RPL_OIDC_ISSUER", "").strip()
RPL_OIDC_GROUPS_CLAIM = _env.get("RPL_OIDC_GROUPS_CLAIM", "").strip() or "groups"
try:
    RPL_OIDC_ROLE_GROUPS = config.oidc_role_groups(_env)
except ValueError as problem:
    raise ImproperlyConfigured(str(problem)) from None
if RPL_OIDC_ENABLED:
    OIDC_RP_CLIENT_ID = _env["RPL_OIDC_CLIENT_ID"].strip()
    OIDC_RP_CLIENT_SECRET = _env.get("RPL_OIDC_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _env.get("RPL_OIDC_AUTHORIZATION_ENDPOINT", "").strip()
    OIDC_OP_TOKEN_ENDPOINT = _env.get("RPL_OIDC_TOKEN_ENDPOINT", "").strip()
    OIDC_OP_USER_ENDPOINT = _env.get("RPL_OIDC_USERINFO_ENDPOINT", "").strip()
    OIDC_OP_JWKS_ENDPOINT = _env.get("RPL_OIDC_JWKS_ENDPOINT", "").strip()
    OIDC_RP_SCOPES = _env.get("RPL_OIDC_SCOPES", "").strip() or "openid profile email"
    _missing = [
        name
        for name, value in (
            ("RPL_OIDC_ISSUER", RPL_OIDC_ISSUER),
            ("RPL_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("RPL_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("RPL_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("RPL_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
            ("RPL_OIDC_ROLE_GROUPS", RPL_OIDC_ROLE_GROUPS),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured("RPL_OIDC_CLIENT_ID is set but not " + ", ".join(_missing))
    AUTHENTICATION_BACKENDS = [
        *AUTHENTICATION_BACKENDS,
        "rpl.web.accounts.oidc.HospitalOIDCBackend",
    ]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
LOGIN_REDIRECT_URL_FAILURE = "/staff/login/provider-refused/"  # mozilla-django-oidc takes a path
# Idle timeout: a staff session ends after this many minutes without a request (each staff
# request renews it: rpl.web.accounts.middleware), and always when the browser closes.
SESSION_COOKIE_AGE = config.int_setting(_env, "RPL_STAFF_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = False  # not every session: a patient's page views write nothing
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = "RPL Care"
# Admins may remove a lost authenticator but never read its secret (key, QR code) in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A clinic's own guideline profiles (folders of YAML files, comma-separated; docs/profiles.md).
RPL_PROFILE_DIRS = config.csv_list(_env.get("RPL_PROFILE_DIRS", ""))

# Security headers. Everything is served from this site: no CDN, no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
# Request size (rpl.web.limits): a whole body, files included, of at most 2.5 MB (a couple
# record or a FHIR Bundle is a few kB); at most 1000 form fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
SECURE_REFERRER_POLICY = "same-origin"  # other sites never see our paths
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
# Production is HTTPS only (docs/deployment.md): plain HTTP is redirected, and browsers are told
# to use HTTPS for a year (RPL_HSTS_SECONDS). The proxy in front must send X-Forwarded-Proto;
# gunicorn trusts it from loopback (FORWARDED_ALLOW_IPS for a proxy elsewhere).
SECURE_SSL_REDIRECT = config.ssl_redirect(_env)
SECURE_HSTS_SECONDS = config.hsts_seconds(_env)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asking to be preloaded into browsers is the domain owner's decision (it covers every subdomain
# and takes months to undo): RPL_HSTS_PRELOAD=1. Until then Django's reminder (W021) is silenced.
SECURE_HSTS_PRELOAD = config.flag(_env, "RPL_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# The public site lives under a language prefix (/en/, /vi/, /zh-hans/, /tr/; i18n_patterns in
# urls.py). The languages come from rpl/knowledge/catalogue/languages.yaml, the one list of them;
# the catalogues live with the knowledge base (.po committed, .mo compiled by
# scripts/bootstrap.sh), where the presenter (rpl.present) reads them too.
LANGUAGE_CODE = "en"
LANGUAGES = [(language.code, language.name) for language in load_languages()]
USE_I18N = True
LOCALE_PATHS = [knowledge_path("locale")]
# Stored in UTC (USE_TZ); shown in the clinic's zone, always labelled with it
# (rpl.web.site.templatetags.clock). RPL_TIME_ZONE, e.g. Asia/Ho_Chi_Minh; default UTC.
try:
    TIME_ZONE = config.time_zone(_env)
except ValueError as problem:
    raise ImproperlyConfigured(str(problem)) from None
USE_TZ = True

# The clinic behind the patient site (docs/patient-site.md). Shown on every warning-sign result.
RPL_CLINIC_NAME = _env.get("RPL_CLINIC_NAME", "").strip() or "RPL Care demo clinic"
RPL_CLINIC_PHONE = _env.get("RPL_CLINIC_PHONE", "").strip()
# The clinic's identity on the patient pages and in messages to patients (docs/patient-site.md).
RPL_CLINIC_ADDRESS = _env.get("RPL_CLINIC_ADDRESS", "").strip()
RPL_CLINIC_HOURS = _env.get("RPL_CLINIC_HOURS", "").strip()
# A logo file (SVG, PNG or JPEG) served from this site (the CSP allows no other); unset: none.
RPL_CLINIC_LOGO = _env.get("RPL_CLINIC_LOGO", "").strip()
# The local emergency number (115 Viet Nam, 120 China, 112 Turkey), shown instead of "your
# local emergency number" on the patient pages and in the patient report's emergency box.
RPL_EMERGENCY_NUMBER = _env.get("RPL_EMERGENCY_NUMBER", "").strip()
# The privacy notice on /<lang>/privacy/: a law's template (vn-decree-13-2023, cn-pipl,
# tr-kvkk) or the path of the clinic's completed copy; the data controller and how to reach it.
RPL_PRIVACY_NOTICE = _env.get("RPL_PRIVACY_NOTICE", "").strip()
RPL_PRIVACY_CONTROLLER = _env.get("RPL_PRIVACY_CONTROLLER", "").strip()
RPL_PRIVACY_CONTACT = _env.get("RPL_PRIVACY_CONTACT", "").strip()
# Where new bookings and questions are announced (no patient data in the message body).
RPL_CLINIC_EMAIL = _env.get("RPL_CLINIC_EMAIL", "").strip() or "clinic@localhost"
# The clinic's default guideline profile: clinic, API, self-check and CDS Hooks
# (src/rpl/knowledge/profiles/ or a folder in RPL_PROFILE_DIRS; rpl.web.profiles).
RPL_PROFILE = _env.get("RPL_PROFILE", "").strip() or "eshre-2022"
# Days closed bookings and answered questions are kept; `rpl retention` deletes older ones
# (docs/reliability.md). Unset: kept until erased.
RPL_RETENTION_DAYS = config.retention_days(_env)
# Requests per client address and hour, counted in the cache (RPL_BOOKINGS_PER_HOUR,
# RPL_QUESTIONS_PER_HOUR; a load test from one address raises them).
RPL_RATE_LIMITS = {
    "booking": (config.int_setting(_env, "RPL_BOOKINGS_PER_HOUR", 5), 60 * 60),
    "question": (config.int_setting(_env, "RPL_QUESTIONS_PER_HOUR", 5), 60 * 60),
}
# The cache the rate limits count in. Django's database cache: shared by every gunicorn worker,
# and by every server on one PostgreSQL database, with no extra service to run. Its table is
# created by a migration (rpl.web.site 0002), so `migrate` (and `rpl demo`) is enough. Room for
# many client addresses: when the table is full Django deletes a third of its entries, which
# would forget counts early.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rpl_cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
# Behind a reverse proxy (RPL_BEHIND_PROXY=1; RPL_TRUST_X_FORWARDED_FOR is its older name) the
# client address is the last X-Forwarded-For hop, for the lockout, the audit trail and the rate
# limits alike (rpl.web.client), and X-Forwarded-Proto says whether the visitor used HTTPS.
# Never without a proxy that sets both: any client can send these headers.
RPL_BEHIND_PROXY = config.behind_proxy(_env)
AXES_CLIENT_IP_CALLABLE = "rpl.web.client.client_address"
AXES_USERNAME_CALLABLE = "rpl.web.accounts.backends.lockout_username"
if RPL_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# E-mail (Django's MAILERS): printed to the console in local mode (recipients hidden), sent by SMTP in production
# (RPL_SMTP_HOST, RPL_SMTP_PORT, RPL_SMTP_USER, RPL_SMTP_PASSWORD, RPL_SMTP_TLS), unless
# RPL_MAIL_BACKEND names another backend.
_mail_backend = _env.get("RPL_MAIL_BACKEND", "").strip() or (
    "django.core.mail.backends.smtp.EmailBackend"  # production mail goes out (RPL_SMTP_*)
    if PRODUCTION
    else "rpl.web.mail.PrivateConsoleBackend"  # the console, without the patient's address
)
_mail_options: dict[str, object] = {}
if _mail_backend.endswith(".smtp.EmailBackend"):
    _mail_options = {
        "host": _env.get("RPL_SMTP_HOST", "").strip() or "localhost",
        "port": int(_env.get("RPL_SMTP_PORT", "").strip() or "25"),
        "username": _env.get("RPL_SMTP_USER", "").strip(),
        "password": _env.get("RPL_SMTP_PASSWORD", ""),
        "use_tls": config.flag(_env, "RPL_SMTP_TLS"),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = _env.get("DEFAULT_FROM_EMAIL", "").strip() or "rpl-care@localhost"

# SMS to patients (rpl.web.notify.sms): console (default; the text without the number), file
# (a private folder of JSON files), twilio, none, or the dotted path of a backend class.
RPL_SMS_BACKEND = _env.get("RPL_SMS_BACKEND", "").strip() or "console"
RPL_SMS_FILE_DIR = _env.get("RPL_SMS_FILE_DIR", "").strip() or str(RPL_DATA_DIR / "sms")
RPL_TWILIO_ACCOUNT_SID = _env.get("RPL_TWILIO_ACCOUNT_SID", "").strip()
RPL_TWILIO_AUTH_TOKEN = _env.get("RPL_TWILIO_AUTH_TOKEN", "").strip()
RPL_TWILIO_FROM = _env.get("RPL_TWILIO_FROM", "").strip()  # a number, sender id or MG... id
RPL_TWILIO_API_URL = _env.get("RPL_TWILIO_API_URL", "").strip() or "https://api.twilio.com"

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
        # django-axes logs usernames as typed (a patient's name typed by mistake, say).
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# CDS Hooks (docs/cds-hooks.md). The client's signed JWT is required unless in development.
_cds_jwt = _env.get("RPL_CDS_HOOKS_JWT", "").strip().lower()
RPL_CDS_HOOKS_JWT = _cds_jwt in {"1", "true", "yes", "on"} if _cds_jwt else not DEBUG
RPL_CDS_HOOKS_CLIENTS_FILE = _env.get("RPL_CDS_HOOKS_CLIENTS", "").strip()
RPL_CDS_HOOKS_BASE_URL = _env.get("RPL_CDS_HOOKS_BASE_URL", "").strip()
RPL_CDS_HOOKS_PROFILE = _env.get("RPL_CDS_HOOKS_PROFILE", "").strip() or RPL_PROFILE
# The FHIR face's public base (e.g. https://rpl.example.org/fhir) for fullUrls and bulk file URLs.
RPL_FHIR_BASE_URL = _env.get("RPL_FHIR_BASE_URL", "").strip()
# SMART on FHIR EHR launch: a JSON file {"<EHR FHIR base URL>": {"client_id": "..."}} of the EHRs
# allowed to launch the assessment view, and the launch URL the CDS cards link to.
RPL_SMART_CLIENTS_FILE = _env.get("RPL_SMART_CLIENTS", "").strip()
RPL_SMART_LAUNCH_URL = _env.get("RPL_SMART_LAUNCH_URL", "").strip()
# CORS for browser-based EHRs, on the CDS Hooks endpoints only; no cookies, so no credentials.
CORS_URLS_REGEX = r"^/cds-services(/.*)?$"
CORS_ALLOWED_ORIGINS = config.csv_list(_env.get("RPL_CDS_HOOKS_CORS_ORIGINS", ""))
CORS_ALLOW_ALL_ORIGINS = not CORS_ALLOWED_ORIGINS
CORS_ALLOW_CREDENTIALS = False
