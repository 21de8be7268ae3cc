"""A small OpenID Connect provider for the sign-in tests: django-oauth-toolkit in its OIDC mode,
run as its own Django project in a second process on loopback (tests/web/oidc/conftest.py).

It stands in for a hospital's identity provider: users with groups, an authorization endpoint
behind its own sign-in page, a token endpoint issuing RS256-signed ID tokens, a userinfo
endpoint and its public keys (JWKS)."""

import os
from pathlib import Path

BASE = Path(os.environ["OIDC_TEST_PROVIDER_DIR"])
SECRET_KEY = "provider-test-key-" + "x" * 40  # a throwaway test server
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.web.oidc.provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE / "p.db")}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; test users only
LOGIN_URL = "/login/"
USE_TZ = True
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (BASE / "key.pem").read_text(),
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
    "OAUTH2_VALIDATOR_CLASS": "tests.web.oidc.provider.validator.HospitalValidator",
    "PKCE_REQUIRED": True,
}
