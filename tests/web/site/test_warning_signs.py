"""The warning-sign check: the form's rules, and the engine's triage shown in the reader's language."""

from __future__ import annotations

import re
import typing

import pytest
from django.utils import translation

from rpl.core.triage import WarningSignAnswers, check_warning_signs
from rpl.core.vocabulary import PregnancySymptom
from rpl.web.site.forms import SYMPTOM_LABELS, WarningSignForm

pytestmark = pytest.mark.django_db

CHECK = "/en/warning-signs/"


def test_every_pregnancy_symptom_of_the_vocabulary_has_a_plain_label():
    assert set(SYMPTOM_LABELS) == set(typing.get_args(PregnancySymptom))


def test_the_answers_reach_the_core_as_given():
    form = WarningSignForm(
        {
            "pregnant": "yes",
            "weeks": " 9+2 ",
            "location": "intrauterine",
            "symptoms": ["bleeding_light", "pain_mild"],
            "previous_miscarriages": "2",
            "previous_ectopic": "yes",
            "previous_molar": "no",
        }
    )
    assert form.is_valid(), form.errors
    assert form.answers() == WarningSignAnswers(
        pregnant="yes",
        gestational_age="9+2",
        location="intrauterine",
        symptoms=["bleeding_light", "pain_mild"],
        previous_miscarriages=2,
        previous_ectopic=True,
        previous_molar=False,
    )


@pytest.mark.parametrize(
    ("given", "known"), [("yes", True), ("no", False), ("unsure", None), ("", None)]
)
def test_an_earlier_ectopic_or_molar_pregnancy_is_yes_no_or_unknown_never_a_guessed_no(
    given, known
):
    data = {"pregnant": "yes", "previous_ectopic": given, "previous_molar": given}
    form = WarningSignForm(data)
    assert form.is_valid(), form.errors
    assert (form.answers().previous_ectopic, form.answers().previous_molar) == (known, known)
    # Not asked at all (an older page) is unknown too.
    assert WarningSignForm({"pregnant": "yes"}).is_valid()


EARLY_SCAN = (
    "Contact your early pregnancy unit or clinic today to arrange an early scan that shows where"
    " the pregnancy is."
)


@pytest.mark.parametrize("location", ["unknown", ""])
def test_a_pregnancy_not_yet_located_after_an_earlier_ectopic_gets_the_early_scan_never_routine(
    client, location
):
    answers = {"pregnant": "yes", "weeks": "5+2", "location": location, "previous_ectopic": "yes"}
    page = client.post(CHECK, answers).content.decode()
    assert "triage-soon" in page and "triage-routine" not in page
    assert EARLY_SCAN in page
    assert "After an earlier ectopic pregnancy, an early scan (from about 6 weeks)" in page
    assert "TR12" in page
    # The same answers without the earlier ectopic pregnancy are routine care.
    page = client.post(CHECK, {**answers, "previous_ectopic": "no"}).content.decode()
    assert "triage-routine" in page and EARLY_SCAN not in page


def test_a_pregnancy_not_yet_located_after_an_earlier_molar_pregnancy_gets_the_early_scan(client):
    answers = {"pregnant": "yes", "location": "unknown", "previous_molar": "yes"}
    page = client.post(CHECK, answers).content.decode()
    assert "triage-soon" in page and EARLY_SCAN in page
    assert "After an earlier molar pregnancy, an early scan checks" in page


def test_not_knowing_about_an_earlier_ectopic_says_what_would_call_for_an_early_scan(client):
    answers = {"pregnant": "yes", "location": "unknown", "previous_ectopic": "unsure"}
    page = client.post(CHECK, answers).content.decode()
    assert "If you have had an ectopic or a molar pregnancy before, contact your early" in page


@pytest.mark.parametrize(
    ("language", "question"),
    [("vi", "previous_ectopic"), ("zh-hans", "previous_ectopic"), ("tr", "previous_molar")],
)
def test_the_earlier_pregnancy_questions_and_the_early_scan_advice_are_in_the_pages_language(
    client, language, question
):
    english = str(WarningSignForm().fields[question].label)
    with translation.override(language):
        label = str(WarningSignForm().fields[question].label)
        action = translation.gettext(EARLY_SCAN)
    assert label != english and action != EARLY_SCAN
    assert label in client.get(f"/{language}/warning-signs/").content.decode()
    answers = {"pregnant": "yes", "weeks": "6", "location": "unknown", question: "yes"}
    page = client.post(f"/{language}/warning-signs/", answers).content.decode()
    assert "triage-soon" in page and action in page


