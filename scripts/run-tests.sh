#!/usr/bin/env bash
# Every check `make test` and CI run: ruff, ruff format, mypy, the import contracts
# (pyproject.toml), then the whole pytest suite (unit, CLI, web on SQLite and on a throwaway
# PostgreSQL, browser in headless chromium).
# Runs every stage even after a failure; exits non-zero if any failed. Extra arguments go to
# pytest, e.g. `scripts/run-tests.sh -k demo`.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
failed=()

stage() {  # stage NAME COMMAND...: run it, remember a failure
    local name=$1
    shift
    echo "== $name"
    if ! "$@"; then failed+=("$name"); fi
}

stage "ruff check" "$BIN/ruff" check .
stage "ruff format" "$BIN/ruff" format --check .
stage "mypy" "$BIN/mypy"
stage "import contracts" "$BIN/lint-imports" --no-cache

# The suite chooses its own databases and data directory: nothing from the caller leaks in.
unset DATABASE_URL RPL_PRODUCTION DEBUG RPL_DEV SECRET_KEY ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS
unset RPL_TEST_POSTGRES_URL RPL_TEST_POSTGRES_ERROR
unset RPL_CLINIC_NAME RPL_CLINIC_PHONE RPL_CLINIC_EMAIL RPL_PROFILE RPL_MAIL_BACKEND RPL_TRUST_X_FORWARDED_FOR
unset RPL_BEHIND_PROXY RPL_BACKUP_KEY
unset RPL_BOOKINGS_PER_HOUR RPL_QUESTIONS_PER_HOUR RPL_TIME_ZONE RPL_OIDC_CLIENT_ID RPL_SMS_BACKEND
unset RPL_EMERGENCY_NUMBER RPL_PRIVACY_NOTICE
work=$(mktemp -d "${TMPDIR:-/tmp}/rpl-tests.XXXXXX")
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/rpl-pg.XXXXXX")
cleanup() {
    scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true
    rm -rf "$work" "$pg_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export RPL_DATA_DIR="$work/data"

echo "== postgresql"
if url=$(scripts/postgres.sh start "$pg_dir" 2>"$work/postgres.err"); then
    export RPL_TEST_POSTGRES_URL="$url"
    echo "test server at $url"
else
    # The postgres tests report this: they fail when CI=true and skip otherwise.
    RPL_TEST_POSTGRES_ERROR="$(tr '\n' ' ' <"$work/postgres.err")"
    export RPL_TEST_POSTGRES_ERROR
    echo "could not start PostgreSQL: $RPL_TEST_POSTGRES_ERROR"
fi

echo "== pytest"
"$BIN/pytest" -n "${RPL_TEST_WORKERS:-2}" -p no:cacheprovider "$@"
status=$?
if [ "$status" -eq 5 ]; then
    echo "run-tests: pytest collected no tests" >&2
fi
if [ "$status" -ne 0 ]; then failed+=("pytest"); fi

if [ "${#failed[@]}" -gt 0 ]; then
    echo "run-tests: FAILED: ${failed[*]}" >&2
    exit 1
fi
