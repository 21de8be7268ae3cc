"""Reading the web site's configuration from the environment.

Kept free of Django imports so that `rpl serve` can check a production configuration and refuse
with a one-line message before it starts gunicorn. `rpl.web.settings` is built from these
functions; docs/deployment.md describes the variables.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url

SQLITE_ENGINE = "django.db.backends.sqlite3"
# WAL lets readers carry on while one writer commits; IMMEDIATE takes the write lock when a
# transaction starts, so two writers queue instead of failing with "database is locked".
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
}
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
SECRET_KEY_FILE = "secret-key"  # noqa: S105  # a file name, not a secret
MIN_SECRET_KEY_LENGTH = 50  # Django's own deployment check asks for at least 50 characters
MIN_SECRET_KEY_CHARACTERS = 5  # distinct characters, as Django's check counts them
# Keys that come from somewhere public: Django's startproject prefix and the usual placeholders.
PLACEHOLDER_KEY_PREFIXES = ("django-insecure", "change", "replace", "your-secret", "secret-key")
HSTS_SECONDS_DEFAULT = 365 * 24 * 60 * 60  # one year, as the HSTS preload list asks

_TRUE = {"1", "true", "yes", "on"}


def flag(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in _TRUE


def csv_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def int_setting(environ: Mapping[str, str], name: str, default: int) -> int:
    """A positive whole number from the environment, else `default`."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return value


def retention_days(environ: Mapping[str, str]) -> int | None:
    """RPL_RETENTION_DAYS: how many days closed bookings and answered questions are kept
    (`rpl retention`); None when unset, and then nothing is deleted for age."""
    if not environ.get("RPL_RETENTION_DAYS", "").strip():
        return None
    return int_setting(environ, "RPL_RETENTION_DAYS", 0)


def behind_proxy(environ: Mapping[str, str]) -> bool:
    """RPL_BEHIND_PROXY=1 (or its older name RPL_TRUST_X_FORWARDED_FOR=1): a reverse proxy the
    clinic runs sets X-Forwarded-For and X-Forwarded-Proto on every request."""
    return flag(environ, "RPL_BEHIND_PROXY") or flag(environ, "RPL_TRUST_X_FORWARDED_FOR")


def time_zone(environ: Mapping[str, str]) -> str:
    """RPL_TIME_ZONE: the clinic's IANA time zone (e.g. Asia/Ho_Chi_Minh), in which every time
    is shown; times are stored in UTC whatever it is. Default UTC."""
    name = environ.get("RPL_TIME_ZONE", "").strip() or "UTC"
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"RPL_TIME_ZONE {name!r} is not a time zone name; use one like Asia/Ho_Chi_Minh, "
            "Asia/Shanghai or Europe/Istanbul"
        ) from None
    return name


STAFF_ROLES = ("receptionist", "clinician", "admin")


def oidc_role_groups(environ: Mapping[str, str]) -> dict[str, list[str]]:
    """RPL_OIDC_ROLE_GROUPS: which of the identity provider's groups give which staff role,
    e.g. "clinician=Doctors|Nurses;receptionist=Front desk;admin=IT admins" (roles separated by
    ';', groups by '|')."""
    raw = environ.get("RPL_OIDC_ROLE_GROUPS", "").strip()
    mapping: dict[str, list[str]] = {}
    for part in (piece.strip() for piece in raw.split(";")):
        if not part:
            continue
        role, sep, groups = part.partition("=")
        role = role.strip()
        if not sep or role not in STAFF_ROLES:
            raise ValueError(
                "RPL_OIDC_ROLE_GROUPS takes role=group|group;role=group with the roles "
                + ", ".join(STAFF_ROLES)
            )
        mapping[role] = [group.strip() for group in groups.split("|") if group.strip()]
    return mapping


def is_production(environ: Mapping[str, str]) -> bool:
    """Production mode is explicit: RPL_PRODUCTION=1 (`rpl serve --production` sets it)."""
    return flag(environ, "RPL_PRODUCTION")


def debug(environ: Mapping[str, str]) -> bool:
    return flag(environ, "DEBUG") or flag(environ, "RPL_DEV")


def data_dir(environ: Mapping[str, str]) -> Path:
    """Where the SQLite database, the local secret key and demo logins live.

    RPL_DATA_DIR if set; otherwise var/ in the source checkout (next to pyproject.toml);
    otherwise var/ in the current directory (an installed package has no checkout).
    """
    if configured := environ.get("RPL_DATA_DIR", "").strip():
        return Path(configured).expanduser().resolve()
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file():
        return checkout / "var"
    return Path.cwd() / "var"


def ensure_data_dir(directory: Path) -> Path:
    """Create the data directory, readable by its owner only (it holds patient records)."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def private_file(path: Path) -> None:
    """Create `path` owner-only if missing, and make it owner-only if not (the SQLite database:
    in an existing folder SQLite would create it with the umask's mode, often world-readable;
    its -wal and -shm files take the database file's mode)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with contextlib.suppress(OSError):  # another user's file: leave it to its owner
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)


