"""`rpl serve`: serve the RPL Care web site (uvicorn, ASGI), or Django's development server.

uvicorn rather than gunicorn's threaded worker: uvicorn reads requests on an event loop, so
slow clients cost a coroutine each instead of a worker thread (ten of them stopped the threaded
server; docs/reliability.md). Its own access log is off (it names the client and the query
string); `rpl.web.asgi` writes one without either. Proxy headers are never read by uvicorn:
the site reads them itself, only when RPL_BEHIND_PROXY says a proxy sets them.
"""

from __future__ import annotations

import errno
import os
import socket
import sys

import click

from rpl.web import config

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
KEEP_ALIVE_SECONDS = 5  # an idle kept-alive connection is closed after this
CONCURRENCY_LIMIT = 1000  # connections and requests at once per worker; beyond it, 503


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def site_url(host: str, port: int) -> str:
    return f"http://{_url_host(host)}:{port}/"


def _child_environment(*, production: bool, dev: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "rpl.web.settings")
    env.pop("RPL_PRODUCTION", None)
    if production:
        env["RPL_PRODUCTION"] = "1"
    if dev:
        env["RPL_DEV"] = "1"
    return env


def network_addresses() -> list[str]:
    """This computer's IPv4 addresses other than loopback, as its own name resolves them (no
    packet is sent)."""
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    addresses = {str(entry[4][0]) for entry in found}
    return sorted(a for a in addresses if not a.startswith("127."))


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on host:port (binding as uvicorn will fails)."""
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((bare, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


def _check_local(host: str, lan: bool = False) -> None:
    """Local mode: this computer only (or, with --lan, the local network on purpose), with a
    secret key kept in the data directory."""
    if not lan and host.strip("[]") not in LOOPBACK_HOSTS:
        raise click.ClickException(
            f"local mode serves this computer only (127.0.0.1), not {host}; "
            "to let a phone on your own network try it use --lan; "
            "to serve patients use --production (see docs/deployment.md)"
        )
    directory = config.data_dir(os.environ)
    try:
        if not os.environ.get("SECRET_KEY", "").strip():
            config.local_secret_key(directory)
    except OSError as error:
        raise click.ClickException(
            f"cannot keep the local secret key in {directory}: {error.strerror}"
        ) from None
    database = directory / "rpl.sqlite3"
    if config.uses_default_sqlite(os.environ) and (
        not database.exists() or database.stat().st_size == 0
    ):
        click.echo(
            f"Note: no database in {directory} yet; run `rpl demo` first to create it.", err=True
        )


def _run_dev_server(host: str, port: int, env: dict[str, str]) -> None:
    os.environ.update(env)
    from django.core.management import execute_from_command_line

    address = ["--ipv6", f"[{host}]:{port}"] if ":" in host else [f"{host}:{port}"]
    execute_from_command_line(["rpl serve", "runserver", *address])


@click.command(name="serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Local mode accepts only 127.0.0.1, ::1 or localhost.",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="uvicorn worker processes (not used with --dev).",
)
@click.option(
    "--dev",
    is_flag=True,
    help="Run Django's development server: DEBUG on, reloads when the code changes.",
)
@click.option(
    "--production",
    is_flag=True,
    envvar="RPL_PRODUCTION",
    help="Serve real patients: needs SECRET_KEY and ALLOWED_HOSTS, may listen on any address. "
    "Also on when RPL_PRODUCTION=1.",
)
@click.option(
    "--lan",
    is_flag=True,
    help="Local mode opened to your own network, so that a phone on the same Wi-Fi can try "
    "the site: listens on every address, plain HTTP, for demo data only.",
)
def serve(host: str, port: int, workers: int, dev: bool, production: bool, lan: bool) -> None:
    """Serve the RPL Care web site with uvicorn and print its address.

    \b
    Local mode (the default, what `make run` uses) is for trying RPL Care on
    this computer: it listens on 127.0.0.1:8000 only, uses the SQLite database
    in the data directory (var/, or RPL_DATA_DIR) and keeps a random secret key
    there, created on first use. Run `rpl demo` first to create the database
    and the demo logins.

    \b
    Production mode (--production) refuses to start unless SECRET_KEY and
    ALLOWED_HOSTS are set and DEBUG is off; DATABASE_URL selects PostgreSQL.
    It does not run migrations. See docs/deployment.md.
    """
    if dev and production:
        raise click.UsageError("--dev and --production cannot be used together")
    if production:
        if problems := config.production_problems(os.environ):
            raise click.ClickException("production mode refused to start: " + "; ".join(problems))
    else:
        if lan:
            host = "0.0.0.0"  # noqa: S104  # asked for: the local network, demo data only
        _check_local(host, lan)
        if not dev and (problems := config.secret_key_problems(os.environ)):
            raise click.ClickException("refused to start: " + "; ".join(problems))

    if port_in_use(host, port):
        # uvicorn would print "serving on" first, then a traceback-like line, and exit 3.
        raise click.ClickException(
            f"port {port} is already in use on {host} (another `rpl serve`, or another "
            f"program); stop it, or choose another port: `make run PORT=8080` or "
            f"`rpl serve --port 8080`"
        )
    env = _child_environment(production=production, dev=dev)
    if lan and not production:
        addresses = network_addresses()
        # The site answers to the names it is reached by; ALLOWED_HOSTS, if set, decides.
        env.setdefault("ALLOWED_HOSTS", ",".join([*config.LOCAL_HOSTS, *addresses]))
        click.echo(
            "Open to your local network (plain HTTP; demo data only, never real patients). "
            "On a phone on the same network, open: "
            + (", ".join(site_url(a, port) for a in addresses) or f"this computer's address:{port}")
        )
    if dev:
        if os.environ.get("RUN_MAIN") != "true":  # the autoreloader's child: already announced
            click.echo(f"RPL Care development server: {site_url(host, port)}")
        _run_dev_server(host, port, env)
        return

    mode = "production" if production else "local"
    click.echo(f"RPL Care ({mode}) serving on {site_url(host, port)}  (Ctrl-C stops it)")
    sys.stdout.flush()
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "rpl.web.asgi:application",
        f"--host={host.strip('[]')}",
        f"--port={port}",
        f"--workers={workers}",
        "--no-access-log",  # rpl.web.asgi writes one without addresses or query strings
        "--no-proxy-headers",  # rpl.web.client reads them, only behind a declared proxy
        "--no-server-header",
        "--no-date-header",
        f"--timeout-keep-alive={KEEP_ALIVE_SECONDS}",
        f"--limit-concurrency={CONCURRENCY_LIMIT}",
        "--timeout-graceful-shutdown=10",
        "--lifespan=off",  # Django's ASGI handler does not speak the lifespan protocol
    ]
    os.execve(sys.executable, argv, env)  # noqa: S606  # argv is built here, not from a shell


COMMAND = serve
