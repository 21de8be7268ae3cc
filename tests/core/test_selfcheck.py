"""The patient self-check in core: answers → record → assessment → what a person needs."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from rpl.core.assessment import assess
from rpl.core.parsing import parse_record
from rpl.core.profiles import Profile, get_profile, load_profiles
from rpl.core.selfcheck import SelfCheckAnswers, build_record, self_check

TODAY = dt.date(2026, 11, 21)
PROFILES = load_profiles()


def check(profile_id: str = "eshre-2022", **answers):
    return self_check(SelfCheckAnswers(**answers), get_profile(profile_id, PROFILES), TODAY)


def test_two_losses_at_8_and_10_weeks_fit_the_eshre_definition():
    result = check(losses=2, loss_weeks=[8, 10], live_births="none", confirmation="scan")
    assert result.fits == "yes"
    assert result.needs == []
    assert result.losses_counted == 2
    assert result.profile_id == "eshre-2022"


def test_two_first_trimester_losses_do_not_fit_rcog_which_counts_from_three():
    result = check("rcog-2023", losses=2, loss_weeks=[8, 10], live_births="none")
    assert result.fits == "no"


def test_one_loss_does_not_fit_any_definition():
    assert check(losses=1, loss_weeks=[9], live_births="none").fits == "no"


def test_asrm_needs_to_know_whether_the_losses_were_seen_on_a_scan():
    result = check("asrm-2012", losses=2, loss_weeks=[7, 9], live_births="none")
    assert result.fits == "unknown"
    assert {need.what for need in result.needs} == {"confirmation"}
    assert (
        check(
            "asrm-2012", losses=2, loss_weeks=[7, 9], live_births="none", confirmation="scan"
        ).fits
        == "yes"
    )
    assert (
        check(
            "asrm-2012", losses=2, loss_weeks=[7, 9], live_births="none", confirmation="test_only"
        ).fits
        == "no"
    )


def test_an_unsure_answer_about_births_is_unknown_only_where_the_order_matters():
    # ESHRE does not ask for consecutive losses: a birth anywhere changes nothing.
    assert check(losses=2, loss_weeks=[8, 9], live_births="unsure").fits == "yes"
    # The Chinese consensus counts consecutive losses with the same partner: a birth between
    # them would matter, and so does the partner, here not answered.
    result = check("cn-consensus-2022", losses=2, loss_weeks=[8, 9], live_births="unsure")
    assert result.fits == "unknown"
    assert [need.what for need in result.needs] == ["live_births", "same_partner"]


def test_two_losses_in_a_row_with_the_current_partner_fit_the_chinese_consensus():
    answers = {"losses": 2, "loss_weeks": [8, 9], "live_births": "none"}
    assert check("cn-consensus-2022", **answers, same_partner="yes").fits == "yes"
    unsure = check("cn-consensus-2022", **answers, same_partner="unsure")
    assert unsure.fits == "unknown"
    assert [need.what for need in unsure.needs] == ["same_partner"]
    # "Not all with the current partner" does not say which: still unknown, and what is left to
    # know is which losses were.
    earlier = check("cn-consensus-2022", **answers, same_partner="no")
    assert earlier.fits == "unknown"
    assert [need.what for need in earlier.needs] == ["which_partner"]


def test_the_partner_answer_changes_nothing_where_the_profile_does_not_ask_for_it():
    answers = {"losses": 2, "loss_weeks": [8, 9], "live_births": "none"}
    assert {check(**answers, same_partner=a).fits for a in ("yes", "no", "unsure")} == {"yes"}


def test_all_with_the_current_partner_marks_every_loss_and_nothing_else():
    answers = SelfCheckAnswers(losses=2, loss_weeks=[8, 9], same_partner="yes")
    pregnancies = build_record(answers, TODAY, 1, 24)["pregnancies"]
    assert [p.get("same_partner") for p in pregnancies] == [True, None, True]
    assert pregnancies[1]["outcome"] == "live_birth"
    for answer in ("no", "unsure"):
        answers = SelfCheckAnswers(losses=2, loss_weeks=[8, 9], same_partner=answer)
        assert all(
            "same_partner" not in p for p in build_record(answers, TODAY, None, 24)["pregnancies"]
        )


def test_a_loss_at_or_beyond_the_profiles_limit_is_a_stillbirth_and_not_counted():
    record = build_record(
        SelfCheckAnswers(losses=2, loss_weeks=[8, 25]), TODAY, None, loss_limit_weeks=24
    )
    assert [p["outcome"] for p in record["pregnancies"]] == ["miscarriage", "stillbirth"]
    assert check(losses=2, loss_weeks=[8, 25], live_births="none").fits == "no"


def test_the_record_holds_only_what_was_answered_and_no_name():
    record = build_record(SelfCheckAnswers(losses=2, age_years=35), TODAY, 0, 24)
    assert record["id"] == "self-check"
    assert record["woman"] == {"age_years": 35}  # nothing filled in for unanswered questions
    assert record["pregnancies"] == [
        {"outcome": "live_birth"},
        {"outcome": "miscarriage"},
        {"outcome": "miscarriage"},
    ]
    assert parse_record(record, TODAY).record.woman.smoking is None


def test_the_result_is_the_engines_own_assessment_filtered_for_a_person():
    answers = SelfCheckAnswers(
        losses=3,
        loss_weeks=[7, 8, None],
        live_births="none",
        age_years=36,
        smoking="current",
        height_cm=160,
        weight_kg=80,
    )
    profile = get_profile("eshre-2022", PROFILES)
    result = self_check(answers, profile, TODAY)
    assessment = assess(parse_record(build_record(answers, TODAY, None, 24), TODAY), profile)
    assert result.tests == [
        item
        for item in assessment.investigations
        if item.recommendation in ("recommended", "conditional") and item.status == "to_do"
    ]
    assert all(t.recommendation != "not_recommended" for t in result.tests)
    assert result.before_next_pregnancy == [*assessment.advice, *assessment.next_pregnancy]
    assert "stop_smoking" in {item.code for item in result.before_next_pregnancy}
    assert result.chance == assessment.prognosis.live_birth_next_pregnancy
    assert result.chance_note == assessment.prognosis.note


def test_weeks_must_be_given_for_every_loss_or_none():
    with pytest.raises(ValidationError, match="every loss"):
        SelfCheckAnswers(losses=3, loss_weeks=[8, 9])
    with pytest.raises(ValidationError):
        SelfCheckAnswers(losses=2, loss_weeks=[8, 46])
    with pytest.raises(ValidationError):
        SelfCheckAnswers(losses=-1)


def test_no_losses_is_a_valid_answer_that_does_not_fit():
    assert check(losses=0, live_births="none").fits == "no"


def test_ectopic_and_molar_pregnancies_are_asked_apart_and_recorded_after_the_losses():
    answers = SelfCheckAnswers(
        losses=1, loss_weeks=[8], ectopic_pregnancies=1, molar_pregnancies=1, same_partner="yes"
    )
    pregnancies = build_record(answers, TODAY, None, 24)["pregnancies"]
    assert pregnancies == [
        {"outcome": "miscarriage", "gestational_age": "8", "same_partner": True},
        {"outcome": "ectopic", "same_partner": True},
        {"outcome": "molar", "same_partner": True},
    ]
    # Not answered: nothing is written for them (the clinic asks), never a guessed none.
    assert [
        p["outcome"]
        for p in build_record(SelfCheckAnswers(losses=1), TODAY, None, 24)["pregnancies"]
    ] == ["miscarriage"]


def test_one_miscarriage_and_one_ectopic_no_longer_fit_as_two_losses():
    # Before the self-check asked apart, this woman answered "2 pregnancies lost": "fits".
    assert check(losses=2, loss_weeks=[8, 7], live_births="none").fits == "yes"
    result = check(losses=1, loss_weeks=[8], ectopic_pregnancies=1, live_births="none")
    assert (result.fits, result.losses_counted) == ("no", 1)


def _counting(base: str, **settings) -> Profile:
    """A clinic profile like `base` whose definition differs in `settings`."""
    profile = get_profile(base, PROFILES)
    data = profile.model_dump()
    data["definition"].update(settings)
    return Profile.model_validate(data)


def test_where_a_profile_counts_ectopic_pregnancies_an_unanswered_count_leaves_the_fit_unknown():
    profile = _counting("eshre-2022", count_ectopic=True)
    unanswered = self_check(
        SelfCheckAnswers(losses=1, loss_weeks=[8], live_births="none"), profile, TODAY
    )
    assert unanswered.fits == "unknown"
    assert [need.what for need in unanswered.needs] == ["ectopic"]
    answered = SelfCheckAnswers(losses=1, loss_weeks=[8], ectopic_pregnancies=1, live_births="none")
    assert self_check(answered, profile, TODAY).fits == "yes"
    none = SelfCheckAnswers(losses=1, loss_weeks=[8], ectopic_pregnancies=0, live_births="none")
    assert self_check(none, profile, TODAY).fits == "no"


def test_where_counted_ectopic_pregnancies_must_be_in_a_row_their_unknown_place_is_named():
    profile = _counting("cn-consensus-2022", count_ectopic=True)
    # A baby born before the miscarriage: whether the ectopic pregnancy came before the birth
    # or after it, next to the miscarriage, decides a run of two.
    answers = SelfCheckAnswers(
        losses=1,
        loss_weeks=[8],
        ectopic_pregnancies=1,
        molar_pregnancies=0,
        live_births="before",
        same_partner="yes",
    )
    result = self_check(answers, profile, TODAY)
    assert result.fits == "unknown"
    assert [need.what for need in result.needs] == ["other_order"]