def allowed_hosts(environ: Mapping[str, str]) -> list[str]:
    return csv_list(environ.get("ALLOWED_HOSTS", "")) or list(LOCAL_HOSTS)


def secret_key_problem(secret_key: str) -> str | None:
    """Why this SECRET_KEY must not sign anything outside development, or None."""
    if len(secret_key) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is too short; use at least {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(secret_key)) < MIN_SECRET_KEY_CHARACTERS:
        return "SECRET_KEY repeats too few characters; use a random one"
    if secret_key.lower().startswith(PLACEHOLDER_KEY_PREFIXES):
        return "SECRET_KEY is a placeholder or Django's example key; use a random one"
    return None


def secret_key_problems(environ: Mapping[str, str]) -> list[str]:
    """With DEBUG off, a SECRET_KEY from the environment must be a real secret. (Without one,
    local mode makes a random key in the data directory; production mode refuses.)"""
    secret_key = environ.get("SECRET_KEY", "").strip()
    if not secret_key or debug(environ):
        return []
    problem = secret_key_problem(secret_key)
    return [problem] if problem else []


def production_problems(environ: Mapping[str, str]) -> list[str]:
    """What stops this environment from serving in production mode; empty when it is fine."""
    problems = []
    secret_key = environ.get("SECRET_KEY", "").strip()
    if not secret_key:
        problems.append(
            "SECRET_KEY is not set; production mode needs a long random secret "
            "(see docs/deployment.md)"
        )
    elif problem := secret_key_problem(secret_key):
        problems.append(problem)
    if not csv_list(environ.get("ALLOWED_HOSTS", "")):
        problems.append("ALLOWED_HOSTS is not set; list the site's host names, comma-separated")
    if debug(environ):
        problems.append("DEBUG (or RPL_DEV) is on; production mode needs it off")
    return problems


def hsts_seconds(environ: Mapping[str, str]) -> int:
    """How long browsers must use HTTPS only: a year in production unless RPL_HSTS_SECONDS
    says otherwise (0 turns HSTS off); never in local mode, which is plain HTTP."""
    if not is_production(environ):
        return 0
    raw = environ.get("RPL_HSTS_SECONDS", "").strip()
    if not raw:
        return HSTS_SECONDS_DEFAULT
    try:
        value = int(raw)
    except ValueError:
        raise ValueError("RPL_HSTS_SECONDS must be a whole number of seconds") from None
    if value < 0:
        raise ValueError("RPL_HSTS_SECONDS must be 0 or more")
    return value


def ssl_redirect(environ: Mapping[str, str]) -> bool:
    """Production sends plain-HTTP requests to HTTPS unless RPL_SSL_REDIRECT=0 (when the proxy
    in front already does it)."""
    if not is_production(environ):
        return False
    return environ.get("RPL_SSL_REDIRECT", "1").strip().lower() not in {"0", "false", "no", "off"}


def local_secret_key(directory: Path) -> str:
    """The secret key kept in `directory`, created once (random, owner-only) when missing.

    For local and development use only: production mode requires SECRET_KEY instead.
    Safe when several processes start at once (gunicorn workers, pytest-xdist): the key is
    written to a private temporary file and hard-linked into place, so a reader never sees a
    half-written file and the first writer wins.
    """
    path = directory / SECRET_KEY_FILE
    with contextlib.suppress(FileNotFoundError):
        if key := path.read_text(encoding="ascii").strip():
            return key
    return random_key_file(directory, SECRET_KEY_FILE, nbytes=64)


def random_key_file(directory: Path, name: str, *, nbytes: int) -> str:
    """Create `directory/name` holding a random key (owner-only) unless another process made
    it first, and return the key that is there. Written to a private temporary file and
    hard-linked into place, so a reader never sees a half-written file and the first writer
    wins."""
    ensure_data_dir(directory)
    path = directory / name
    temporary = directory / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(nbytes) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink()
    return path.read_text(encoding="ascii").strip()


def database_config(environ: Mapping[str, str], directory: Path) -> dict[str, Any]:
    """DATABASES["default"]: DATABASE_URL if set, else SQLite in the data directory.

    SQLite always gets WAL mode and immediate transactions unless the URL sets its own options.
    """
    url = environ.get("DATABASE_URL", "").strip()
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    else:
        config = {"ENGINE": SQLITE_ENGINE, "NAME": str(directory / "rpl.sqlite3")}
    if config["ENGINE"] == SQLITE_ENGINE:
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    else:
        # A connection per request: under ASGI (`rpl serve`) each request's code runs in a
        # thread of its own, and a persistent connection would outlive its thread.
        config["CONN_MAX_AGE"] = 0
    return config


def uses_default_sqlite(environ: Mapping[str, str]) -> bool:
    return not environ.get("DATABASE_URL", "").strip()
