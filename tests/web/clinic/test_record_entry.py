"""Record entry a clinician can do in two minutes (issue 17): units as a choice per test, ages
in whole years, the BMI used shown, an error summary in page order linking to each field, rows
added without JavaScript, and the whole record saved in one transaction or not at all."""

from __future__ import annotations

import re

import pytest
from django.db import DatabaseError, connection
from django.test import Client

from rpl.core.units import result_units, units_for
from rpl.web.audit.models import AuditEvent
from rpl.web.records import forms
from rpl.web.records.models import CoupleRecord
from tests.web.clinic.helpers import TWO_LOSSES, record_post

pytestmark = pytest.mark.django_db

THREE_PREGNANCIES = [
    *TWO_LOSSES,
    {"outcome": "live_birth", "end_date": "2025-01-20", "gestational_age": "39+2"},
]
FOUR_RESULTS = [
    {
        "test": "tsh",
        "date": "2025-02-01",
        "value": "3,1",
        "unit": "mIU/L",
        "reference_low": "0.4",
        "reference_high": "4.0",
    },
    {"test": "tpo_antibodies", "date": "2025-02-01", "value": "negative"},
    {"test": "anticardiolipin_igg", "date": "2025-02-01", "value": "12", "unit": "GPL U/mL"},
    {"test": "lupus_anticoagulant", "date": "2025-02-01", "value": "negative"},
]


# --- the form logic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("height", "weight", "bmi", "value", "source"),
    [
        ("160", "64", "", 25.0, "computed"),
        ("165", "62,5", "", 23.0, "computed"),  # a decimal comma, as typed in Viet Nam or Turkey
        ("", "", "27.4", 27.4, "entered"),
        ("160", "64", "25.3", 25.3, "entered"),  # entered wins; the contract checks they agree
        ("160", "", "", None, None),
        ("tall", "64", "", None, None),
    ],
)
def test_the_bmi_used_is_computed_from_height_and_weight_unless_one_was_entered(
    height, weight, bmi, value, source
):
    note = forms.bmi_note(height, weight, bmi)
    assert (note.value, note.source) == (value, source)


def test_the_bmi_note_says_which_bmi_was_used():
    assert forms.bmi_note("160", "64", "").text == (
        "BMI used: 25 kg/m², computed from height and weight."
    )
    assert forms.bmi_note("", "", "27.4").text == "BMI used: 27.4 kg/m², as entered."
    assert forms.bmi_note("160", "64", "25.3").text == (
        "BMI used: 25.3 kg/m², as entered (height and weight give 25 kg/m²)."
    )
    assert "not recorded" in forms.bmi_note("", "", "").text


def test_every_test_with_units_is_a_test_of_the_record_and_each_unit_is_listed_once():
    table = result_units()
    assert units_for("tsh") == ("mIU/L", "µIU/mL")
    assert units_for("karyotype") == ()  # recorded in words
    for test, units in table.items():
        assert len(set(units)) == len(units), test


def test_the_antiphospholipid_units_offered_are_ones_the_criteria_table_knows():
    """No unit offered for a titre is one the criteria's unit table has never heard of: each
    is either read as the criteria's unit or listed there as not read as it."""
    from rpl.core.knowledge import knowledge_path, read_yaml
    from rpl.core.rules.aps import UnitTable, _unit_key

    table = UnitTable.model_validate(
        read_yaml(knowledge_path("units", "antiphospholipid-titres.yaml"))
    )
    for entry in table.units:
        known = {_unit_key(p) for p in entry.printed} | {
            _unit_key(p)
            for refused in table.not_accepted
            if entry.test in refused.tests
            for p in refused.printed
        }
        assert {_unit_key(u) for u in units_for(entry.test)} <= known, entry.test


def _entry_errors(**parts):
    bundle = forms.bind_forms(record_post(**parts))
    assert bundle.is_valid()
    forms.document_from_forms(bundle)
    forms.check_entry(bundle)
    return bundle


def test_an_age_must_be_in_whole_years():
    bundle = _entry_errors(woman={"age_years": "36.5"}, partner={"age_years": "41"})
    assert bundle.woman.errors["age_years"] == ["Give the age in whole years."]
    assert "age_years" not in bundle.partner.errors


