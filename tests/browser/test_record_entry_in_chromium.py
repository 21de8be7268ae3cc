"""Record entry a clinician can do in two minutes (issue 17), measured in chromium: a record of
3 pregnancies and 4 results in at most 2 page submissions with JavaScript (rows added without a
reload), and still entered without JavaScript; in English and Vietnamese."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"  # noqa: S105  # test users only
LANGUAGES = ["en", "vi"]

PREGNANCIES = [
    ("miscarriage", "2023-03-11", "8+1"),
    ("miscarriage", "2023-11-30", "6+4"),
    ("live_birth", "2025-01-20", "39+2"),
]
# (test, value, unit); the unit of the last is left out at first on purpose.
RESULTS = [
    ("tsh", "3,1", "mIU/L"),
    ("tpo_antibodies", "negative", ""),
    ("anticardiolipin_igg", "12", "GPL U/mL"),
    ("prolactin", "18", "ng/mL"),
]


def words(language: str, *texts: str) -> list[str]:
    """The page's words in the staff user's language (from the same catalogues)."""
    with translation.override(language):
        return [translation.gettext(text) for text in texts]


@pytest.fixture
def no_script_page(unavailable: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium_page(
        unavailable, monkeypatch, viewport=DESKTOP, java_script_enabled=False
    ) as page:
        yield page


def sign_in_to_new_record(page: Any, base: str, make_staff: Any, language: str) -> list[str]:
    """Sign in a clinician who works in `language`, open a new record; returns the list that
    collects every page submission (a POST that loads a page) from then on."""
    from rpl.web.accounts.models import StaffPreference

    user = make_staff("doctor", "clinician", password=PASSWORD)
    StaffPreference.objects.create(user=user, language=language)
    page.goto(base + "/staff/login/")
    page.locator("#id_username").fill("doctor")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(base + "/staff/")
    page.goto(base + "/staff/records/new/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    submissions: list[str] = []
    page.on(
        "request",
        lambda request: (
            submissions.append(request.url)
            if request.method == "POST" and request.is_navigation_request()
            else None
        ),
    )
    return submissions


def fill_couple(page: Any) -> None:
    page.locator("#id_record-local_id").fill("couple-quick")
    page.locator("#id_record-assessed_on").fill("2025-03-01")
    page.locator("#id_woman-age_years").fill("34")
    page.locator("#id_woman-height_cm").fill("160")
    page.locator("#id_woman-weight_kg").fill("64")
    page.locator("#id_woman-smoking").select_option("never")
    page.locator("#id_partner-age_years").fill("38")


def fill_pregnancy(page: Any, index: int) -> None:
    outcome, end, weeks = PREGNANCIES[index]
    page.locator(f"#id_pregnancies-{index}-outcome").select_option(outcome)
    page.locator(f"#id_pregnancies-{index}-end_date").fill(end)
    page.locator(f"#id_pregnancies-{index}-gestational_age").fill(weeks)
    page.locator(f"#id_pregnancies-{index}-confirmed_by").select_option("ultrasound")


def fill_result(page: Any, index: int, with_unit: bool = True) -> None:
    test, value, unit = RESULTS[index]
    page.locator(f"#id_results-{index}-test").select_option(test)
    page.locator(f"#id_results-{index}-date").fill("2025-02-01")
    page.locator(f"#id_results-{index}-value").fill(value)
    if unit and with_unit:
        page.locator(f"#id_results-{index}-unit").select_option(unit)


def assert_saved(page: Any, language: str) -> None:
    from rpl.web.records.models import CoupleRecord

    (heading,) = words(language, "Couple record %(id)s")
    expect(page.get_by_role("heading", name=heading % {"id": "couple-quick"})).to_be_visible()
    document = CoupleRecord.objects.get(local_id="couple-quick").document
    assert [p["outcome"] for p in document["pregnancies"]] == [p[0] for p in PREGNANCIES]
    assert [(r["test"], r.get("unit")) for r in document["results"]] == [
        ("tsh", "mIU/L"),
        ("tpo_antibodies", None),
        ("anticardiolipin_igg", "GPL U/mL"),
        ("prolactin", "ng/mL"),
    ]
    assert document["results"][0]["value"] == 3.1
    assert document["woman"]["height_cm"] == 160 and "bmi" not in document["woman"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_javascript_a_record_of_3_pregnancies_and_4_results_takes_at_most_2_submissions(
    live_server, desktop_page, make_staff, language
):
    page = desktop_page
    submissions = sign_in_to_new_record(page, live_server.url, make_staff, language)
    add_pregnancy, add_result, save = words(
        language, "Add a pregnancy", "Add a result", "Save record"
    )

    fill_couple(page)
    # The BMI used is shown while typing, computed from height and weight.
    (computed,) = words(language, "BMI used: %(bmi)s kg/m², computed from height and weight.")
    expect(page.locator("#woman-bmi-used")).to_have_text(computed % {"bmi": "25"})

    fill_pregnancy(page, 0)
    for index in (1, 2):
        page.get_by_role("button", name=add_pregnancy).click()
        expect(page.locator(f"#id_pregnancies-{index}-outcome")).to_be_focused()
        fill_pregnancy(page, index)
    fill_result(page, 0)
    # Only the chosen test's units are offered.
    units = page.locator("#id_results-0-unit").evaluate(
        "select => Array.from(select.options).map(option => option.value)"
    )
    assert units == ["", "mIU/L", "µIU/mL"]
    for index in (1, 2, 3):
        page.get_by_role("button", name=add_result).click()
        fill_result(page, index, with_unit=index != 3)
    assert submissions == []  # every row came without a reload

    page.get_by_role("button", name=save).click()
    # Nothing saved: the summary has the focus, its link leads to the field, whose own
    # message is beside it; everything typed is still there.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    link = summary.locator('a[href="#id_results-3-unit"]')
    expect(link).to_have_count(1)
    link.click()
    unit = page.locator("#id_results-3-unit")
    expect(unit).to_be_focused()
    (needs,) = words(language, "A number needs its unit: choose %(units)s.")
    expect(page.locator("#result-4 .field-error")).to_have_text(
        needs % {"units": "ng/mL, µg/L, mIU/L"}
    )
    expect(page.locator("#id_pregnancies-2-gestational_age")).to_have_value("39+2")
    unit.select_option("ng/mL")
    page.get_by_role("button", name=save).click()

    assert_saved(page, language)
    assert len(submissions) == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_javascript_the_same_record_still_gets_in(
    live_server, no_script_page, make_staff, language
):
    page = no_script_page
    submissions = sign_in_to_new_record(page, live_server.url, make_staff, language)
    add_pregnancy, add_result, save = words(
        language, "Add a pregnancy", "Add a result", "Save record"
    )

    fill_couple(page)
    fill_pregnancy(page, 0)
    for index in (1, 2):
        page.get_by_role("button", name=add_pregnancy).click()  # the server adds the row
        expect(page.locator(f"#id_pregnancies-{index}-outcome")).to_be_focused()
        fill_pregnancy(page, index)
    fill_result(page, 0)
    for index in (1, 2, 3):
        page.get_by_role("button", name=add_result).click()
        fill_result(page, index, with_unit=index != 3)
    # Everything typed before the rows were added is still there.
    expect(page.locator("#id_woman-weight_kg")).to_have_value("64")
    expect(page.locator("#id_pregnancies-0-gestational_age")).to_have_value("8+1")

    page.get_by_role("button", name=save).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # autofocus: no script needed
    expect(summary.locator('a[href="#id_results-3-unit"]')).to_have_count(1)
    (computed,) = words(language, "BMI used: %(bmi)s kg/m², computed from height and weight.")
    expect(page.locator("#woman-bmi-used")).to_have_text(computed % {"bmi": "25"})
    page.locator("#id_results-3-unit").select_option("ng/mL")
    page.get_by_role("button", name=save).click()

    assert_saved(page, language)
    # 2 + 3 rows added by the server, one failed and one good save.
    assert len(submissions) == 7
