#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (scripts/run-tests.sh uses it).
#   scripts/postgres.sh start DIR   initdb into DIR (an empty directory), start the server on
#                                   127.0.0.1 at a free port, print its URL on stdout
#   scripts/postgres.sh stop DIR    stop it; the caller removes DIR
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user and DIR
# is handed to that user. Trust authentication, loopback only, no fsync: for tests, never data.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

find_bindir() {
    local candidate
    for candidate in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/initdb" ]; then echo "$candidate"; return; fi
    done
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return
    fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
    echo "postgres: no initdb found (install the postgresql package: scripts/system-deps.sh test)" >&2
    exit 1
}

as_owner() {  # run a command as the user who owns the server
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local bindir port attempt
    bindir=$(find_bindir)
    if [ "$(id -u)" -eq 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            echo "postgres: running as root and there is no postgres user to run the server" >&2
            exit 1
        fi
        chown postgres: "$dir"
    fi
    chmod 700 "$dir"
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U rpl -A trust -E UTF8 --no-locale --no-sync \
        >"$dir/initdb.log" 2>&1; then
        echo "postgres: initdb failed:" >&2
        tail -n 20 "$dir/initdb.log" >&2
        exit 1
    fi
    for attempt in 1 2 3; do
        port=$(free_port)
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
            echo "postgresql://rpl@127.0.0.1:$port/postgres"
            return
        fi
    done
    echo "postgres: the server did not start:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
}

stop() {
    local bindir
    bindir=$(find_bindir)
    [ -f "$dir/data/postmaster.pid" ] || return 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
}

case "$action" in
    start) [ -d "$dir" ] || { echo "postgres: $dir is not a directory" >&2; exit 2; }; start ;;
    stop) stop ;;
    *) usage ;;
esac