def test_a_number_without_its_unit_is_refused_naming_the_units_it_needs():
    bundle = _entry_errors(results=[{"test": "tsh", "value": "3.1"}])
    assert bundle.result_rows[0].errors["unit"] == [
        "A number needs its unit: choose mIU/L, µIU/mL."
    ]


def test_a_unit_the_test_is_not_reported_in_is_refused():
    bundle = _entry_errors(results=[{"test": "fasting_glucose", "value": "5.1", "unit": "GPL"}])
    assert bundle.result_rows[0].errors["unit"] == [
        "Not a unit this test is reported in: choose mmol/L, mg/dL."
    ]


def test_a_number_for_a_test_recorded_in_words_is_refused_and_words_need_no_unit():
    bundle = _entry_errors(
        results=[
            {"test": "karyotype", "value": "46"},
            {"test": "lupus_anticoagulant", "value": "positive"},
        ]
    )
    assert "recorded in words" in bundle.result_rows[0].errors["value"][0]
    assert not bundle.result_rows[1].errors


def test_the_error_summary_lists_the_errors_in_the_order_of_the_page_with_links_to_fields(
    staff_client,
):
    data = record_post(
        woman={"age_years": "36.5"},
        pregnancies=[TWO_LOSSES[0], {**TWO_LOSSES[1], "gestational_age": "50"}],
        results=[{"test": "tsh", "value": "3.1"}],
        current={"pregnant": "on", "gestational_age": "x"},
    )
    response = staff_client("clinician").post("/staff/records/new/", data)
    assert response.status_code == 400
    summary = response.context["summary"]
    assert [(entry.target, entry.where) for entry in summary] == [
        ("id_woman-age_years", "Woman · Age (years)"),
        ("id_pregnancies-1-gestational_age", "Pregnancy 2 · Gestational age (weeks+days)"),
        ("id_current-gestational_age", "Current pregnancy · Gestational age (weeks+days)"),
        ("id_results-0-unit", "Result 1 · Unit"),
    ]
    page = response.content.decode()
    box = page[page.index('id="error-summary"') :]
    box = box[: box.index("</div>")]
    assert 'role="alert"' in page.split('id="error-summary"')[0].rsplit("<div", 1)[1] + box
    assert re.findall(r'href="#([^"]+)"', box) == [entry.target for entry in summary]
    for entry in summary:  # every link has its field on the page
        assert f'id="{entry.target}"' in page
    # Each field's own message stays beside it, and everything typed is shown again.
    assert '<p class="field-error" role="alert">Give the age in whole years.</p>' in page
    # The field itself is marked invalid and names its message.
    assert re.search(
        r'<input[^>]*name="woman-age_years"[^>]*aria-invalid="true"'
        r'[^>]*aria-describedby="id_woman-age_years-error"',
        page,
    )
    assert 'id="id_woman-age_years-error"' in page
    assert 'value="36.5"' in page and 'value="50"' in page
    assert not CoupleRecord.objects.exists()


# --- the views ------------------------------------------------------------------------------


def test_a_record_of_three_pregnancies_and_four_results_is_saved_in_one_post(staff_client):
    client = staff_client("clinician")
    data = record_post(
        woman={"age_years": "34", "height_cm": "160", "weight_kg": "64"},
        pregnancies=THREE_PREGNANCIES,
        results=FOUR_RESULTS,
    )
    assert client.post("/staff/records/new/", data).status_code == 302
    document = CoupleRecord.objects.get(local_id="couple-1").document
    assert len(document["pregnancies"]) == 3 and len(document["results"]) == 4
    assert document["results"][0]["value"] == 3.1
    assert document["results"][2]["unit"] == "GPL U/mL"
    assert "bmi" not in document["woman"]  # computed when read, from what was measured
    page = client.get("/staff/records/couple-1/").content.decode()
    assert "25 (from height and weight)" in page


def test_adding_a_row_without_javascript_keeps_everything_typed_and_saves_nothing(staff_client):
    client = staff_client("clinician")
    data = record_post(woman={"age_years": "34"}, pregnancies=TWO_LOSSES) | {"add": "pregnancy"}
    response = client.post("/staff/records/new/", data)
    assert response.status_code == 200
    bundle = response.context["forms"]
    assert len(bundle.pregnancies) == 3
    page = response.content.decode()
    assert 'value="6+4"' in page and 'value="34"' in page
    assert 'name="pregnancies-TOTAL_FORMS" value="3"' in page
    assert re.search(r'<select name="pregnancies-2-outcome"[^>]*autofocus', page)
    assert "A blank pregnancy row was added." in page
    assert not CoupleRecord.objects.exists()
    response = client.post("/staff/records/new/", data | {"add": "result"})
    assert len(response.context["forms"].results) == 1