def test_not_pregnant_drops_weeks_and_scan_answers():
    form = WarningSignForm({"pregnant": "no", "weeks": "9", "location": "intrauterine"})
    assert form.is_valid()
    answers = form.answers()
    assert answers.gestational_age is None and answers.location is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "pregnant", "Choose an answer."),
        ({"pregnant": "maybe"}, "pregnant", None),
        (
            {"pregnant": "yes", "weeks": "9+7"},
            "weeks",
            "Write the weeks like 9 or 9+2 (days 0 to 6), up to 45 weeks.",
        ),
        (
            {"pregnant": "yes", "weeks": "46"},
            "weeks",
            "Write the weeks like 9 or 9+2 (days 0 to 6), up to 45 weeks.",
        ),
        (
            {"pregnant": "yes", "weeks": "nine"},
            "weeks",
            "Write the weeks like 9 or 9+2 (days 0 to 6), up to 45 weeks.",
        ),
        ({"pregnant": "yes", "weeks": "123456"}, "weeks", None),
        ({"pregnant": "yes", "location": "kitchen"}, "location", None),
        ({"pregnant": "yes", "symptoms": ["hiccups"]}, "symptoms", None),
        (
            {"pregnant": "yes", "previous_miscarriages": "-1"},
            "previous_miscarriages",
            "Enter 0 or more.",
        ),
        (
            {"pregnant": "yes", "previous_miscarriages": "two"},
            "previous_miscarriages",
            "Enter a whole number, or leave it empty.",
        ),
        (
            {"pregnant": "yes", "previous_miscarriages": "51"},
            "previous_miscarriages",
            "Enter a number of at most 50.",
        ),
    ],
)
def test_each_rule_of_the_warning_sign_form(data, field, message):
    form = WarningSignForm(data)
    assert not form.is_valid()
    assert field in form.errors
    if message:
        assert form.errors[field] == [message]


def test_heavy_bleeding_puts_the_emergency_action_first_in_the_page(client):
    response = client.post(CHECK, {"pregnant": "yes", "weeks": "8", "symptoms": ["bleeding_heavy"]})
    assert response.status_code == 200
    page = response.content.decode()
    action = "Call an ambulance or go to the nearest emergency department now."
    main = page[page.index('<main id="main"') :]
    # The action is the first heading of the page, before the site notice.
    assert re.search(r'<main id="main"[^>]*>\s*\s*<section class="triage triage-emergency"', page)
    assert main.index(action) < main.index("This site gives information")
    assert "Emergency" in page
    assert "Heavy bleeding, meaning soaking through a pad" in page
    assert "How much you are bleeding" in page  # what to tell the clinic
    assert "TR02" in page


def test_the_result_shows_the_engine_triage_unchanged(client):
    answers = {"pregnant": "unsure", "symptoms": ["pain_one_sided"]}
    expected = check_warning_signs(
        WarningSignAnswers(pregnant="unsure", symptoms=["pain_one_sided"])
    )
    page = client.post(CHECK, answers).content.decode()
    assert f"triage-{expected.level}" in page
    assert expected.action in page
    for reason in expected.reasons:
        assert reason in page
    for item in expected.tell_clinic:
        assert item.replace("'", "&#x27;") in page


@pytest.mark.parametrize(
    ("language", "action"),
    [
        ("vi", "Hãy gọi xe cấp cứu hoặc đến khoa Cấp cứu gần nhất ngay bây giờ."),
        ("zh-hans", "请立即拨打急救电话，或马上前往最近的医院急诊科。"),
        ("tr", "Hemen ambulans çağırın veya en yakın acil servise gidin."),
    ],
)
def test_the_engine_sentences_appear_translated(client, language, action):
    page = client.post(
        f"/{language}/warning-signs/", {"pregnant": "yes", "symptoms": ["dizziness_fainting"]}
    ).content.decode()
    assert action in page
    assert "Call an ambulance" not in page


def test_the_clinic_phone_number_is_in_the_action_box(client, settings):
    settings.RPL_CLINIC_NAME = "Bệnh viện Demo"
    settings.RPL_CLINIC_PHONE = "+84 28 3930 0000"
    page = client.post(CHECK, {"pregnant": "yes", "symptoms": ["pain_mild"]}).content.decode()
    box = page[page.index('<section class="triage') : page.index("</section>")]
    assert 'Bệnh viện Demo: <a href="tel:+842839300000">+84 28 3930 0000</a>' in box


def test_no_symptom_is_routine_care(client):
    page = client.post(CHECK, {"pregnant": "yes", "weeks": "10"}).content.decode()
    assert "triage-routine" in page
    assert "No warning sign was chosen" in page


def test_a_bad_answer_shows_the_form_again_with_the_message_by_the_field(client):
    response = client.post(CHECK, {"pregnant": "yes", "weeks": "8+9"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_weeks_error"' in page
    assert 'value="8+9"' in page


def test_the_check_page_labels_every_symptom_and_works_without_javascript(client):
    page = client.get(CHECK).content.decode()
    assert "<script" not in page
    assert 'method="post"' in page
    for code in SYMPTOM_LABELS:
        assert re.search(rf'<input type="checkbox" name="symptoms" value="{code}"', page), code
    assert "<legend>Which of these do you have now?" in page


def test_a_source_read_at_one_place_is_listed_once_however_many_of_its_recommendations_apply(
    client,
):
    answers = {"pregnant": "yes", "weeks": "6", "location": "unknown"}
    response = client.post(CHECK, {**answers, "symptoms": ["pain_one_sided"]})
    lines = response.context["sources"]
    assert lines
    assert len(lines) == len(set(lines))
    titles = [(line.title, line.ref) for line in lines]
    assert len(titles) == len(set(titles))
