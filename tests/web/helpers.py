"""Helpers shared by the web tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RPL = Path(sys.executable).with_name("rpl")
# Variables the settings read; a subprocess starts from none of them unless a test sets them.
CONFIG_VARIABLES = (
    "DATABASE_URL",
    "RPL_DATA_DIR",
    "RPL_PRODUCTION",
    "DEBUG",
    "RPL_DEV",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DJANGO_SETTINGS_MODULE",
    "RPL_CLINIC_NAME",
    "RPL_CLINIC_PHONE",
    "RPL_CLINIC_EMAIL",
    "RPL_PROFILE",
    "RPL_MAIL_BACKEND",
    "RPL_TRUST_X_FORWARDED_FOR",
    "RPL_BEHIND_PROXY",
    "RPL_BACKUP_KEY",
    "RPL_BOOKINGS_PER_HOUR",
    "RPL_QUESTIONS_PER_HOUR",
    "RPL_RETENTION_DAYS",
    "RPL_HSTS_SECONDS",
    "RPL_HSTS_PRELOAD",
    "RPL_SSL_REDIRECT",
    "RPL_TIME_ZONE",
    "RPL_OIDC_CLIENT_ID",
    "RPL_EMERGENCY_NUMBER",
    "RPL_PRIVACY_NOTICE",
    "RPL_SMS_BACKEND",
)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(
    args: list[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


# Long enough for production mode; used only by tests.
GOOD_KEY = "k" * 30 + "-9XyZ" * 5