def test_nothing_is_half_written_when_the_last_result_of_a_long_record_is_wrong(staff_client):
    client = staff_client("clinician")
    bad = [*FOUR_RESULTS[:3], {"test": "prolactin", "value": "18"}]
    data = record_post(pregnancies=THREE_PREGNANCIES, results=bad)
    assert client.post("/staff/records/new/", data).status_code == 400
    assert not CoupleRecord.objects.exists()
    assert not AuditEvent.objects.filter(object_type="couple_record").exists()
    client.post("/staff/records/new/", record_post(pregnancies=TWO_LOSSES))
    before = CoupleRecord.objects.get(local_id="couple-1").document
    assert client.post("/staff/records/couple-1/edit/", data).status_code == 400
    assert CoupleRecord.objects.get(local_id="couple-1").document == before


@pytest.mark.django_db(transaction=True)
def test_the_record_and_its_audit_event_are_written_in_one_transaction(make_staff):
    """When the audit event cannot be written (the database refuses it), the record is not
    written either: the record and its trail are one transaction."""
    client = Client()
    client.force_login(make_staff("doctor", "clinician"))

    def refuse_audit(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and "audit" in sql:
            raise DatabaseError("the audit table refused the row")
        return execute(sql, params, many, context)

    data = record_post(pregnancies=THREE_PREGNANCIES, results=FOUR_RESULTS)
    with connection.execute_wrapper(refuse_audit), pytest.raises(DatabaseError):
        client.post("/staff/records/new/", data)
    assert not CoupleRecord.objects.exists()


def test_the_unit_list_offers_each_tests_units_under_its_name_and_keeps_a_stored_unit(
    staff_client,
):
    client = staff_client("clinician")
    page = client.get("/staff/records/new/").content.decode()
    assert '<optgroup label="TSH">' in page
    assert '<option value="mIU/L" lang="en">mIU/L</option>' in page
    assert 'data-units="{' in page
    # A record from elsewhere (the API) with a unit the list does not know: shown, not dropped.
    CoupleRecord.objects.create(
        local_id="from-api",
        document={
            "format": "rpl-couple/1",
            "id": "from-api",
            "woman": {},
            "pregnancies": [],
            "results": [{"test": "tsh", "value": 2, "unit": "mU/L"}],
        },
    )
    edit = client.get("/staff/records/from-api/edit/").content.decode()
    assert re.search(r'<option value="mU/L"[^>]*selected', edit)


def test_the_record_form_loads_its_script_from_this_site_and_has_no_inline_script(staff_client):
    page = staff_client("clinician").get("/staff/records/new/").content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="/static/records/record-form.js" defer>']
    assert Client().get("/static/records/record-form.js").status_code == 200


@pytest.mark.parametrize("language", ["vi", "zh-hans", "tr"])
def test_the_error_summary_and_the_added_row_are_in_the_staff_users_language(make_staff, language):
    from tests.web.accounts.test_staff_languages import choose, english_left, visible

    client = Client()
    client.force_login(make_staff("doctor", "clinician"))
    bad = record_post(
        woman={"age_years": "36.5", "height_cm": "160", "weight_kg": "64"},
        pregnancies=THREE_PREGNANCIES,
        results=[{"test": "tsh", "value": "3.1"}, {"test": "karyotype", "value": "46"}],
    )
    pages = {}
    for shown in ("en", language):
        choose(client, shown)
        pages[shown] = [
            client.post("/staff/records/new/", bad),
            client.post("/staff/records/new/", bad | {"add": "result"}),
        ]
    for english, translated in zip(pages["en"], pages[language], strict=True):
        page = translated.content.decode()
        assert f'<html lang="{language}">' in page
        left = english_left(
            visible(english.content.decode(), "en"), visible(page, language), language
        )
        assert left == []
    assert pages[language][0].status_code == 400
