"""`rpl serve` and `rpl demo`, end to end in subprocesses with a temporary data directory."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from rpl.cli.main import main
from tests.web.helpers import RPL


def invoke(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_rpl_serve_help_explains_both_modes_and_the_options():
    result = invoke("serve", "--help")
    assert result.exit_code == 0
    for text in [
        "uvicorn",
        "127.0.0.1:8000",
        "--production",
        "SECRET_KEY",
        "--dev",
        "--workers",
        "--host",
        "--port",
    ]:
        assert text in result.output


def test_rpl_serve_refuses_production_mode_without_a_secret_key_in_one_line():
    result = invoke(
        "serve", "--production", env={"SECRET_KEY": None, "ALLOWED_HOSTS": "rpl.example.org"}
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: production mode refused to start: SECRET_KEY is not set; "
        "production mode needs a long random secret (see docs/deployment.md)"
    ]


def test_rpl_production_environment_variable_turns_production_mode_on():
    result = invoke("serve", env={"RPL_PRODUCTION": "1", "SECRET_KEY": None, "ALLOWED_HOSTS": None})
    assert result.exit_code == 1
    assert "production mode refused to start" in result.output


def test_rpl_serve_in_local_mode_refuses_to_listen_on_a_network():
    result = invoke("serve", "--host", "0.0.0.0", env={"RPL_PRODUCTION": None})  # noqa: S104
    assert result.exit_code == 1
    assert "local mode serves this computer only" in result.output
    assert "--lan" in result.output  # says how to let a phone on the network try it


def test_rpl_serve_on_a_port_already_in_use_says_so_in_one_line_and_names_the_way_out(
    tmp_path,
):
    # It printed "serving on http://127.0.0.1:PORT/" and then uvicorn's bind error (exit 3).
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke(
            "serve",
            "--port",
            str(port),
            env={"RPL_PRODUCTION": None, "RPL_DATA_DIR": str(tmp_path), "SECRET_KEY": None},
        )
    assert result.exit_code == 1
    assert "serving on" not in result.output
    assert result.output.splitlines()[-1:] == [
        f"Error: port {port} is already in use on 127.0.0.1 (another `rpl serve`, or another "
        "program); stop it, or choose another port: `make run PORT=8080` or "
        "`rpl serve --port 8080`"
    ]


def test_rpl_serve_cannot_be_dev_and_production_at_once():
    assert invoke("serve", "--dev", "--production").exit_code == 2


def test_rpl_demo_refuses_production_mode():
    result = invoke("demo", env={"RPL_PRODUCTION": "1"})
    assert result.exit_code == 1
    assert "refuses to run in production mode" in result.output


def test_rpl_demo_sets_up_a_fresh_data_directory(run_rpl, data_dir):
    result = run_rpl("demo")
    assert result.returncode == 0, result.stderr
    assert "Applying rpl_records.0001_initial... OK" in result.stdout
    assert (
        "RPL Care demo: http://127.0.0.1:8000/ (patient site), "
        "http://127.0.0.1:8000/staff/ (clinic workspace)" in result.stdout
    )
    logins = dict(
        line.split(": ", 1)
        for line in (data_dir / "demo-credentials.txt").read_text().splitlines()
        if not line.startswith("#")
    )
    assert f"Staff login: username clinician, password {logins['clinician']}" in result.stdout
    for name in ["demo-credentials.txt", "secret-key"]:
        assert stat.S_IMODE((data_dir / name).stat().st_mode) == 0o600
    with sqlite3.connect(data_dir / "rpl.sqlite3") as database:
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute("SELECT count(*) FROM rpl_records_couplerecord").fetchone()[0] == 4


def test_rpl_demo_quiet_if_loaded_prints_only_the_address_and_login(run_rpl):
    first = run_rpl("demo", "--quiet-if-loaded")
    assert first.returncode == 0, first.stderr
    assert "Applying" in first.stdout  # not loaded yet: the full story
    second = run_rpl("demo", "--quiet-if-loaded")
    assert second.returncode == 0, second.stderr
    lines = second.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("RPL Care demo: http://127.0.0.1:8000/")
    assert lines[1] == first.stdout.splitlines()[-2]  # the same clinician login


def test_rpl_demo_prints_the_address_of_the_port_make_run_serves_on(run_rpl):
    # `make run PORT=8765` once printed 8000 while serving on 8765.
    result = run_rpl("demo", "--port", "8765")
    assert result.returncode == 0, result.stderr
    assert (
        "RPL Care demo: http://127.0.0.1:8765/ (patient site), "
        "http://127.0.0.1:8765/staff/ (clinic workspace)" in result.stdout
    )
    assert ":8000" not in result.stdout


def test_make_run_passes_its_port_to_rpl_demo_and_rpl_serve():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "rpl demo --quiet-if-loaded --port $(PORT)" in makefile
    assert "rpl serve --port $(PORT)" in makefile


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "rpl serve exited early"
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310  # local test URL
            return
        except OSError:  # refused, reset, or slow to answer on a busy machine (URLError is one)
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


def fetch(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_rpl_serve_serves_the_home_page_and_keeps_patient_data_out_of_its_log(
    run_rpl, rpl_env, free_port, tmp_path
):
    assert run_rpl("demo").returncode == 0
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(RPL), "serve", "--port", str(free_port), "--workers", "1"],
            env=rpl_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{free_port}/"
    try:
        wait_for(base, server)
        status, page = fetch(base)
        assert status == 200
        assert "It does not diagnose." in page
        assert fetch(base + "static/site/rpl.css")[0] == 200
        assert fetch(base + "staff/login/")[0] == 200
        # Something that looks like patient data, in a query string and a form body.
        assert fetch(base + "no-such-page/?woman_age=PATIENT-MARKER-1")[0] == 404
        body = b"username=PATIENT-MARKER-2&password=PATIENT-MARKER-3"
        assert fetch(base + "staff/login/", data=body)[0] == 403  # no CSRF token
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    log_text = log_path.read_text()
    assert f"serving on {base}" in log_text
    assert '"GET /no-such-page/" 404' in log_text
    assert "PATIENT-MARKER" not in log_text


def test_the_asgi_module_loads_the_site_without_opening_a_database_connection(rpl_env):
    # Each uvicorn worker imports rpl.web.asgi before it accepts a connection: the views are
    # loaded then, and no database connection is opened outside a request.
    script = (
        "import rpl.web.asgi, django.urls, sys; from django.db import connections; "
        "assert 'rpl.web.api.cds_hooks' in sys.modules; "
        "print([c.connection is None for c in connections.all(initialized_only=True)])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=rpl_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "False" not in result.stdout


def test_rpl_serve_lan_opens_local_mode_to_the_network_and_answers_to_this_computers_address(
    run_rpl, rpl_env, free_port, tmp_path
):
    from rpl.cli.serve import network_addresses

    assert run_rpl("demo").returncode == 0
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(RPL), "serve", "--lan", "--port", str(free_port), "--workers", "1"],
            env=rpl_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{free_port}/"
    try:
        wait_for(base + "en/", server)
        # Traffic stays on loopback; the Host header is what a phone on the network would send.
        for address in network_addresses()[:1]:
            host = {"Host": f"{address}:{free_port}"}
            request = urllib.request.Request(base + "en/", headers=host)  # noqa: S310
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                assert response.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    log_text = log_path.read_text()
    assert "Open to your local network" in log_text
    assert "never real patients" in log_text
    assert f"serving on http://0.0.0.0:{free_port}/" in log_text
