"""The self-check pages: the form's rules, the core's result shown, nothing stored, booking prefilled."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.html import escape

from rpl.core.profiles import get_profile, load_profiles
from rpl.core.selfcheck import SelfCheckAnswers, self_check
from rpl.web.bookings.forms import SELFCHECK_SALT
from rpl.web.bookings.models import Booking
from rpl.web.engine_text import engine_text
from rpl.web.site.forms import SelfCheckForm

pytestmark = pytest.mark.django_db

CHECK = "/en/self-check/"
ANSWERS = {
    "losses": "3",
    "loss_weeks": "7, 9, ?",
    "confirmation": "scan",
    "live_births": "none",
    "age_years": "36",
    "smoking": "current",
    "height_cm": "160",
    "weight_kg": "80",
    "alcohol_per_week": "",
    "caffeine_mg_per_day": "",
}

# ANSWERS as the core reads them.
CORE_ANSWERS = SelfCheckAnswers(
    losses=3,
    loss_weeks=[7, 9, None],
    confirmation="scan",
    live_births="none",
    age_years=36,
    smoking="current",
    height_cm=160,
    weight_kg=80,
)


def test_the_form_turns_plain_answers_into_the_cores_answers():
    form = SelfCheckForm(ANSWERS)
    assert form.is_valid(), form.errors
    assert form.answers() == CORE_ANSWERS


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"losses": ""}, "losses", "Enter how many pregnancies you have lost (0 or more)."),
        ({"losses": "-1"}, "losses", "Enter 0 or more."),
        ({"losses": "31"}, "losses", "Enter a number of at most 30."),
        ({"losses": "two"}, "losses", "Enter a whole number."),
        (
            {"loss_weeks": "7, nine"},
            "loss_weeks",
            "Write whole weeks from 1 to 45 separated by commas, with ? for one you do not know.",
        ),
        (
            {"loss_weeks": "7, 50, 9"},
            "loss_weeks",
            "Write whole weeks from 1 to 45 separated by commas, with ? for one you do not know.",
        ),
        (
            {"loss_weeks": "7, 9"},
            "loss_weeks",
            "You wrote 2 weeks for 3 losses: give one for each loss, or leave it empty.",
        ),
        ({"confirmation": ""}, "confirmation", "Choose an answer."),
        ({"live_births": "many"}, "live_births", None),
        ({"age_years": "9"}, "age_years", "Enter an age from 14 to 60 years, or leave it empty."),
        ({"smoking": "sometimes"}, "smoking", None),
        ({"same_partner": "maybe"}, "same_partner", None),
        (
            {"height_cm": "300"},
            "height_cm",
            "Enter a height from 120 to 220 cm, or leave it empty.",
        ),
        ({"weight_kg": "20"}, "weight_kg", "Enter a weight from 30 to 250 kg, or leave it empty."),
        ({"alcohol_per_week": "-2"}, "alcohol_per_week", "Enter 0 or more."),
        ({"caffeine_mg_per_day": "5000"}, "caffeine_mg_per_day", "Enter a number of at most 2000."),
    ],
)
def test_each_rule_of_the_self_check_form(change, field, message):
    form = SelfCheckForm({**ANSWERS, **change})
    assert not form.is_valid()
    assert field in form.errors
    if message:
        assert form.errors[field] == [message]


@pytest.mark.parametrize(
    ("given", "answer"),
    [("yes", "yes"), ("no", "no"), ("unsure", "unsure"), ("", "unsure"), (None, "unsure")],
)
def test_the_partner_question_is_optional_and_no_answer_means_not_sure(given, answer):
    data = {**ANSWERS, "same_partner": given} if given is not None else dict(ANSWERS)
    form = SelfCheckForm(data)
    assert form.is_valid(), form.errors
    assert form.answers().same_partner == answer


def test_chinese_commas_are_read_in_the_weeks():
    form = SelfCheckForm({**ANSWERS, "loss_weeks": "7，9、？"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["loss_weeks"] == [7, 9, None]


def test_the_result_shows_the_cores_answer_tests_plan_and_chance(client, settings):
    settings.RPL_PROFILE = "eshre-2022"
    response = client.post(CHECK, ANSWERS)
    assert response.status_code == 200
    page = response.content.decode()
    result = self_check(
        CORE_ANSWERS, get_profile("eshre-2022", load_profiles()), timezone.localdate()
    )
    assert result.fits == "yes"
    assert "Under this guideline, your history fits the definition." in page
    assert "Thyroid function (TSH)" in page
    assert "Smoking may lower the chance of a live birth" in page
    if result.chance is not None:
        assert result.chance.caveat.replace("'", "&#x27;") in page
        assert f"{result.chance.range_percent[0]:.0f}%" in page
    else:
        assert "Not available: no published model" in page
    assert Booking.objects.count() == 0  # nothing stored


def test_what_the_guidelines_advise_against_is_never_listed_under_what_helps(client, settings):
    settings.RPL_PROFILE = "eshre-2022"
    response = client.post(CHECK, ANSWERS)
    result = self_check(
        CORE_ANSWERS, get_profile("eshre-2022", load_profiles()), timezone.localdate()
    )
    against = [
        item.reason
        for item in result.before_next_pregnancy
        if item.recommendation in ("not_recommended", "research_only")
    ]
    assert against, "the example answers give at least one advised-against item"
    plan = [text.text for text in response.context["view"].helps]
    not_advised = [text.text for text in response.context["view"].not_advised]
    assert not set(against) & set(plan)
    assert not_advised == against
    page = response.content.decode()
    assert page.index("What helps before and during the next pregnancy") < page.index(
        "What the guidelines advise against"
    )


def test_an_unknown_fit_says_what_would_decide_it(client, settings):
    settings.RPL_PROFILE = "asrm-2012"
    page = client.post(CHECK, {**ANSWERS, "confirmation": "unsure"}).content.decode()
    assert "Not known yet." in page
    assert "whether the losses were seen on an ultrasound scan" in page


def test_the_partner_answer_decides_the_chinese_consensus_definition(client, settings):
    settings.RPL_PROFILE = "cn-consensus-2022"
    answers = {**ANSWERS, "losses": "2", "loss_weeks": "7, 9"}
    same = client.post(CHECK, {**answers, "same_partner": "yes"}).content.decode()
    assert "Under this guideline, your history fits the definition." in same
    unsure = client.post(CHECK, {**answers, "same_partner": "unsure"}).content.decode()
    assert "Not known yet." in unsure
    assert "whether all the losses were with the same partner" in unsure
    earlier = client.post(CHECK, {**answers, "same_partner": "no"}).content.decode()
    assert "Not known yet." in earlier
    assert "which of the losses were with your current partner" in earlier


def test_the_clinics_profile_setting_decides_the_answer(client, settings):
    answers = {**ANSWERS, "losses": "2", "loss_weeks": "7, 9"}
    settings.RPL_PROFILE = "rcog-2023"
    assert "your history does not fit" in client.post(CHECK, answers).content.decode()
    settings.RPL_PROFILE = "eshre-2022"
    assert "your history fits" in client.post(CHECK, answers).content.decode()


def test_the_form_asks_ectopic_and_molar_pregnancies_apart_and_empty_means_not_answered():
    form = SelfCheckForm({**ANSWERS, "ectopic_pregnancies": "1", "molar_pregnancies": "0"})
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert (answers.ectopic_pregnancies, answers.molar_pregnancies) == (1, 0)
    assert (CORE_ANSWERS.ectopic_pregnancies, CORE_ANSWERS.molar_pregnancies) == (None, None)
    for field in ("ectopic_pregnancies", "molar_pregnancies"):
        for bad, message in (("-1", "Enter 0 or more."), ("31", "Enter a number of at most 30.")):
            form = SelfCheckForm({**ANSWERS, field: bad})
            assert not form.is_valid() and form.errors[field] == [message]


@pytest.mark.parametrize("profile", sorted(load_profiles()))
def test_one_miscarriage_and_one_ectopic_pregnancy_do_not_fit_under_any_profile(
    client, settings, profile
):
    settings.RPL_PROFILE = profile
    answers = {
        **ANSWERS,
        "losses": "1",
        "loss_weeks": "8",
        "ectopic_pregnancies": "1",
        "same_partner": "yes",
    }
    page = client.post(CHECK, answers).content.decode()
    assert "Under this guideline, your history does not fit the definition." in page


def test_the_booking_prefill_says_how_many_ectopic_and_molar_pregnancies_were_answered(client):
    cache.clear()
    answers = {**ANSWERS, "losses": "1", "loss_weeks": "8", "ectopic_pregnancies": "1"}
    page = client.post(CHECK, answers).content.decode()
    signed = re.search(r'name="selfcheck" value="([^"]+)"', page).group(1)
    booking_page = client.post(
        "/en/book/", {"selfcheck": signed, "from_selfcheck": "1"}
    ).content.decode()
    # The molar question was left empty: not answered, so not said.
    assert (
        "From the self-check: 1 pregnancy lost; at weeks 8; 1 ectopic pregnancy;"
        " no baby born alive; age 36." in booking_page
    )


def test_the_page_asks_about_ectopic_and_molar_pregnancies_in_plain_words(client):
    page = client.get(CHECK).content.decode()
    assert "How many pregnancies have you lost, not counting ectopic or molar pregnancies?" in page
    assert "An ectopic pregnancy grows outside the womb, most often in a tube." in page
    assert 'name="ectopic_pregnancies"' in page and 'name="molar_pregnancies"' in page


def test_the_result_page_in_vietnamese(client):
    page = client.post("/vi/self-check/", ANSWERS).content.decode()
    assert '<html lang="vi">' in page
    assert "Kết quả tự kiểm tra của bạn" in page


@pytest.mark.parametrize("language", ["vi", "zh-hans", "tr"])
def test_the_engines_sentences_on_the_result_are_in_the_pages_language(client, settings, language):
    settings.RPL_PROFILE = "eshre-2022"
    page = client.post(f"/{language}/self-check/", ANSWERS).content.decode()
    profile = get_profile("eshre-2022", load_profiles())
    form = SelfCheckForm(ANSWERS)
    assert form.is_valid(), form.errors
    result = self_check(form.answers(), profile, timezone.localdate())
    assert result.tests and result.chance is not None
    engine = [result.definition, *(t.reason for t in result.tests), result.chance.caveat]
    engine += [item.reason for item in result.before_next_pregnancy]
    with translation.override(language):
        shown = [engine_text(text) for text in engine]
    assert {text.lang for text in shown} == {language}
    for text in shown:
        assert escape(text.text) in page
    # Only the names of the guideline and of the cited sources are left in English.
    main = page[page.index('<main id="main"') : page.index("</main>")]
    english = re.findall(r'lang="en">(.*?)</', main)
    assert english
    assert all(name == profile.title or name.startswith("<cite>") for name in english), english


def test_booking_from_the_result_prefills_the_form_and_keeps_the_answers_out_of_the_url(
    client, settings
):
    cache.clear()
    page = client.post(CHECK, ANSWERS).content.decode()
    form = re.search(r'<form method="post" action="(/en/book/)">(.*?)</form>', page, re.S)
    assert form, "the result offers booking through a POST form"
    signed = re.search(r'name="selfcheck" value="([^"]+)"', form.group(2)).group(1)
    prefill = client.post("/en/book/", {"selfcheck": signed, "from_selfcheck": "1"})
    assert prefill.status_code == 200
    booking_page = prefill.content.decode()
    assert "We have filled in some answers from your self-check." in booking_page
    assert (
        "From the self-check: 3 pregnancies lost; at weeks 7, 9, ?; no baby born alive; age 36."
        in booking_page
    )
    assert Booking.objects.count() == 0  # still nothing stored

    token = re.search(r'name="form_token" value="([^"]+)"', booking_page).group(1)
    today = timezone.localdate()
    response = client.post(
        "/en/book/",
        {
            "name": "Test Person",
            "phone_country": "VN",
            "phone": "0912345678",
            "preferred_language": "en",
            "earliest_date": today.isoformat(),
            "latest_date": (today + dt.timedelta(days=7)).isoformat(),
            "time_of_day": "any",
            "history": "From the self-check.",
            "consent": "on",
            "form_token": token,
            "selfcheck": signed,
            "website": "",
        },
    )
    assert response.status_code == 302
    assert "selfcheck" not in response["Location"]
    booking = Booking.objects.get()
    assert booking.selfcheck == signing.loads(signed, salt=SELFCHECK_SALT)
    assert booking.selfcheck["loss_weeks"] == [7, 9, None]


def test_forged_self_check_answers_do_not_prefill(client):
    response = client.post("/en/book/", {"selfcheck": "forged", "from_selfcheck": "1"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("language", "answer", "grams", "label", "example"),
    [
        ("en", "3", 24, "Alcohol: units a week", "8 g of pure alcohol"),
        ("vi", "3", 30, "Rượu bia", "330 ml"),
        ("zh-hans", "45", 45, "酒精", "15克酒精"),
        ("tr", "28", 28, "Alkol", "0,8"),
    ],
)
def test_alcohol_is_asked_in_what_the_readers_country_counts_and_kept_in_grams(
    language, answer, grams, label, example
):
    with translation.override(language):
        form = SelfCheckForm({**ANSWERS, "alcohol_per_week": answer})
        field = form.fields["alcohol_per_week"]
        assert label in str(field.label) and example in str(field.help_text)
        assert form.is_valid(), form.errors
    assert form.answers().alcohol_grams_per_week == grams


def test_chinese_readers_give_grams_up_to_a_higher_limit_than_drinks():
    with translation.override("zh-hans"):
        assert SelfCheckForm({**ANSWERS, "alcohol_per_week": "300"}).is_valid()
    with translation.override("en"):
        assert not SelfCheckForm({**ANSWERS, "alcohol_per_week": "300"}).is_valid()
