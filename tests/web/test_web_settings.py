"""Settings come from the environment: database, secret key, debug, hosts, production checks."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

from django.db.utils import ConnectionHandler

from rpl.web import config
from tests.web.helpers import GOOD_KEY, run

CHECKOUT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'key': s.SECRET_KEY, 'data': str(s.RPL_DATA_DIR)}))"
)


def settings_in_subprocess(env: dict[str, str]) -> dict:
    result = run(
        [sys.executable, "-c", PRINT_SETTINGS],
        {**env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_database_is_sqlite_in_the_data_directory_with_wal(tmp_path):
    database = config.database_config({}, tmp_path)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "rpl.sqlite3")
    assert "PRAGMA journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_database_url_selects_postgresql(tmp_path):
    database = config.database_config(
        {"DATABASE_URL": "postgres://rpl:pw@db.internal:5433/clinic"}, tmp_path
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "clinic")
    assert "init_command" not in database.get("OPTIONS", {})
    assert database["CONN_MAX_AGE"] == 0  # per request: under ASGI each request has its own thread


def test_a_sqlite_database_url_still_gets_wal(tmp_path):
    database = config.database_config({"DATABASE_URL": f"sqlite:///{tmp_path}/other.db"}, tmp_path)
    assert database["NAME"] == f"{tmp_path}/other.db"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_sqlite_really_runs_in_wal_mode(tmp_path, django_db_blocker):
    # A file database configured as the settings configure it (the test database is in memory).
    connections = ConnectionHandler({"default": config.database_config({}, tmp_path)})
    with django_db_blocker.unblock():
        with connections["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
        connections.close_all()


def test_settings_honour_database_url(rpl_env):
    url = "postgres://rpl:pw@db.internal:5433/clinic"
    database = settings_in_subprocess({**rpl_env, "DATABASE_URL": url})["db"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "clinic"


def test_settings_default_to_sqlite_in_rpl_data_dir(rpl_env, data_dir):
    loaded = settings_in_subprocess(rpl_env)
    assert loaded["db"]["NAME"] == str(data_dir / "rpl.sqlite3")
    assert loaded["data"] == str(data_dir)
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["127.0.0.1", "localhost", "[::1]"]


def test_debug_is_on_only_when_asked_for(rpl_env):
    assert settings_in_subprocess({**rpl_env, "RPL_DEV": "1"})["debug"] is True
    assert settings_in_subprocess({**rpl_env, "DEBUG": "true"})["debug"] is True
    assert settings_in_subprocess({**rpl_env, "DEBUG": "0"})["debug"] is False


def test_local_secret_key_is_random_kept_and_owner_only(rpl_env, data_dir):
    first = settings_in_subprocess(rpl_env)["key"]
    assert len(first) >= 50
    assert settings_in_subprocess(rpl_env)["key"] == first
    assert stat.S_IMODE((data_dir / "secret-key").stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    other = data_dir.parent / "other"
    assert settings_in_subprocess({**rpl_env, "RPL_DATA_DIR": str(other)})["key"] != first


def test_secret_key_from_the_environment_wins(rpl_env, data_dir):
    assert settings_in_subprocess({**rpl_env, "SECRET_KEY": GOOD_KEY})["key"] == GOOD_KEY
    assert not (data_dir / "secret-key").exists()


def test_production_settings_refuse_to_load_without_secret_key_and_hosts(rpl_env):
    result = run(
        [sys.executable, "-c", "import django; django.setup()"],
        {**rpl_env, "RPL_PRODUCTION": "1", "DJANGO_SETTINGS_MODULE": "rpl.web.settings"},
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_settings_load_when_configured(rpl_env, data_dir):
    env = {
        **rpl_env,
        "RPL_PRODUCTION": "1",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "rpl.example.org",
    }
    loaded = settings_in_subprocess(env)
    assert loaded["hosts"] == ["rpl.example.org"]
    assert loaded["debug"] is False
    assert not (data_dir / "secret-key").exists()


def test_production_problems_name_each_missing_setting():
    assert config.production_problems({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.example"}) == []
    problems = config.production_problems({"SECRET_KEY": "short", "DEBUG": "1"})
    assert [p.split(";")[0].split(" ")[0] for p in problems] == [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DEBUG",
    ]


def test_data_directory_defaults_to_var_in_the_checkout():
    assert config.data_dir({}) == CHECKOUT / "var"
    assert config.data_dir({"RPL_DATA_DIR": "/srv/rpl"}) == Path("/srv/rpl")


def test_the_booking_and_question_rate_limits_come_from_the_environment(rpl_env):
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.RPL_RATE_LIMITS))"
    )
    env = {**rpl_env, "DJANGO_SETTINGS_MODULE": "rpl.web.settings"}
    default = run([sys.executable, "-c", script], env)
    assert json.loads(default.stdout) == {"booking": [5, 3600], "question": [5, 3600]}
    raised = run(
        [sys.executable, "-c", script],
        {**env, "RPL_BOOKINGS_PER_HOUR": "100000", "RPL_QUESTIONS_PER_HOUR": "7"},
    )
    assert json.loads(raised.stdout) == {"booking": [100000, 3600], "question": [7, 3600]}
    refused = run([sys.executable, "-c", script], {**env, "RPL_BOOKINGS_PER_HOUR": "0"})
    assert refused.returncode != 0
    assert "RPL_BOOKINGS_PER_HOUR must be at least 1" in refused.stderr
