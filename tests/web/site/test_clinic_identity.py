"""The clinic's identity on the patient site: name, logo, address, opening hours, the local
emergency number, and a privacy notice from a law's template that the clinic completes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from rpl.web.site import privacy
from tests.web.helpers import GOOD_KEY, run

pytestmark = pytest.mark.django_db

# What each law asks a notice to hold (docs/patient-site.md#privacy-notice): the template must
# have an item for each.
REQUIRED_ITEMS = {
    "vn-decree-13-2023": {
        "controller",
        "purpose",
        "categories",
        "method",
        "legal_basis",
        "recipients",
        "consequences",
        "retention",
        "rights",
    },
    "cn-pipl": {
        "controller",
        "purpose",
        "categories",
        "legal_basis",
        "recipients",
        "retention",
        "rights",
    },
    "tr-kvkk": {
        "controller",
        "purpose",
        "categories",
        "recipients",
        "legal_basis",
        "retention",
        "rights",
    },
}
LOCAL_LANGUAGE = {"vn-decree-13-2023": "vi", "cn-pipl": "zh-hans", "tr-kvkk": "tr"}


def completed_notice(folder: Path, law: str) -> Path:
    """A clinic's copy of a template with every [[...]] part written."""
    document = yaml.safe_load((privacy.TEMPLATES / f"{law}.yaml").read_text(encoding="utf-8"))
    for item in document["items"]:
        item["text"] = {
            language: privacy.TO_COMPLETE.sub("Our SMS provider only.", text)
            for language, text in item["text"].items()
        }
    path = folder / f"{law}-completed.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("law", privacy.LAWS)
def test_each_law_template_has_every_item_that_law_asks_for_in_english_and_its_language(law):
    document = privacy.load(privacy.notice_path(law))
    keys = {item["key"] for item in document["items"]}
    assert REQUIRED_ITEMS[law] <= keys
    for item in document["items"]:
        assert item["required_by"]
        assert {"en", LOCAL_LANGUAGE[law]} <= set(item["text"]) and set(item["heading"]) == set(
            item["text"]
        )


@pytest.mark.parametrize(
    ("law", "language", "words"),
    [
        ("vn-decree-13-2023", "vi", "Bên kiểm soát dữ liệu của bạn"),
        ("cn-pipl", "zh-hans", "个人信息处理者"),
        ("tr-kvkk", "tr", "Veri sorumlusu"),
    ],
)
def test_the_privacy_page_shows_the_notice_with_controller_legal_basis_and_retention(
    client, settings, law, language, words
):
    settings.RPL_PRIVACY_NOTICE = law
    settings.RPL_PRIVACY_CONTROLLER = "Demo Hospital Ltd, 1 Demo Road"
    settings.RPL_PRIVACY_CONTACT = "privacy@demo.example"
    settings.RPL_RETENTION_DAYS = 365
    page = client.get(f"/{language}/privacy/").content.decode()
    assert words in page
    assert "Demo Hospital Ltd, 1 Demo Road" in page and "privacy@demo.example" in page
    assert "365" in page  # the retention period, from RPL_RETENTION_DAYS
    assert "data-to-complete" in page  # the template's parts for the clinic are marked
    english = client.get("/en/privacy/").content.decode()
    assert "On what basis" in english or "legal ground" in english


def test_a_reader_in_another_language_gets_english_marked_as_english(client, settings):
    settings.RPL_PRIVACY_NOTICE = "cn-pipl"
    page = client.get("/tr/privacy/").content.decode()
    assert '<h3 lang="en">Who handles your information</h3>' in page


def test_a_completed_copy_has_nothing_left_to_complete(client, settings, tmp_path):
    settings.RPL_PRIVACY_NOTICE = str(completed_notice(tmp_path, "tr-kvkk"))
    page = client.get("/tr/privacy/").content.decode()
    assert "Our SMS provider only." in page and "data-to-complete" not in page


def test_without_a_notice_setting_the_page_keeps_the_general_words(client, settings):
    settings.RPL_PRIVACY_NOTICE = ""
    page = client.get("/en/privacy/").content.decode()
    assert "Reading pages, the warning-sign check" in page and "clinic-notice" not in page


def test_the_emergency_number_replaces_your_local_emergency_number(client, settings):
    settings.RPL_EMERGENCY_NUMBER = "115"
    page = client.get("/vi/").content.decode()
    assert 'href="tel:115"' in page
    ask = client.get("/en/ask/").content.decode()
    assert "in an emergency, call 115." in ask and "your local emergency number" not in ask
    settings.RPL_EMERGENCY_NUMBER = ""
    assert "your local emergency number" in client.get("/en/").content.decode()


def test_an_emergency_warning_sign_result_shows_the_number_to_call(client, settings):
    settings.RPL_EMERGENCY_NUMBER = "112"
    answers = {
        "pregnant": "yes",
        "weeks": "8",
        "symptoms": ["bleeding_heavy", "dizziness_fainting"],
    }
    page = client.post("/tr/warning-signs/", answers).content.decode()
    assert 'href="tel:112"' in page.split('id="main"', 1)[1][:3000]


def test_address_hours_and_logo_are_shown_and_the_logo_is_served_from_this_site(
    client, settings, tmp_path
):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    settings.RPL_CLINIC_ADDRESS = "12 Lê Lợi, Quận 1, TP.HCM"
    settings.RPL_CLINIC_HOURS = "Thứ Hai–Thứ Sáu 7:30–16:30"
    settings.RPL_CLINIC_LOGO = str(logo)
    page = client.get("/vi/").content.decode()
    assert "12 Lê Lợi" in page and "7:30–16:30" in page
    assert 'src="/clinic-logo"' in page
    served = client.get("/clinic-logo")
    assert served.status_code == 200 and served["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in served["Content-Security-Policy"]
    settings.RPL_CLINIC_LOGO = str(tmp_path / "notes.txt")
    assert client.get("/clinic-logo").status_code == 404


def test_the_deployment_check_warns_until_the_clinic_identity_is_complete(rpl_env):
    env = {
        **rpl_env,
        "RPL_PRODUCTION": "1",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "rpl.example.org",
        "DJANGO_SETTINGS_MODULE": "rpl.web.settings",
        "RPL_PRIVACY_NOTICE": "cn-pipl",
    }
    result = run([str(Path(sys.executable).with_name("django-admin")), "check", "--deploy"], env)
    output = result.stdout + result.stderr
    assert "rpl.W001" in output and "RPL_EMERGENCY_NUMBER" in output
    assert "rpl.W003" in output  # the template's parts are not completed
