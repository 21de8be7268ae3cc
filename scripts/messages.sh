#!/usr/bin/env bash
# Translation catalogues of the web site (src/rpl/web/locale/<lang>/LC_MESSAGES/django.po).
#   scripts/messages.sh update    collect every marked string (templates, web code, and the
#                                 core's gettext_noop sentences) into the .po files
#   scripts/messages.sh compile   build the .mo files Django reads (bootstrap.sh runs this)
# Both use GNU gettext (xgettext, msgmerge, msgfmt: the Debian `gettext` package, which
# scripts/system-deps.sh installs). The .po files are committed; the .mo files are built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LANGS=(vi zh_Hans tr)

if ! command -v msgfmt >/dev/null 2>&1; then
    echo "messages: GNU gettext is missing (scripts/system-deps.sh app installs it); the site will show English only" >&2
    exit 1
fi

case "${1:-}" in
    update)
        # From src/rpl so the core's sentences are found too; data and other shells are skipped.
        cd src/rpl
        args=()
        for lang in "${LANGS[@]}"; do args+=(-l "$lang"); done
        DJANGO_SETTINGS_MODULE=rpl.web.settings RPL_DATA_DIR="${RPL_DATA_DIR:-$ROOT/var}" \
            "$ROOT/.venv/bin/django-admin" makemessages "${args[@]}" \
            --ignore='knowledge/*' --ignore='*/migrations/*' --add-location=file --no-obsolete \
            --verbosity=0
        ;;
    compile)
        cd src/rpl/web
        "$ROOT/.venv/bin/django-admin" compilemessages --verbosity=0
        ;;
    *)
        echo "usage: $0 update|compile" >&2
        exit 2
        ;;
esac
