#!/usr/bin/env bash
# Translation catalogues (src/rpl/knowledge/locale/<lang>/LC_MESSAGES/), two gettext domains:
#   django.po     every sentence and label: templates, web code, the presenter's and the core's
#                 gettext_noop sentences (Django and rpl.present read it)
#   catalogue.po  the names of codes (src/rpl/knowledge/catalogue/codes.yaml; rpl.present)
#   scripts/messages.sh update    collect every marked string and name into the .po files
#   scripts/messages.sh compile   build the .mo files (bootstrap.sh runs this)
# The languages are those of src/rpl/knowledge/catalogue/languages.yaml.
# Both use GNU gettext (xgettext, msgmerge, msgfmt: the Debian `gettext` package, which
# scripts/system-deps.sh installs). The .po files are committed; the .mo files are built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PYTHON="$ROOT/.venv/bin/python"
read -r -a LANGS <<<"$("$PYTHON" -c 'from rpl.core.languages import load_languages
print(" ".join(l.gettext for l in load_languages() if l.code != "en"))')"
LOCALE=src/rpl/knowledge/locale

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
        cd "$ROOT"
        # The names of codes: their own domain, from the catalogue's data file.
        pot=$(mktemp)
        trap 'rm -f "$pot"' EXIT
        "$PYTHON" -c 'from rpl.core.catalogue import pot_text; print(pot_text(), end="")' >"$pot"
        for lang in "${LANGS[@]}"; do
            po="$LOCALE/$lang/LC_MESSAGES/catalogue.po"
            if [ -f "$po" ]; then
                msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap "$po" "$pot"
                msgattrib --no-obsolete --no-wrap -o "$po" "$po"
            else
                msginit --no-translator --no-wrap -l "$lang" -i "$pot" -o "$po" 2>/dev/null
            fi
        done
        ;;
    compile)
        cd "$LOCALE"
        for po in */LC_MESSAGES/*.po; do
            msgfmt --check -o "${po%.po}.mo" "$po"
        done
        ;;
    *)
        echo "usage: $0 update|compile" >&2
        exit 2
        ;;
esac
