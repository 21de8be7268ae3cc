"""Every message and every code's name is translated into each language of languages.yaml.

The catalogues (rpl/knowledge/locale: the `django` domain of sentences and labels, the
`catalogue` domain of code names) are read with GNU gettext itself (msgfmt, msgen), as Django
and rpl.present will read them; a string marked in a template or in code, or a name in
rpl/knowledge/catalogue/codes.yaml, missing from the committed catalogues fails too.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

import rpl
from rpl.core.catalogue import messages as catalogue_messages
from rpl.core.languages import load_languages

RPL_DIR = Path(rpl.__file__).resolve().parent
LOCALE = RPL_DIR / "knowledge" / "locale"
LANGUAGES = [language.gettext for language in load_languages() if language.code != "en"]
DOMAINS = ["django", "catalogue"]


@pytest.fixture(scope="module")
def msgfmt(unavailable_module):
    if not shutil.which("msgfmt") or not shutil.which("msgen"):
        unavailable_module("GNU gettext (msgfmt, msgen) is missing: scripts/system-deps.sh app")


@pytest.fixture(scope="module")
def unavailable_module():
    from tests.conftest import IN_CI

    def missing(reason: str):
        if IN_CI:
            pytest.fail(f"{reason} (required when CI=true)", pytrace=False)
        pytest.skip(reason)

    return missing


def compiled(po: Path, out: Path, *, every_msgid: bool = False) -> dict[object, str]:
    """The catalogue msgfmt builds from `po`: fuzzy and untranslated entries are left out.

    With every_msgid, each msgid is first copied into its msgstr (msgen), so every entry is in.
    """
    source = po
    if every_msgid:
        source = out.with_suffix(".en.po")
        subprocess.run(["msgen", "-o", str(source), str(po)], check=True)
    mo = out.with_suffix(".mo")
    check = "--check-format" if every_msgid else "--check"
    subprocess.run(["msgfmt", check, "-o", str(mo), str(source)], check=True)
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    # Plural forms are keyed (msgid, n); how many forms there are depends on the language.
    messages: dict[object, str] = {}
    for key, value in catalog.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if msgid:
            messages[msgid] = messages.get(msgid, "") or value
    return messages


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_catalogue_is_translated(language, domain, msgfmt, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    every = compiled(po, tmp_path / "every", every_msgid=True)
    translated = compiled(po, tmp_path / "translated")
    untranslated = sorted(str(key) for key in every if not translated.get(key))
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated: {untranslated[:5]}"
    assert len(every) > 40


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiling_a_catalogue_prints_no_warning(language, domain, msgfmt, tmp_path):
    # `make run` compiles them on every start: seven header warnings per file once met a new user.
    po = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""


def test_there_are_no_translations_outside_the_catalogues():
    # One place for translations (issue 16): no Python table of them beside the .po files.
    assert not (RPL_DIR / "web" / "reports" / "translations.py").exists()
    assert not (RPL_DIR / "web" / "locale").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_name_is_in_the_committed_name_catalogue(language, msgfmt, tmp_path):
    po = LOCALE / language / "LC_MESSAGES" / "catalogue.po"
    translated = compiled(po, tmp_path / "names")
    wanted = {f"{context}\x04{text}" if context else text for context, text in catalogue_messages()}
    missing = sorted(wanted - set(translated))
    assert missing == [], (
        f"{language}: {len(missing)} names missing (run scripts/messages.sh update, then"
        f" translate): {missing[:5]}"
    )


@pytest.mark.django_db
def test_every_string_marked_for_translation_is_in_the_committed_catalogues(
    msgfmt, tmp_path, settings, monkeypatch
):
    # makemessages on a copy of the source, writing into a temporary locale folder.
    source = tmp_path / "rpl"
    shutil.copytree(
        RPL_DIR,
        source,
        ignore=shutil.ignore_patterns("locale", "knowledge", "__pycache__", "migrations"),
    )
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["vi"], verbosity=0)
    fresh = compiled(
        tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po",
        tmp_path / "fresh",
        every_msgid=True,
    )
    assert len(fresh) > 40
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        translated = compiled(po, tmp_path / f"committed-{language}")
        missing = sorted(str(key) for key in fresh if key not in translated)
        assert missing == [], (
            f"{language}: {len(missing)} strings missing from the catalogue "
            f"(run scripts/messages.sh update, then translate): {missing[:5]}"
        )
