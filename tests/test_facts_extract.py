"""Eligibility page -> proposed facts (smartpick_core/facts/extract.py): the issue's negation, condition and
alternative examples, hostile pastes, and properties that hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartpick_core.facts.extract import EXTRACT_FACTS, extract_eligibility
from smartpick_core.facts.paste import MAX_PASTE_CHARS, PasteError, clean_paste, paste_units


def decided(text: str) -> dict[str, str]:
    return extract_eligibility(text).decided


@pytest.mark.parametrize("text, expected", [
    ("We do not sponsor H-1B visas.", {"sponsors_h1b": "no"}),
    ("J-1 only.", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("There is no minimum score.", {"step2_min": "none"}),
    ("Applicants must have graduated within the last 5 years.", {"yog_max_years": "5"}),
    ("H-1B on a case-by-case basis.", {"sponsors_h1b": "possible"}),
    ("We sponsor J-1 and, for exceptional candidates, H-1B.", {"sponsors_j1": "yes", "sponsors_h1b": "possible"}),
])
def test_the_issues_negation_condition_and_alternative_examples_are_read_right(text, expected):
    assert decided(text) == expected


@pytest.mark.parametrize("text, fact, value", [
    ("We accept ECFMG-sponsored J-1 visas but do not sponsor H-1B visas.", "sponsors_h1b", "no"),
    ("We accept ECFMG-sponsored J-1 visas but do not sponsor H-1B visas.", "sponsors_j1", "yes"),
    ("Neither J-1 nor H-1B visas are sponsored.", "sponsors_j1", "no"),
    ("The program does not sponsor any visas.", "sponsors_h1b", "no"),
    ("H-1 visas are only accepted if the applicant has graduated from a U.S. medical school.", "sponsors_h1b", "no"),
    ("Do you sponsor H1B visas?\nNo.", "sponsors_h1b", "no"),
    ("Minimum Step 2 CK score: 215", "step2_min", "215"),
    ("Applicants with Step 2 CK scores below 215 will not be considered.", "step2_min", "215"),
    ("All USMLE steps must be passed on the first attempt.", "attempts", "first_attempt_only"),
    ("A maximum of two attempts on any USMLE step is allowed.", "attempts", "one_fail_allowed"),
    ("We consider applicants regardless of the number of attempts.", "attempts", "any"),
    ("There is no limit on year of graduation.", "yog_max_years", "none"),
    ("US clinical experience is strongly recommended but not required.", "usce_required", "no"),
    ("A minimum of one year of US clinical experience is required.", "usce_min_months", "12"),
    ("ECFMG certification must be obtained by the rank order list deadline.", "ecfmg_by", "yes_by_rank_deadline"),
    ("ECFMG certificate must be issued prior to the start of residency", "ecfmg_by", "yes_by_start"),
    ("H-1B sponsorship requires a passing score on Step 3.", "step3_for_h1b", "yes"),
])
def test_a_stated_fact_is_proposed_with_its_value(text, fact, value):
    assert decided(text).get(fact) == value


@pytest.mark.parametrize("text", [
    "The average Step 2 CK score of our matched residents is 245.",
    "A Step 2 CK score above 240 is preferred.",
    "First-attempt passes are preferred.",
    "Recent graduates (within 3 years) are preferred.",
    "Hands-on US clinical experience is preferred.",
    "Information on the H-1B visa can be found on the USCIS website.",
    "We do not assist with J-1 waiver applications.",
    "The program has sponsored H-1B visas in the past.",
    "The residency lasts three years.",
])
def test_a_hedge_a_mention_or_an_average_proposes_nothing(text):
    assert decided(text) == {}


def test_how_recent_the_experience_must_be_is_not_its_length():
    assert decided("US clinical experience must be within the last 12 months.") == {"usce_required": "yes"}
    assert decided("A minimum of 6 months of US clinical experience within the last 2 years is required.") == {
        "usce_required": "yes", "usce_min_months": "6"}


@pytest.mark.parametrize("text", [
    "Our residents' first-attempt board pass rate is 100%.",                  # the residents' outcome, not a screen
    "Applicants with failed attempts may be considered under certain circumstances.",
    "Applicants should have graduated in the last 5 years; exceptions may be made.",
    "We require 1 year of US clinical experience for applicants who graduated more than 5 years ago.",
    "Applicants with at least 3 months of USCE will be given priority.",
    "Preferred Step 2 CK score: 230",
    "Please upload your ECFMG certificate by the rank list deadline if you have one.",
    "F-1 OPT and O-1 visas are not accepted.",
    "ECFMG sponsors the J-1 visa for clinical training.",
    "Applicants on H-1B visas from another program may transfer.",
    "Step 3 must be taken before the end of the intern year by all residents, including those on H-1B visas.",
    "We do not assist with J-1 waiver jobs or with changing to H-1B status after residency.",
])
def test_a_condition_an_outcome_or_another_subject_proposes_nothing_for_that_fact(text):
    assert decided(text) == {}


@pytest.mark.parametrize("text, expected", [
    ("We do not sponsor visas other than the J-1.", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("Although we previously sponsored H-1B visas, we now accept only J-1 visas.",
     {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("J-1 and H-1B visas are both accepted; H-1B sponsorship depends on available funding each year.",
     {"sponsors_j1": "yes", "sponsors_h1b": "possible"}),
    ("Visa: J-1 / H-1B (case by case)", {"sponsors_j1": "yes", "sponsors_h1b": "possible"}),
    ("J1 Visa - Yes | H1B Visa - No", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("Visa\tJ-1\tH-1B\nSponsored\tYes\tNo", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("Applicants with more than one failure on USMLE will not be considered.", {"attempts": "one_fail_allowed"}),
    ("Applicants with two or more failures are not eligible.", {"attempts": "one_fail_allowed"}),
    ("USMLE attempts: 1", {"attempts": "first_attempt_only"}),
    ("Step 2 CK: 220 (minimum), 240+ (competitive)", {"step2_min": "220"}),
    ("Step 2 CK: 215 for international graduates; no minimum for US graduates", {"step2_min": "215"}),
    ("YOG ≤ 5 years", {"yog_max_years": "5"}),
    ("Applicants must have graduated within 36 months of the program start date.", {"yog_max_years": "3"}),
    ("USCE: ≥ 3 months", {"usce_required": "yes", "usce_min_months": "3"}),
    ("Q: What is the minimum USCE?\nA: Three months.", {"usce_required": "yes", "usce_min_months": "3"}),
    ("Applicants must be ECFMG certified by March 1st in order to be ranked.", {"ecfmg_by": "yes_by_date"}),
    ("ECFMG certification prior to the program start date of June 24", {"ecfmg_by": "yes_by_start"}),
    ("Applicants must have passed Step 2 CK by the rank list deadline and must be ECFMG certified by the start of "
     "residency.", {"ecfmg_by": "yes_by_start"}),                # the deadline in ECFMG's own clause
    ("Step 3 is required for H-1B sponsorship; J-1 applicants do not need Step 3.", {"step3_for_h1b": "yes"}),
    ("Step 3 required for H-1B? No", {"step3_for_h1b": "no"}),
])
def test_negations_conditions_alternatives_faqs_and_tables_read_right(text, expected):
    assert {k: v for k, v in decided(text).items() if k in expected} == expected


def test_every_proposal_quotes_its_sentence_and_names_its_rule():
    page = ("Eligibility\nWe sponsor J-1 visas only.\nApplicants must have graduated within the last 3 years.\n"
            "Minimum Step 2 CK score: 220")
    result = extract_eligibility(page)
    assert result.decided == {"sponsors_j1": "yes", "sponsors_h1b": "no", "yog_max_years": "3", "step2_min": "220"}
    for proposal in result.proposals:
        assert proposal.sentence in page and proposal.rule.count(".") == 1
    assert "attempts" in result.not_stated()


def test_sentences_that_disagree_leave_the_fact_not_stated_clearly():
    result = extract_eligibility("We sponsor H-1B visas. We do not sponsor H-1B visas.")
    assert "sponsors_h1b" not in result.decided and result.unclear == ("sponsors_h1b",)


def test_a_list_item_is_read_with_its_header():
    text = "Criteria for all medical school graduates:\n  • Passing of USMLE on the first attempt\n  • Graduation " \
           "from medical school within the last 5 years"
    assert decided(text) == {"attempts": "first_attempt_only", "yog_max_years": "5"}
    assert any(u.quote.startswith("Criteria") and "…" in u.quote for u in paste_units(clean_paste(text)))


# --- hostile text -------------------------------------------------------------------------------------------------
def test_a_huge_paste_is_refused_with_a_message_naming_the_limit():
    with pytest.raises(PasteError, match=f"{MAX_PASTE_CHARS:,}"):
        extract_eligibility("We sponsor J-1 visas. " * 10_000)


@pytest.mark.parametrize("data", [b"\x00\x01\x02PK\x03\x04" * 50, bytes(range(256)) * 4, "abc\x00def"])
def test_binary_is_refused_as_not_text(data):
    with pytest.raises(PasteError, match="not text|binary"):
        extract_eligibility(data)


def test_bidi_and_zero_width_characters_do_not_hide_a_negation():
    assert decided("We do\u200b not sponsor \u202eH-1B\u202c visas.") == {"sponsors_h1b": "no"}
    assert decided("We do not sponsor H\u20111B visas.") == {"sponsors_h1b": "no"}


def test_html_source_is_read_as_its_text_and_scripts_are_dropped():
    html = ("<html><script>var x = 'We sponsor H-1B visas';</script><ul><li>We do&nbsp;not sponsor H&#8209;1B "
            "visas.</li><li>Minimum <b>Step 2 CK</b> score: 220</li></ul></html>")
    result = extract_eligibility(html)
    assert result.decided == {"sponsors_h1b": "no", "step2_min": "220"}
    assert all("<" not in p.sentence for p in result.proposals)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_either_is_refused_or_gives_proposals_with_known_facts(text):
    try:
        result = extract_eligibility(text)
    except PasteError:
        return
    for proposal in result.proposals:
        assert proposal.fact in EXTRACT_FACTS and proposal.value and proposal.sentence


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["We do not sponsor H-1B visas.", "J-1 only.", "Minimum Step 2 CK score: 220",
                        "Applicants must have graduated within the last 5 years."]),
       st.lists(st.sampled_from(["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff"]), max_size=4),
       st.integers(min_value=0, max_value=10))
def test_invisible_characters_anywhere_never_change_the_facts(sentence, invisibles, where):
    at = min(where, len(sentence))
    assert decided(sentence[:at] + "".join(invisibles) + sentence[at:]) == decided(sentence)


@pytest.mark.parametrize("text", [
    "ECFMG certification is not required to be ranked.",
    "Applicants who are not yet ECFMG certified may still be ranked.",
    "The program does not guarantee J-1 sponsorship.",
])
def test_a_deadline_that_is_lifted_or_a_sponsorship_not_guaranteed_proposes_nothing(text):
    assert decided(text) == {}


@pytest.mark.parametrize("text, expected", [
    ("Step 3 is not required for H-1B applicants.", {"step3_for_h1b": "no"}),        # the negation is Step 3's
    ("We do not require Step 3 for H-1B sponsorship.", {"step3_for_h1b": "no"}),
    ("The $100,000 H-1B petition fee applies to new petitions filed after September 21, 2025.", {}),
    ("Visa status: US citizen or green card holder required.", {"sponsors_j1": "no", "sponsors_h1b": "no"}),
    ("ECFMG certification is required by the time your appointment begins.", {"ecfmg_by": "yes_by_start"}),
])
def test_a_negation_belongs_to_what_it_governs(text, expected):
    assert decided(text) == expected


@pytest.mark.parametrize("text, value", [
    ("Must have passed all USMLE exams in no more than two attempts.", "one_fail_allowed"),
    ("Applicants who have failed any part of the USMLE will not be considered.", "first_attempt_only"),
    ("1st attempt passes on USMLE Step 1 and Step 2 CK required.", "first_attempt_only"),
    ("Applicants must pass each Step in a single attempt.", "first_attempt_only"),
    ("USMLE failures: 0", "first_attempt_only"),
    ("Number of attempts must not exceed two per Step.", "one_fail_allowed"),
    ("A history of USMLE failure is not disqualifying.", "any"),
    ("We will consider applicants with one USMLE failure.", "one_fail_allowed"),
    ("Candidates with multiple USMLE attempts will not be considered.", "first_attempt_only"),
])
def test_attempts_are_read_as_the_failures_allowed(text, value):
    assert decided(text) == {"attempts": value}


def test_a_question_about_failures_is_not_a_rule():
    assert decided("Q: Will a USMLE failure disqualify me?\nA: Each application is reviewed individually.") == {}


@pytest.mark.parametrize("text, expected", [
    ("We rank only ECFMG-certified applicants.", {"ecfmg_by": "yes_by_rank_deadline"}),
    ("Must be ECFMG certified by the NRMP ROL deadline.", {"ecfmg_by": "yes_by_rank_deadline"}),
    ("ECFMG certification is required by the start of orientation.", {"ecfmg_by": "yes_by_start"}),
    ("Step 3 is a prerequisite for H-1B sponsorship.", {"step3_for_h1b": "yes"}),
    ("H-1B sponsorship is limited to applicants who have passed all three USMLE Steps.", {"step3_for_h1b": "yes"}),
])
def test_ecfmg_and_step3_phrasings(text, expected):
    assert {k: v for k, v in decided(text).items() if k in expected} == expected


@pytest.mark.parametrize("text", [
    "We do not sponsor visas for observerships or electives.",
    "Our H-1B policy is under review.",
    "At least one letter of recommendation from US clinical experience is required.",
])
def test_visas_for_other_positions_and_letters_from_usce_propose_nothing(text):
    assert decided(text) == {}


@pytest.mark.parametrize("text, expected", [
    ("Q: Do you sponsor J-1 or H-1B visas?\nA: J-1 only.", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("Q: Do you sponsor H-1B visas?\nA: We sponsor J-1 visas only.", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("Q: Can I apply if I graduated more than 5 years ago?\nA: No.", {"yog_max_years": "5"}),
    ("Q: Is there a graduation year cutoff?\nA: Yes, 5 years.", {"yog_max_years": "5"}),
    ("Q: Do H-1B applicants need Step 3?\nA: Yes, before ranking.", {"step3_for_h1b": "yes"}),
])
def test_an_faq_question_is_context_never_a_claim(text, expected):
    assert decided(text) == expected


# Second round of rules: one test per general rule, each a phrasing class (not corpus sentences).

@pytest.mark.parametrize("text, fact", [
    ("Is USCE mandatory?", "usce_required"),
    ("Is USCE mandatory? It depends on your background.", "usce_required"),
    ("Do you accept applicants with multiple attempts?", "attempts"),
    ("Is Step 3 required for H-1B sponsorship? Please contact the GME office.", "step3_for_h1b"),
    ("Is ECFMG certification required before the rank list deadline?", "ecfmg_by"),
])
def test_a_yes_no_question_without_a_yes_or_no_states_nothing(text, fact):
    assert fact not in decided(text)


@pytest.mark.parametrize("text, fact, value", [
    ("Must I be ECFMG certified to apply?\nNo, but you must be certified before ranking.", "ecfmg_by",
     "yes_by_rank_deadline"),
    ("Is Step 3 required for H-1B?\nIt must be passed before the rank list deadline.", "step3_for_h1b", "yes"),
    ("Do you sponsor H-1B visas?\nOn a case-by-case basis.", "sponsors_h1b", "possible"),
    ("Step 3 for H-1B?\tNo", "step3_for_h1b", "no"),
])
def test_a_question_gives_its_topic_to_the_answer_after_it(text, fact, value):
    assert decided(text).get(fact) == value


@pytest.mark.parametrize("text", [
    "Our fellowship programs require first-attempt passes on all USMLE steps.",
    "Our fellowship programs require ECFMG certification before the July 1 start date.",
    "Our neighboring surgery program requires ECFMG certification by the rank order list deadline.",
    "Our research track has no graduation-year limit.",
    "US clinical experience of at least 6 months is required for the preliminary track only.",
])
def test_a_clause_about_another_program_or_track_states_nothing_for_this_one(text):
    assert decided(text) == {}


def test_two_programs_with_their_own_policies_keep_only_what_both_state():
    got = decided("Our internal medicine program sponsors J-1 visas; our surgery program sponsors J-1 and H-1B.")
    assert got == {"sponsors_j1": "yes"}


@pytest.mark.parametrize("text, value", [
    ("ECFMG certification is not required before ranking.", None),
    ("We do not require ECFMG certification by the rank deadline.", None),
    ("ECFMG certification is not needed to be ranked; it is required by the start of training.", "yes_by_start"),
    ("The ECFMG certificate must be submitted with the application by October 1.", None),
    ("ECFMG certification must be completed by October 31 of the application year.", "yes_by_date"),
    ("The deadline for ECFMG certification is the rank order list deadline.", "yes_by_rank_deadline"),
    ("ECFMG certification deadline: January 15th", "yes_by_date"),
    ("Candidates without ECFMG certification will not be placed on our rank list.", "yes_by_rank_deadline"),
    ("ECFMG certification is required before the rank list is submitted (typically late February).",
     "yes_by_rank_deadline"),
    ("Applicants not yet certified may interview; ECFMG certification status is reviewed before ranking.", None),
    ("ECFMG certification is required for the California PTAL, which must be obtained before starting.", None),
    ("ECFMG certification must be in place before the contract is issued.", None),
    ("Must have ECFMG certificate prior to Match.", "yes_by_date"),   # the Match is a milestone (held-out convention)
])
def test_an_ecfmg_deadline_is_read_in_its_own_clause_and_never_from_a_negation(text, value):
    assert decided(text).get("ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants must not have failed any USMLE examination.", "first_attempt_only"),
    ("No history of USMLE failures.", "first_attempt_only"),
    ("A second failure on any Step is disqualifying.", "one_fail_allowed"),
    ("Applicants who have failed any USMLE step more than once will not be considered.", "one_fail_allowed"),
    ("Passing USMLE scores with at most one retake per Step.", "one_fail_allowed"),
    ("Step 2 CK passed within two attempts.", "one_fail_allowed"),
    ("A single failed attempt is acceptable if subsequently passed; two or more failures are not.", "one_fail_allowed"),
    ("We do not screen out applicants based on the number of attempts.", "any"),
    ("There is no first-attempt requirement; failures are reviewed in context.", "any"),
    ("Step 3 must be passed on the first attempt during PGY-2.", None),
    ("Applicants who graduated before 2018 must have passed all steps on the first attempt.", None),
    ("Applicants who failed Step 1 but passed Step 2 CK on the first attempt will be considered.", None),
    ("Applicants with a failure must have passed Step 2 CK on the first attempt.", None),
])
def test_attempts_count_failures_and_ignore_residency_exams_and_subgroups(text, value):
    assert decided(text).get("attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Passing Step 3 is not a condition of H-1B sponsorship here.", "no"),
    ("Step 3 isn't needed for H-1B consideration.", "no"),
    ("There is no Step 3 requirement for applicants requesting H-1B sponsorship.", "no"),
    ("The H-1B visa cannot be sponsored without a passing Step 3.", "yes"),
    ("We sponsor H-1B visas for candidates who have completed Step 3.", "yes"),
    ("Step 3 is necessary for H-1B visa eligibility.", "yes"),
    ("For those seeking H-1B sponsorship, passing Step 3 will strengthen your application.", None),
])
def test_step3_for_h1b_negations_and_conditions(text, value):
    assert decided(text).get("step3_for_h1b") == value


@pytest.mark.parametrize("text, value", [
    ("As a cap-exempt employer, we may be able to sponsor an H-1B in some circumstances.", "possible"),
    ("Ranking of applicants requiring H-1B sponsorship is at the discretion of the program director.", "possible"),
    ("The decision to sponsor an H-1B is made individually.", "possible"),
    ("H-1B\tYes, limited number each year", "yes"),
    ("In previous years we sponsored H-1B visas.", None),
    ("The H-1B cap lottery does not apply to our institution.", None),
    ("We have not yet decided whether to sponsor H-1B visas.", None),
    ("Applicants who need H-1B sponsorship should indicate this on their application.", None),
    ("Applicants requiring H-1B sponsorship will not be considered.", "no"),
    ("H-1B processing can take up to six months.", None),
    ("We offer J-1 sponsorship. H-1B is not available to first-year residents but may be for PGY-2.", None),
])
def test_h1b_what_is_possible_and_what_says_nothing_of_sponsorship(text, value):
    assert decided(text).get("sponsors_h1b") == value


@pytest.mark.parametrize("text, value", [
    ("The J-1 visa is sponsored by ECFMG, not by the hospital.", None),
    ("Residents on J-1 visas may not moonlight.", None),
    ("Applicants on a J-1 visa must obtain a DS-2019 form.", None),
    ("Green card holders and US citizens only.", "no"),
    ("VISA SPONSORSHIP\n• J-1 (ECFMG)\n• H-1B", "yes"),
])
def test_j1_the_subject_decides(text, value):
    assert decided(text).get("sponsors_j1") == value


@pytest.mark.parametrize("text, fact, value", [
    ("We require 3 months of USCE and prefer 6 months.", "usce_min_months", "3"),
    ("Sixteen weeks of US clinical experience is required.", "usce_min_months", "4"),
    ("USCE is essential for IMGs applying to our program.", "usce_required", "yes"),
    ("Clinical experience in the US is not a prerequisite for application, but it is encouraged.", "usce_required",
     "no"),
    ("Observerships do not count toward the US clinical experience requirement.", "usce_required", None),
    ("Step 2 CK 240+", "step2_min", "240"),
    ("Step 2 CK: minimum 225, exceptions may be made for strong candidates.", "step2_min", None),
    ("There is no minimum Step 2 CK score requirement, though most interviewees score above 240.", "step2_min",
     "none"),
    ("We have no strict cutoff for year of graduation.", "yog_max_years", "none"),
    ("Eligibility does not depend on year of graduation.", "yog_max_years", "none"),
    ("graduated within last 6 yrs", "yog_max_years", "6"),
])
def test_screen_phrasings_of_the_second_round(text, fact, value):
    assert decided(text).get(fact) == value


@pytest.mark.parametrize("text, expected", [
    ("J-1 visas accepted, H-1B visas not accepted", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("No visa sponsorship (J-1 or H-1B) is available.", {"sponsors_j1": "no", "sponsors_h1b": "no"}),
    ("We sponsor the J-1 rather than the H-1B.", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("Visa sponsorship limited to J-1.", {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("The hospital will file H-1B petitions for matched residents.", {"sponsors_h1b": "yes"}),
])
def test_each_visa_keeps_its_own_negation_in_lists_and_parentheses(text, expected):
    assert {k: v for k, v in decided(text).items() if k.startswith("sponsors")} == expected


def test_a_visa_negated_inside_its_own_parenthesis_does_not_negate_the_other():
    assert decided("Visa: J-1 (H-1B not available)").get("sponsors_j1") != "no"


@pytest.mark.parametrize("text, value", [
    ("We do not consider applicants with more than 1 attempt on any Step.", "first_attempt_only"),
    ("We will not interview candidates with more than one USMLE failure.", "one_fail_allowed"),
    ("A USMLE failure will exclude an applicant from consideration.", "first_attempt_only"),
    ("We allow one failed attempt on any single Step.", "one_fail_allowed"),
    ("We consider applicants with multiple USMLE attempts.", "any"),
    ("Applicants with prior USMLE failures are welcome to apply.", "any"),
    ("USMLE attempts are not a screening criterion.", "any"),
    ("We do not have a limit on the number of attempts.", "any"),
    ("Q: How many attempts are allowed?\nA: Two per Step.", "one_fail_allowed"),
    ("Q: Can I apply if I failed Step 1?\nA: No.", "first_attempt_only"),
    ("Q: Can I apply if I have failed a USMLE exam?\nA: Yes.", "any"),
])
def test_attempts_read_the_exclusion_before_the_count_and_faq_answers(text, value):
    assert decided(text).get("attempts") == value


@pytest.mark.parametrize("text, value", [
    ("H-1B Visa Sponsorship\nWe do not sponsor H-1B visas.", "no"),
    ("Frequently Asked Questions\nH-1B visa sponsorship\nPlease contact the GME office.", None),
    ("we sponsor h1b and j1", "yes"),
])
def test_a_heading_names_a_topic_and_states_no_policy(text, value):
    assert decided(text).get("sponsors_h1b") == value


@pytest.mark.parametrize("text", [
    "J-1 visa holders are subject to the two-year home residency requirement.",
    "The J-1 visa is limited to seven years of training.",
    "J-1 visas are issued by the US Department of State.",
    "The two-year home requirement of the J-1 cannot be waived by the program.",
    "The program cannot provide legal advice about the H-1B visa.",
    "H-1B fees are not paid by applicants.",
])
def test_facts_about_a_visa_itself_say_nothing_of_the_programs_policy(text):
    assert not {k for k in decided(text) if k.startswith("sponsors")}


def test_an_elliptical_negation_keeps_its_visa():
    assert decided("J-1 visas are sponsored; H-1B visas are not.") == {"sponsors_j1": "yes", "sponsors_h1b": "no"}


@pytest.mark.parametrize("text, value", [
    ("A failing score on any USMLE Step makes the applicant ineligible.", "first_attempt_only"),
    ("Applicants who have retaken any USMLE exam are not eligible.", "first_attempt_only"),
    ("We do not accept USMLE retakes.", "first_attempt_only"),
    ("We require a clean USMLE record with no failing scores.", "first_attempt_only"),
    ("We accept applicants with one retake.", "one_fail_allowed"),
    ("One USMLE failure is the maximum we accept.", "one_fail_allowed"),
    ("Multiple attempts on the USMLE do not exclude applicants.", "any"),
    ("The number of USMLE attempts does not affect eligibility.", "any"),
    ("Applicants who have failed an exam are reviewed individually.", None),
    ("The number of attempts is considered along with the overall application.", None),
    ("First-time takers of Step 2 CK should plan to test by October.", None),
])
def test_attempts_composed_from_a_failure_word_a_number_and_exclusion_or_acceptance(text, value):
    assert decided(text).get("attempts") == value


@pytest.mark.parametrize("text", [
    "An H-1B transfer requires the new employer to file a petition.",
    "Many programs sponsor H-1B visas; ours follows institutional policy.",
])
def test_other_employers_and_programs_in_general_say_nothing_of_this_program(text):
    assert "sponsors_h1b" not in decided(text)


@pytest.mark.parametrize("text, value", [
    ("ECFMG sends certification letters before residency starts.", None),
    ("Most applicants obtain ECFMG certification before ranking.", None),
    ("Only ECFMG-certified applicants will be ranked.", "yes_by_rank_deadline"),
    ("ECFMG certification is a prerequisite for ranking.", "yes_by_rank_deadline"),
    ("Residents cannot start without a valid ECFMG certificate.", "yes_by_start"),
])
def test_an_ecfmg_deadline_is_the_applicants_and_a_ranking_condition_is_one(text, value):
    assert decided(text).get("ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("H-1B visas are sponsored when funding allows.", "possible"),
    ("H-1B sponsorship is reviewed each year based on institutional resources.", "possible"),
    ("H-1B visas are typically not sponsored, but exceptions have been made.", "possible"),
    ("It is not possible to sponsor an H-1B visa.", "no"),
])
def test_h1b_funding_conditions_and_later_exceptions_are_possible(text, value):
    assert decided(text).get("sponsors_h1b") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants must be ECFMG certified by the NRMP deadline.", "yes_by_rank_deadline"),
    ("ECFMG certification must be complete at the time the rank order list is submitted.", "yes_by_rank_deadline"),
    ("Applicants must hold ECFMG certification in order to be placed on our rank list.", "yes_by_rank_deadline"),
    ("ECFMG certification is required upon starting residency.", "yes_by_start"),
    ("Must be ECFMG certified at the time of hire.", "yes_by_start"),
])
def test_ecfmg_rank_and_start_phrasings(text, value):
    assert decided(text).get("ecfmg_by") == value


@pytest.mark.parametrize("text, expected", [
    ("Do you sponsor visas?\nYes, J-1 and H-1B.", {"sponsors_j1": "yes", "sponsors_h1b": "yes"}),
    ("Our program has sponsored H-1B visas for many years and continues to do so.", {"sponsors_h1b": "yes"}),
])
def test_a_yes_that_names_the_visas_and_a_past_that_continues(text, expected):
    assert {k: v for k, v in decided(text).items() if k.startswith("sponsors")} == expected


@pytest.mark.parametrize("text, fact, value", [
    ("Step 2 CK: passing score required (currently 214).", "step2_min", None),
    ("Applicants must pass Step 2 CK; the USMLE passing score is 214.", "step2_min", None),
    ("Step 1 minimum 220; Step 2 CK required.", "step2_min", None),
    ("Applicants with Step 2 CK scores above 250 are invited to interview early.", "step2_min", None),
    ("There is no limit on the number of years since graduation.", "yog_max_years", "none"),
    ("USCE is required; observerships of 4 weeks or more count.", "usce_min_months", None),
    ("Minimum 3 months of US clinical experience (observerships do not count).", "usce_min_months", "3"),
])
def test_pass_marks_invitations_other_steps_and_what_counts_are_no_screens(text, fact, value):
    assert decided(text).get(fact) == value


@pytest.mark.parametrize("text, value", [
    ("We follow institutional policy regarding H-1B sponsorship.", None),
    ("The H-1B sponsorship process begins after the Match.", None),
    ("H-1B sponsorship is governed by institutional GME policy.", None),
    ("The cost of H-1B sponsorship is covered by the department.", None),
    ("All H-1B sponsorship requests are subject to approval by the GME office.", "possible"),
    ("Visa sponsorship: J-1 and H-1B", "yes"),
])
def test_sponsorship_named_as_a_topic_is_not_offered(text, value):
    assert decided(text).get("sponsors_h1b") == value


@pytest.mark.parametrize("text", [
    "Information about obtaining ECFMG certification before the start of residency is on the ECFMG website.",
    "For questions about ECFMG certification before ranking, contact the coordinator.",
    "ECFMG certification can take several months, so apply before ranking season.",
    "Applicants should plan to be ECFMG certified before the rank list deadline.",
    "Last year, all of our IMG residents were ECFMG certified before ranking.",
    "ECFMG certification is required for the J-1 visa, which must be obtained before the start of training.",
])
def test_advice_where_to_ask_and_the_past_set_no_ecfmg_deadline(text):
    assert "ecfmg_by" not in decided(text)


@pytest.mark.parametrize("text, value", [
    ("Step 2 CK minimum 230 on the first attempt.", "first_attempt_only"),
    ("No more than one attempt failure", "one_fail_allowed"),
    ("USMLE: maximum one failure", "one_fail_allowed"),
    ("Past failures do not preclude an interview.", "any"),
    ("We are unable to consider applicants with any USMLE failures.", "first_attempt_only"),
    ("Failure of any USMLE exam will result in the application not being considered.", "first_attempt_only"),
])
def test_attempts_failure_nouns_and_exclusion_verbs(text, value):
    assert decided(text).get("attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants who have taken any USMLE Step more than once are not eligible.", "first_attempt_only"),
    ("Each Step must be passed in no more than two sittings.", "one_fail_allowed"),
    ("Two attempts maximum per USMLE Step.", "one_fail_allowed"),
    ("Applicants who repeated a USMLE Step are not eligible.", "first_attempt_only"),
    ("We only consider applicants with single-attempt passes.", "first_attempt_only"),
    ("Applicants who passed on the second attempt are considered; those needing three or more attempts are not.",
     "one_fail_allowed"),
])
def test_attempts_counted_as_times_taken_and_sittings(text, value):
    assert decided(text).get("attempts") == value


@pytest.mark.parametrize("text, value", [
    ("ECFMG certification at the time of application is preferred but must be obtained before ranking.",
     "yes_by_rank_deadline"),
    ("A Step 2 CK score of 240 is competitive; ECFMG certification is required by the rank list deadline.",
     "yes_by_rank_deadline"),
    ("ECFMG certification is preferred by the rank list deadline.", None),
    ("ECFMG certification before ranking is ideal but not required.", None),
])
def test_an_ecfmg_hedge_silences_its_own_clause_only(text, value):
    assert decided(text).get("ecfmg_by") == value


def _value(text: str, fact: str) -> str:
    return decided(text).get(fact, "not_stated")


@pytest.mark.parametrize("text, value", [
    ("We require ECFMG certification by 15 January.", "yes_by_date"),                 # day before month
    ("Certification by the Educational Commission for Foreign Medical Graduates is mandatory prior to commencement "
     "of the residency program.", "yes_by_start"),                                      # the commission's full name
    ("Only ECFMG-certified applicants will be placed on our rank order list.", "yes_by_rank_deadline"),
    ("We prefer ECFMG certification by the time of interview, and certification is required before ranking.",
     "yes_by_rank_deadline"),                                                           # ", and" starts a clause
    ("ECFMG certification must be obtained no later than May 1 in order to begin residency in July.", "yes_by_date"),
    ("Applicants must be ECFMG certified before the rank list deadline, and must obtain a California PTAL before the "
     "start of training.", "yes_by_rank_deadline"),                                     # the licence's own deadline
])
def test_ecfmg_deadline_forms_read_clause_by_clause(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text", [
    "Most of our residents were ECFMG certified before the Match.",
    "Applicants must have passed all USMLE examinations required for ECFMG certification before the rank list deadline.",
    "In past years we required ECFMG certification by the rank deadline; this requirement has been removed.",
    "IMG applicants: ECFMG certified (or certification expected) before the Match.",
    "Applicants not certified by ECFMG at the time of rank list submission will be placed at the end of our rank list.",
    "All IMGs must have a valid ECFMG certificate at the time of appointment.",
    "Fellowship applicants must be ECFMG certified by July 1.",
])
def test_ecfmg_descriptions_purposes_past_rules_and_soft_deadlines_state_no_deadline(text):
    assert _value(text, "ecfmg_by") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("All USMLE examinations must be passed on the first attempt, with no exceptions.", "first_attempt_only"),
    ("A history of USMLE failure will not, by itself, exclude an applicant.", "any"),
    ("Failing scores on USMLE are acceptable provided they were subsequently passed.", "any"),
    ("The program does not accept more than one attempt on Step 1 or Step 2 CK.", "first_attempt_only"),
    ("Applicants with multiple failures will not be considered.", "one_fail_allowed"),
    ("Applicants with more than one failure on any step will not be considered.", "one_fail_allowed"),
    ("Applicants must have no more than one (1) failed attempt on USMLE Step 1 or Step 2 CK.", "one_fail_allowed"),
    ("Applicants must have taken the USMLE no more than twice per Step.", "one_fail_allowed"),
    ("IMGs with USMLE failures need not apply.", "first_attempt_only"),
    ("Our program has a strict first-attempt policy for all USMLE examinations.", "first_attempt_only"),
    ("We require passing scores on the first attempt for Step 1, Step 2 CK, and, if taken, Step 3.",
     "first_attempt_only"),
    ("For DO applicants: COMLEX passed on first attempt. For IMG applicants: USMLE passed with no more than one "
     "failure.", "one_fail_allowed"),
    ("USMLE attempts: one failure permitted", "one_fail_allowed"),
    ("Number of attempts: not a screening criterion.", "any"),
    ("Q: Will a USMLE failure disqualify me?\nA: No.", "any"),
    ("Q: Will a failed Step disqualify me?\nA: Yes.", "first_attempt_only"),
])
def test_attempts_exceptions_denied_counts_in_other_words_and_faq_effects(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text", [
    "COMLEX Level 1 and Level 2-CE must be passed on the first attempt.",
    "For DO applicants, COMLEX failures are not accepted.",
    "A first-attempt pass on Step 2 CK is required; a Step 1 failure will be considered.",
])
def test_attempts_for_comlex_only_or_mixed_rules_are_not_stated(text):
    assert _value(text, "attempts") == "not_stated"


def test_a_faq_about_what_a_failure_does_is_rewritten_with_its_subject():
    units = paste_units("Q: Will a USMLE failure disqualify me?\nA: No.")
    assert [u.text.strip() for u in units] == ["A USMLE failure will not disqualify me."]


@pytest.mark.parametrize("text", [
    "ECFMG certification must be obtained before the start of the interview season.",
    "ECFMG certification is required by the beginning of the application cycle.",
    "ECFMG certification is required before starting the application process.",
    "ECFMG certification (or evidence that all exams are passed) must be available by the rank deadline.",
])
def test_the_start_of_another_step_or_an_alternative_to_certification_is_no_ecfmg_deadline(text):
    assert _value(text, "ecfmg_by") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("Do you require ECFMG certification at the time of application? No, it must be obtained by the rank list "
     "deadline.", "yes_by_rank_deadline"),
    ("Do you require ECFMG certification before ranking? No, but it is required before residency begins.",
     "yes_by_start"),
])
def test_a_faq_answer_after_no_is_read_as_its_own_clause(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants may not have more than one attempt on any Step.", "first_attempt_only"),
    ("Applicants may not have any USMLE failures.", "first_attempt_only"),
    ("We are unable to consider applicants with a failed attempt.", "first_attempt_only"),
    ("Multiple attempts on any USMLE step will disqualify the applicant.", "first_attempt_only"),
    ("Applicants who failed Step 1 are not eligible, even if they subsequently passed.", "first_attempt_only"),
    ("Q: Do you accept multiple attempts?\nA: No.", "first_attempt_only"),
    ("We do not require first-time passes on USMLE.", "any"),
    ("We don't screen on attempts.", "any"),
])
def test_attempts_prohibitions_with_may_not_and_first_time_not_required(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("ECFMG certificate required prior to employment.", "yes_by_start"),
    ("ECFMG certification required by the time of matriculation.", "yes_by_start"),
    ("A valid ECFMG certificate must be on file before the employment agreement is issued.", "not_stated"),
])
def test_employment_and_matriculation_start_residency_but_an_employment_agreement_does_not(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Passing on the first attempt is preferred but not required.", "any"),
    ("Applicants with a failed Step attempt will be screened out.", "first_attempt_only"),
    ("Eligibility\n- Passed USMLE Step 1 and Step 2 CK\n- No attempt failures", "first_attempt_only"),
])
def test_attempts_a_preference_not_required_screening_out_and_a_listed_no_failures(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("ECFMG certificate deadline:\tFebruary 15", "yes_by_date"),
    ("ECFMG certification deadline | start of residency", "yes_by_start"),
])
def test_an_ecfmg_deadline_in_a_table_cell_reads_as_by_it(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Requirement\tDeadline\nECFMG certification\tRank order list deadline", "yes_by_rank_deadline"),
    ("Requirement\tWhen\nECFMG certificate\tStart of residency", "yes_by_start"),
    ("Q: Can I start residency without ECFMG certification?\nA: No.", "yes_by_start"),
    ("Q: Is ECFMG certification required before ranking?\nA: No, only by the start of residency.", "yes_by_start"),
    ("No applicant will be ranked without a valid ECFMG certificate.", "yes_by_rank_deadline"),
])
def test_ecfmg_a_time_as_a_cell_value_an_answer_naming_only_the_time_and_ranked_without(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("First-attempt passes\tNot required", "any"),
    ("Failures: zero", "first_attempt_only"),
    ("Q: How many attempts do you accept?\nA: Only one.", "first_attempt_only"),
])
def test_attempts_table_cells_zero_only_one_and_a_first_attempt_not_required(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants must be ECFMG certified before the Match.", "yes_by_date"),
    ("Applicants must be ECFMG certified before the Match rank list deadline.", "yes_by_rank_deadline"),
])
def test_before_the_match_is_a_milestone_but_the_matchs_rank_list_deadline_is_the_rank_deadline(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text", ["ECFMG certification is required by the time of appointment.",
                                  "A standard ECFMG certificate is required before appointment."])
def test_appointment_without_begins_gives_no_time(text):
    assert _value(text, "ecfmg_by") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("Our residents begin orientation in late June, and every IMG must hold the ECFMG certificate by then.",
     "yes_by_start"),
    ("Ranking closes in February, and applicants must be ECFMG certified by that date.", "yes_by_rank_deadline"),
])
def test_by_then_is_the_time_named_before_it(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Q: How many USMLE attempts are allowed?\nA: There is no set limit.", "any"),
    ("We do not set a limit on attempts, but applicants with more than two failures are rarely competitive.", "any"),
    ("We accept one failure, but applicants with no failures are preferred.", "one_fail_allowed"),
])
def test_attempts_no_limit_as_an_answer_and_a_hedge_in_its_own_but_clause(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text", [
    "ECFMG allows unlimited attempts on each Step.",
    "The Medical Board of California does not limit the number of attempts.",
    "Applicants who failed a Step are welcome to contact us to discuss their application.",
    "Failures in medical school courses are not considered.",
    "Applicants who failed to submit documents by the deadline will not be considered.",
])
def test_attempts_an_examining_bodys_rule_an_invitation_to_call_and_other_failures_state_nothing(text):
    assert _value(text, "attempts") == "not_stated"


@pytest.mark.parametrize("text", [
    "You can check your ECFMG certification status before the rank list deadline.",
    "Once ECFMG certified, please email the coordinator before the rank list deadline.",
    "ECFMG certification status should be updated in ERAS before the rank list deadline.",
    "Onboarding checks, including ECFMG certification, take place before orientation.",
    "ECFMG certification was required before ranking until 2024.",
    "Beginning next cycle, we will require ECFMG certification before ranking.",
])
def test_a_deadline_to_tell_or_check_and_a_rule_of_another_cycle_are_no_ecfmg_deadline(text):
    assert _value(text, "ecfmg_by") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("Applicants must be ECFMG certified by the NRMP certification deadline.", "yes_by_rank_deadline"),
    ("ECFMG certification must be obtained by the first of June.", "yes_by_date"),
])
def test_the_nrmp_certification_deadline_and_the_first_of_a_month(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("We do not have a first-attempt requirement.", "any"),
    ("A USMLE failure is grounds for rejection.", "first_attempt_only"),
    ("USMLE failures preclude an interview.", "first_attempt_only"),
    ("We do not consider repeat test-takers.", "first_attempt_only"),
    ("No more than one re-take on any USMLE exam.", "one_fail_allowed"),
    ("We permit two attempts on each USMLE Step.", "one_fail_allowed"),
    ("We consider candidates with one USMLE retake.", "one_fail_allowed"),
    ("USMLE failures: none permitted.", "first_attempt_only"),
    ("USMLE attempts are not limited.", "any"),
    ("Applicants with USMLE failures are eligible to apply.", "any"),
    ("Previous failures on USMLE will not prevent you from being considered.", "any"),
])
def test_attempts_rejection_preclusion_retakes_permitted_attempts_and_no_first_attempt_requirement(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text", ["Q: Will a J-1 waiver be needed?\nA: No.", "Q: Can an H-1B holder transfer?\nA: Yes."])
def test_a_yes_or_no_about_a_visa_holder_or_a_waiver_proposes_no_visa_policy(text):
    assert decided(text) == {}


@pytest.mark.parametrize("text, value", [
    ("Step 2 CK must be passed by November 15 and ECFMG certification is required.", "not_stated"),
    ("Applicants need to pass Step 2 CK by December 1 to become ECFMG certified in time.", "not_stated"),
    ("ECFMG certification and a passing Step 2 CK score are both required by the rank list deadline.",
     "yes_by_rank_deadline"),
    ("By January 10, applicants must have passed Step 2 CK and be ECFMG certified.", "yes_by_date"),
])
def test_an_ecfmg_deadline_belongs_to_the_thing_named_nearest_before_it(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants not yet ECFMG certified by the rank deadline will still be considered for ranking.", "not_stated"),
    ("Non-certified applicants cannot be placed on our rank order list; ECFMG certification is required.",
     "yes_by_rank_deadline"),
    ("ECFMG certification is a requirement to be ranked.", "yes_by_rank_deadline"),
    ("Matched international graduates must hold ECFMG certification before commencing training.", "yes_by_start"),
    ("ECFMG certification is due no later than 2027-02-01.", "yes_by_date"),
    ("Applicants must be ECFMG certified prior to 1/15/2027.", "yes_by_date"),
])
def test_ecfmg_still_ranked_uncertified_off_the_list_commencing_and_numeric_dates(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("A single failed attempt does not automatically exclude an applicant.", "one_fail_allowed"),
    ("Retakes are not held against applicants.", "any"),
    ("Having failed a USMLE Step will not rule you out.", "any"),
    ("Step 2 CK must be passed on the first attempt; a Step 1 failure will not automatically exclude you.", "not_stated"),
])
def test_attempts_an_exclusion_denied_allows_the_failures_it_names(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Passed USMLE on the first attempt: 90% of matched applicants", "not_stated"),
    ("Zero failed attempts on USMLE.", "first_attempt_only"),
    ("≤ 2 attempts per USMLE Step", "one_fail_allowed"),
    ("Candidates who failed more than one USMLE Step are not eligible.", "one_fail_allowed"),
    ("Ineligible: applicants with two or more USMLE failures", "one_fail_allowed"),
    ("Any failing USMLE score results in automatic rejection.", "first_attempt_only"),
    ("A failure on any USMLE Step disqualifies an applicant.", "first_attempt_only"),
    ("We don't require applicants to pass on their first attempt.", "any"),
    ("Applicants with a USMLE retake can still apply.", "any"),
    ("Candidates with one USMLE failure may be considered.", "one_fail_allowed"),
    ("Failures on USMLE may be considered.", "not_stated"),
    ("Needing more than one attempt on a Step is acceptable.", "any"),
    ("We welcome candidates with USMLE retakes.", "any"),
])
def test_attempts_statistics_zero_at_most_symbols_exclusion_labels_and_permissions(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Step 3 attempts: 1", "not_stated"), ("COMLEX failures: 0", "not_stated"), ("USMLE attempts: 1", "first_attempt_only"),
])
def test_an_attempts_cell_about_step_3_or_comlex_only_is_no_usmle_rule(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("IMGs certified by ECFMG before the rank order list deadline receive priority.", "not_stated"),
    ("Candidates holding ECFMG certification at ranking are placed higher on our list.", "not_stated"),
    ("We anticipate our matched IMGs will complete ECFMG certification by June 15.", "not_stated"),
    ("If ECFMG certification arrives after July 1, the resident's start date moves later.", "not_stated"),
    ("If you are not ECFMG certified by the rank list deadline, you will not be ranked.", "yes_by_rank_deadline"),
    ("IMGs must be ECFMG certified, or be in the process of certification, before ranking.", "not_stated"),
])
def test_an_ecfmg_deadline_for_priority_hope_or_a_harmless_condition_or_with_an_alternative_is_none(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("The ECFMG certificate must be valid on the first day of PGY-1.", "yes_by_start"),
    ("Bring your ECFMG certificate: it is required at orientation.", "yes_by_start"),
])
def test_ecfmg_at_the_start_or_at_orientation_is_by_the_start(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Step 1 and Step 2 CK (first attempt) ≥ 225", "first_attempt_only"),
    ("Applicants with a failed USMLE attempt will not be invited for an interview.", "first_attempt_only"),
    ("There is no penalty for retaking a USMLE Step.", "not_stated"),
    ("There is no penalty for USMLE failures.", "any"),
    ("USMLE failures do not factor into our screening.", "any"),
    ("Number of USMLE attempts: not considered", "any"),
])
def test_attempts_a_first_attempt_minimum_an_interview_refused_and_attempts_that_do_not_count(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text", [
    "The English test, which is required for ECFMG certification, must be passed by November 30.",
    "Your ECFMG certification status is reported to us before the rank order list deadline.",
    "Applications for ECFMG certification must be filed by December 15.",
    "We confirm each resident's ECFMG certification before the start date.",
])
def test_an_ecfmg_deadline_for_another_test_a_report_a_filing_or_a_check_is_none(text):
    assert _value(text, "ecfmg_by") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("No failed attempts on the TOEFL.", "not_stated"),
    ("Applicants with failing grades in medical school are not considered.", "not_stated"),
    ("Your first attempt at Step 2 CK must be completed by August 31.", "not_stated"),
    ("Applicants must sit Step 2 CK before September 15; first-attempt scores are released to programs.", "not_stated"),
    ("Failures on Step 1 are not accepted; Step 2 CK retakes will be considered.", "not_stated"),
    ("Candidates who have failed a single Step two times are not eligible.", "one_fail_allowed"),
    ("USMLE Step 2 CK: must be passed on the first attempt.", "first_attempt_only"),
])
def test_attempts_other_tests_the_attempt_as_a_thing_mixed_exams_and_failing_twice(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("IMGs must hold ECFMG certification by Match Day.", "yes_by_date"),
    ("Most IMGs complete ECFMG certification before Match Day.", "not_stated"),
])
def test_match_day_is_a_named_date(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("ECFMG certification is needed for being put on a rank list.", "yes_by_rank_deadline"),
    ("ECFMG certification must be complete when the program certifies its rank list.", "yes_by_rank_deadline"),
    ("ECFMG certification must be in hand before the PGY-1 year begins.", "yes_by_start"),
    ("A valid ECFMG certificate is required upon entering the program.", "yes_by_start"),
    ("ECFMG certification is required by the end of February.", "yes_by_date"),
    ("ECFMG certification carries a deadline of 1 February.", "yes_by_date"),
])
def test_ecfmg_put_on_a_rank_list_the_year_beginning_entry_a_months_end_and_a_deadline_of(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Candidates with >1 USMLE failure are not considered.", "one_fail_allowed"),
    ("Candidates with 2+ attempts on a USMLE Step are not eligible.", "first_attempt_only"),
    ("Applicants with ≥2 failures will not be ranked.", "one_fail_allowed"),
    ("A second attempt on a Step makes an applicant ineligible.", "first_attempt_only"),
    ("A third attempt on any Step is disqualifying.", "one_fail_allowed"),
    ("Failing USMLE once is not an automatic rejection.", "any"),
    ("Candidates must not have had more than one USMLE failure.", "one_fail_allowed"),
    ("Re-takes: not accepted", "first_attempt_only"),
    ("Candidates are not eligible if they have failed any USMLE Step.", "first_attempt_only"),
    ("USMLE failures are fine when later passed.", "any"),
    ("USMLE failures are fine if subsequently passed.", "any"),
    ("Repeated USMLE attempts are accepted.", "any"),
    ("Step 1 failures will not be accepted; Step 2 CK retakes are acceptable.", "not_stated"),
])
def test_attempts_count_symbols_ordinal_attempts_and_failures_rejection_denied_and_mixed_exams(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("ECFMG cert. needed before ranking.", "yes_by_rank_deadline"),
    ("ECFMG\tRequired by the start of training", "yes_by_start"),
    ("ECFMG: by 02/01", "yes_by_date"),
    ("ECFMG: 1 Feb deadline", "yes_by_date"),
    ("The program's ECFMG deadline is 1/31.", "yes_by_date"),
    ("To be eligible for ranking, applicants must hold ECFMG certification.", "yes_by_rank_deadline"),
    ("IMGs without ECFMG certification at the close of ranking will not appear on our rank list.", "yes_by_rank_deadline"),
    ("Applicants certified by ECFMG after our rank list is submitted cannot match here.", "yes_by_rank_deadline"),
    ("The ECFMG certificate must be valid as of the residency start date.", "yes_by_start"),
    ("Residents will not be allowed to start clinical work without an ECFMG certificate.", "yes_by_start"),
    ("ECFMG certification must be complete by the time residents report for orientation.", "yes_by_start"),
    ("Applicants must send proof of ECFMG certification no later than February 20.", "yes_by_date"),
    ("Documents: CV, personal statement, ECFMG certificate (by 2 March)", "yes_by_date"),
])
def test_ecfmg_abbreviations_cells_ranking_eligibility_start_dates_and_proof_by_a_date(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("ECFMG certification at the time of ranking is taken into account.", "not_stated"),
    ("ECFMG-certified applicants, or those who expect certification, are welcome to apply before the rank deadline.",
     "not_stated"),
    ("At our north campus ECFMG certification is required before ranking; at the south campus it is required by the "
     "start of training.", "not_stated"),
])
def test_ecfmg_taken_into_account_an_expected_certification_and_two_sites_state_no_deadline(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Q: May I interview before I hold an ECFMG certificate?\nA: Yes. Certification is required before your training "
     "begins.", "yes_by_start"),
    ("Q: Is ECFMG certification needed to apply?\nA: No, but you must obtain it before the start of residency.",
     "yes_by_start"),
    ("Q: What do you require of IMGs?\nA: Board certified faculty will review your file before ranking.", "not_stated"),
])
def test_an_faq_answer_reads_certified_as_the_questions_ecfmg_certification(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("IMGs must hold ECFMG certification when they apply.", "yes_by_date"),
    ("ECFMG certificate: required upon ERAS submission", "yes_by_date"),
    ("Only applicants with ECFMG certification are offered an interview.", "yes_by_date"),
    ("ECFMG certification is a prerequisite to interview.", "yes_by_date"),
    ("Applicants must have ECFMG certification before the interview date.", "yes_by_date"),
    ("ECFMG-certified graduates are welcome to apply.", "not_stated"),
    ("We do not require ECFMG certification to apply or to interview.", "not_stated"),
    ("ECFMG certification is needed before submission of our rank order list.", "yes_by_rank_deadline"),
    ("Step 2 CK must be passed to interview; ECFMG certification is required by the start of training.", "yes_by_start"),
])
def test_an_explicit_milestone_application_interview_or_the_match_is_a_date(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Any history of a USMLE failure, even if remediated, disqualifies the applicant.", "first_attempt_only"),
    ("Candidates must not have any USMLE Step graded as a fail.", "first_attempt_only"),
    ("If you have ever failed a USMLE exam, please do not apply.", "first_attempt_only"),
    ("Applicants with a USMLE “Fail” are screened out.", "first_attempt_only"),
    ("Failures allowed: 1", "one_fail_allowed"),
    ("USMLE failures ≤ 1", "one_fail_allowed"),
    ("Two USMLE failures disqualify a candidate.", "one_fail_allowed"),
    ("Candidates with two or more USMLE failures are screened out.", "one_fail_allowed"),
    ("USMLE: 1 fail okay", "one_fail_allowed"),
    ("Max: two attempts per USMLE Step.", "one_fail_allowed"),
    ("Failed any USMLE exam more than once? Sorry, you would not be considered.", "one_fail_allowed"),
    ("USMLE retakes are fine.", "any"),
    ("There is no cap on the number of USMLE attempts.", "any"),
    ("Past USMLE failures are not a barrier to applying.", "any"),
    ("A USMLE failure does not make you ineligible.", "any"),
    ("Failed Steps do not rule applicants out, and we encourage you to explain a failure in your statement.", "any"),
    ("A failure does not automatically exclude you; we consider applicants with one or more USMLE failures.", "any"),
    ("We consider candidates with more than one USMLE attempt.", "any"),
])
def test_attempts_histories_grades_do_not_apply_failure_counts_caps_and_failures_that_are_no_barrier(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text", [
    "The Redcliff program requires first-attempt passes; we follow our own criteria, listed below.",
    "Redcliff Surgery accepts no USMLE failures; our program has not adopted that rule.",
])
def test_another_programs_rule_set_against_our_own_states_nothing_for_us(text):
    assert _value(text, "attempts") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("IMGs who wish to apply to US residency programs need ECFMG certification.", "not_stated"),
    ("ECFMG certification is required to apply to American residencies.", "not_stated"),
    ("ECFMG certification is required to apply to our program.", "yes_by_date"),
])
def test_ecfmg_needed_to_apply_anywhere_is_ecfmg_in_general(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text", [
    "Q: Do you consider candidates with USMLE failures?\nA: Yes, every application is reviewed holistically.",
    "USMLE failures are considered as part of a holistic review.",
])
def test_attempts_a_holistic_review_states_no_rule(text):
    assert _value(text, "attempts") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("IMGs need ECFMG certification.\nCertification must be complete before the rank order list deadline.",
     "yes_by_rank_deadline"),
    ("Applicants need ECFMG certification. You must be certified before training begins.", "yes_by_start"),
    ("ECFMG certification is required. All residents must be certified in BLS before orientation.", "not_stated"),
    ("ECFMG certification is required. Faculty are board certified before July 1.", "not_stated"),
    ("ECFMG certification is required. Rank lists are certified by March 4.", "not_stated"),
])
def test_a_bare_certified_after_a_sentence_about_ecfmg_is_ecfmg_certification_but_not_another_bodys(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Step 2 CK must be passed before the first-attempt deadline we publish.", "not_stated"),
    ("A first attempt pass is preferred, not required.", "any"),
])
def test_attempts_a_first_attempt_deadline_is_no_rule_and_a_preference_not_required_is_any(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Applicants have until February 15 to become ECFMG certified.", "yes_by_date"),
    ("Candidates have until the rank list deadline to obtain ECFMG certification.", "yes_by_rank_deadline"),
    ("ECFMG certification is not needed until residency begins.", "yes_by_start"),
    ("ECFMG certification - February 15", "yes_by_date"),
    ("Applicants have until February 15 to pass Step 2 CK; ECFMG certification is required.", "not_stated"),
    ("By February 15, applicants must pass Step 2 CK to become ECFMG certified.", "not_stated"),
    ("Before ranking, applicants must have passed Step 2 CK and be ECFMG certified.", "yes_by_rank_deadline"),
])
def test_ecfmg_until_a_time_a_dash_cell_and_a_time_put_first(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Uncertified applicants are eligible for ranking.", "not_stated"),
    ("ECFMG certification earned after ranking does not change your place on the list.", "not_stated"),
    ("Before you begin your ERAS application, check that you are ECFMG certified.", "not_stated"),
    ("ECFMG certification is needed upon entering the Match.", "not_stated"),
    ("ECFMG certification is needed upon entry into the program.", "yes_by_start"),
])
def test_ecfmg_eligible_for_ranking_without_it_after_ranking_without_exclusion_and_entries_that_are_no_start(text, value):
    assert _value(text, "ecfmg_by") == value


def test_attempts_failures_that_may_apply_but_rarely_succeed_are_a_hedge():
    assert _value("Applicants with USMLE failures may apply but are rarely interviewed.", "attempts") == "not_stated"


@pytest.mark.parametrize("text, value", [
    ("Residents need a valid ECFMG certificate on July 1, the first day of training.", "yes_by_start"),
    ("ECFMG certification should be complete by the time the intern starts.", "yes_by_start"),
    ("ECFMG certification: needed prior to PGY-1", "yes_by_start"),
    ("ECFMG certification is required before residency.", "yes_by_start"),
    ("ECFMG certification is required before the residency interview.", "yes_by_date"),
    ("ECFMG certification must be completed by November 30 of the year before residency begins.", "yes_by_date"),
    ("ECFMG certification must be finished ahead of the rank list deadline.", "yes_by_rank_deadline"),
])
def test_ecfmg_a_date_given_as_the_start_the_start_in_other_words_and_ahead_of(text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("Only one-attempt passes are accepted.", "first_attempt_only"),
    ("No repeat test takers.", "first_attempt_only"),
    ("We do not review applicants with a USMLE fail.", "first_attempt_only"),
    ("Candidates who failed Step 1 and later passed are welcome.", "any"),
    ("Candidates who failed Step 1 but passed Step 2 CK on the first attempt are considered.", "not_stated"),
])
def test_attempts_one_attempt_passes_repeat_takers_reviews_refused_and_failures_later_passed(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text, value", [
    ("Our rank order list is due February 28. Applicants must be ECFMG certified by then.", "yes_by_rank_deadline"),
    ("Orientation starts June 22. ECFMG certification is required by that date.", "yes_by_start"),
    ("Candidates who will not hold ECFMG certification by May 31 should not apply.", "yes_by_date"),
    ("IMGs must be ECFMG certified before ranking and must obtain a Postgraduate Training Authorization Letter "
     "before starting residency.", "yes_by_rank_deadline"),
    ("ECFMG certification is mandatory. Applicants not certified by the rank list deadline will not be ranked.",
     "yes_by_rank_deadline"),
])
def test_ecfmg_then_in_the_next_sentence_should_not_apply_the_ptals_full_name_and_not_certified(text, value):
    assert _value(text, "ecfmg_by") == value


def test_attempts_a_requirement_not_a_preference_is_no_hedge():
    assert _value("A first-attempt pass on every USMLE Step is required, not merely preferred.", "attempts") == \
        "first_attempt_only"


@pytest.mark.parametrize("text, value", [
    ("Aldermoor Surgery requires ECFMG certification by the rank list deadline. Aldermoor Pediatrics requires it by "
     "the start of residency.", "not_stated"),
    ("IMGs need ECFMG certification. It must be complete before ranking.", "yes_by_rank_deadline"),
    ("ECFMG certification is required. We sponsor J-1 visas and it is possible to get one by July 1.", "not_stated"),
    ("ECFMG certification is required. We sponsor J-1 visas; applicants must have it by July 1.", "not_stated"),
])
def test_it_in_the_sentence_after_one_about_ecfmg_certification_is_that_certification_unless_another_thing_is_named(
        text, value):
    assert _value(text, "ecfmg_by") == value


@pytest.mark.parametrize("text, value", [
    ("The program allows no USMLE retakes.", "first_attempt_only"),
    ("Brookvale IM accepts no failures; Brookvale Neurology considers candidates with one failure.", "not_stated"),
])
def test_attempts_accepting_no_failures_is_a_first_attempt_rule_and_two_rules_are_none(text, value):
    assert _value(text, "attempts") == value


@pytest.mark.parametrize("text", [
    "Faculty members may be sponsored for H-1B visas through Human Resources.",
    "The Department of Medicine sponsors H-1B visas for research faculty.",
    "In 2022 we sponsored two H-1B residents.",
    "ECFMG does not sponsor H-1B visas.",
    "ECFMG sponsors J-1 visas; it does not sponsor H-1B.",
    "The H-1B visa is sponsored by the hospital, not ECFMG.",
    "We will sponsor H-1B visas beginning with the 2028 match.",
    "The institution sponsors H-1B visas; each program decides whether to participate.",
    "H-1B sponsorship is available for PGY-2 and above.",
    "Preliminary positions: J-1 only.",
    "Residents holding H-1B visas are eligible for the same benefits.",
    "H-1B holders are welcome to apply.",
    "Internal medicine sponsors H-1B; family medicine does not.",
])
def test_h1b_for_staff_ecfmg_the_past_the_future_other_groups_and_holders_states_no_policy(text):
    assert "sponsors_h1b" not in decided(text)


@pytest.mark.parametrize("text, value", [
    ("Graduates enter as PGY-1 and complete the program in 3 years.", None),
    ("Graduates within 5 years are given priority.", None),
    ("Applicants must have graduated within the last 5 years or have continuous clinical activity since graduation.",
     None),
    ("The graduation year limit of 5 years does not apply to applicants with a US residency.", None),
    ("Graduated within 5 years, or 7 years for applicants with a PhD.", None),
    ("Medical school graduation within 10 years for family medicine; 5 years for internal medicine.", None),
    ("Our PGY-2 positions require graduation within 5 years.", None),
    ("Preliminary track applicants must have graduated within 3 years.", None),
    ("Applicants must have completed medical school in the last 5 years to be eligible for J-1 sponsorship.", None),
    ("Eligibility: MD degree completed within 5 years; US clinical experience within 1 year.", "5"),
    ("Q: I graduated 8 years ago. Can I apply?\nA: No; applicants must be within 5 years of graduation.", "5"),
])
def test_yog_program_length_priority_alternatives_other_groups_and_two_numbers_state_no_limit(text, value):
    assert decided(text).get("yog_max_years") == value


@pytest.mark.parametrize("text", [
    "Your Step 2 CK result must be reported by February 1 so that ECFMG can certify you before the start of residency.",
    "ECFMG certification or eligibility by the rank list deadline.",
    "ECFMG certification should be obtained by the start of residency if possible.",
    "ECFMG certification is required by the rank list deadline for most tracks.",
    "ECFMG certification is required prior to the Match for J-1 sponsorship.",
    "ECFMG certification by the rank list deadline unless the applicant is awaiting the OET result.",
])
def test_ecfmg_purpose_alternatives_if_possible_some_tracks_and_visa_conditions_state_no_deadline(text):
    assert "ecfmg_by" not in decided(text)


@pytest.mark.parametrize("text", [
    "Our cardiology and gastroenterology fellowships sponsor H-1B visas.",
    "The Redwood Surgery program sponsors H-1B; please see that program's page for details.",
    "Applicants who wish to be considered for the H-1B must pass USMLE Step 3 before the rank list is submitted.",
    "Program\tVisa\nInternal Medicine\tJ-1, H-1B\nFamily Medicine\tJ-1 only",
    "Our preliminary medicine track sponsors H-1B visas; categorical positions are J-1 only.",
    "GME policy permits H-1B sponsorship at the discretion of each program director.",
    "Many applicants will need a J-1 or H-1B visa.",
    "The program had H-1B sponsorship for the 2019 academic year only.",
    "We cannot comment on whether an individual applicant qualifies for an H-1B.",
    "Elmwood Neurology sponsors H-1B visas; Elmwood Internal Medicine sponsors J-1 visas.",
])
def test_h1b_of_fellowships_other_programs_tracks_rows_wishes_and_one_past_year_states_no_policy(text):
    assert "sponsors_h1b" not in decided(text)


@pytest.mark.parametrize("text, expected", [
    ("Internal Medicine: we sponsor J-1 and H-1B visas.\nGeneral Surgery: J-1 only.\n"
     "All programs: ECFMG certification is required before ranking.",
     {"sponsors_j1": "yes", "ecfmg_by": "yes_by_rank_deadline"}),
    ("Although we sponsored H-1B visas in earlier years, we now accept only J-1 visas.",
     {"sponsors_j1": "yes", "sponsors_h1b": "no"}),
    ("The program can sponsor a J-1 or an H-1B, depending on the applicant's eligibility.",
     {"sponsors_j1": "yes", "sponsors_h1b": "yes"}),
    ("ECFMG is the sole sponsor of J-1 clinical visas.", {}),
])
def test_programs_that_agree_a_line_for_all_programs_and_the_applicants_eligibility(text, expected):
    assert decided(text) == expected


@pytest.mark.parametrize("text, value", [
    ("Graduated within 4 years if no US training; graduates with US training have no limit.", None),
    ("YOG: N/A", None),
    ("Applicants within 3 years of graduation earn extra points in our screening.", None),
    ("There is no strict cutoff on graduation year, but applicants more than 5 years out must show recent clinical "
     "experience.", None),
    ("Time since graduation is not a factor for applicants with US residency training.", None),
    ("Residents who graduated more than 10 years ago are not unusual in our program.", None),
    ("We prefer graduates within 4 years, but all applicants will be considered.", "none"),
    ("We do not have a strict cutoff on graduation year.", "none"),
    ("Any year of graduation is acceptable.", "none"),
    ("Graduation date: we do not apply a cutoff.", "none"),
    ("Applicants who graduated more than 48 months ago are not considered.", "4"),
    ("We will not review applications from graduates more than eight years out.", "8"),
    ("Our applicants must have graduated within the last 6 years.", "6"),
    ("Must be within 6 years of graduation at the time of application; no exceptions.", "6"),
    ("To apply, you must have passed Step 1 and Step 2 CK, must be within four years of graduation, and must send "
     "three letters.", "4"),
    ("Q: How recent must my graduation be?\nA: No more than 7 years before July 1 of the start year.", "7"),
])
def test_yog_conditions_points_na_and_subgroups_state_nothing_and_plain_limits_or_none_are_read(text, value):
    assert decided(text).get("yog_max_years") == value


@pytest.mark.parametrize("text", [
    "Applicants must apply for ECFMG certification before the rank list deadline.",
    "ECFMG certification by the rank list deadline (categorical) or by July 1 (preliminary).",
    "Our Lakeside campus requires ECFMG certification by the rank deadline; the Hillcrest campus by July 1.",
    "Applicants must be ECFMG certified by the rank list deadline, or provide a letter from ECFMG that all "
    "requirements are met.",
    "Our affiliated family medicine program requires ECFMG certification by the rank list deadline.",
    "ECFMG certification before the rank list deadline is advisable.",
    "We try to rank only ECFMG-certified applicants.",
    "The DS-2019 is issued by ECFMG after certification, before residency begins.",
])
def test_ecfmg_applying_for_it_two_deadlines_two_sites_another_route_and_advice_state_no_deadline(text):
    assert "ecfmg_by" not in decided(text)


def test_ecfmg_on_or_before_a_date_is_still_that_date():
    assert decided("ECFMG certification is due on or before January 9.")["ecfmg_by"] == "yes_by_date"


@pytest.mark.parametrize("text", [
    "The hospital's International Office supports H-1B, O-1 and permanent residency petitions for employees.",
    "As a cap-exempt institution, we can file H-1B petitions year-round.",
    "The medical center sponsors H-1B visas in some departments.",
    "Departments may choose to sponsor H-1B visas.",
    "H-1B: Yes (for PGY-2 entry only)",
    "The GME office handles H-1B sponsorship for all residency programs.",
    "Visa sponsorship (J-1, H-1B) decisions are made by the DIO.",
    "H-1B sponsorship depends on the program.",
])
def test_h1b_offices_cap_exempt_explanations_departments_and_another_group_state_no_policy(text):
    assert "sponsors_h1b" not in decided(text)


def test_h1b_considering_sponsoring_is_possible():
    assert decided("We will consider sponsoring an H-1B for applicants who pass Step 3.")["sponsors_h1b"] == "possible"


@pytest.mark.parametrize("text", [
    "Graduates from within the last 5 years will be invited to interview first.",
    "Applicants must have graduated within 5 years for the categorical program.",
    "ECFMG certification must be within 5 years of graduation.",
    "Graduation within the last 5 years is one of many factors considered.",
])
def test_yog_interview_order_one_track_certification_age_and_factors_state_no_limit(text):
    assert "yog_max_years" not in decided(text)


@pytest.mark.parametrize("text", [
    "IMGs must be ECFMG certified, with Step 2 CK passed by the rank list deadline.",
    "We require ECFMG certification and a passing Step 2 CK score reported by the rank list deadline.",
    "ECFMG certification: Step 1, Step 2 CK and OET must be passed by January 31.",
    "For ECFMG certification, Step 2 CK must be passed by the rank list deadline.",
    "According to ECFMG, certification must be completed by the start of training.",
    "NRMP policy requires IMGs to be ECFMG certified before starting residency.",
    "ECFMG certification by the rank list deadline is required by most programs.",
    "Applicants who do not obtain ECFMG certification by the rank deadline will be ranked after certified applicants.",
    "Residents who are not ECFMG certified by July 1 may have their start date delayed.",
])
def test_ecfmg_an_exams_deadline_other_bodies_rules_other_programs_and_soft_consequences_state_no_deadline(text):
    assert "ecfmg_by" not in decided(text)


@pytest.mark.parametrize("text, expected", [
    ("The Internal Medicine residency sponsors J-1 visas; preliminary positions are also available.",
     {"sponsors_j1": "yes"}),
    ("THE TRANSITIONAL YEAR PROGRAM SPONSORS H-1B; THE PRELIMINARY SURGERY PROGRAM DOES NOT.", {}),
])
def test_a_track_named_in_a_part_on_another_topic_is_silent_but_a_short_answer_speaks(text, expected):
    assert decided(text) == expected


@pytest.mark.parametrize("text, fact", [
    ("Premium processing of H-1B petitions is not available.", "sponsors_h1b"),
    ("H-1B fees are not reimbursed.", "sponsors_h1b"),
    ("No more than 5 years since graduation or since completion of prior residency training.", "yog_max_years"),
    ("Applicants must have completed internship within 3 years of graduation.", "yog_max_years"),
    ("The program accepts applicants who graduated within 5 years, as well as those with a US residency.",
     "yog_max_years"),
    ("Up to 5 years since graduation is acceptable; beyond that, applicants must have done a US observership.",
     "yog_max_years"),
    ("YOG: within 5 years*\n*may be waived", "yog_max_years"),
    ("Graduated within 5 years? Not required.", "yog_max_years"),
])
def test_fees_another_route_an_internships_timing_and_a_footnote_state_nothing(text, fact):
    assert fact not in decided(text)


def test_a_fee_given_as_the_reason_for_a_refusal_still_refuses():
    assert decided("Because of the H-1B fee, we no longer sponsor H-1B visas.")["sponsors_h1b"] == "no"


@pytest.mark.parametrize("text", [
    "We accept applicants on an H-1B transferring from another program, but we do not sponsor new H-1B petitions.",
    "We only accept H-1B transfers from residents already holding an H-1B elsewhere; we do not file new H-1B petitions.",
    "H-1B: only if you already hold H-1B status with a cap-exempt employer (transfer); new petitions are not filed.",
])
def test_h1b_transfers_with_no_new_petitions_are_no(text):
    assert decided(text)["sponsors_h1b"] == "no"


@pytest.mark.parametrize("text", [
    "Applicants should have graduated within 5 years, but older graduates with recent USCE are considered.",
    "Gap since graduation must not exceed 3 years.",
    "Applicants who have been out of clinical practice for more than 3 years after graduation are not eligible.",
])
def test_yog_older_graduates_considered_and_gaps_in_practice_state_no_limit(text):
    assert "yog_max_years" not in decided(text)


@pytest.mark.parametrize("text, value", [
    ("We generally do not sponsor H-1B visas.", None),
    ("H-1B sponsorship is typically not offered.", None),
    ("H-1B sponsorship has been approved for some residents.", None),
    ("Our affiliated children's hospital sponsors H-1B visas.", None),
    ("We sponsor the H-1B for the right candidate.", "possible"),
    ("H-1B sponsorship is infrequent.", "possible"),
])
def test_h1b_a_general_rule_past_approvals_and_another_hospital_state_nothing_and_the_right_candidate_is_possible(
        text, value):
    assert decided(text).get("sponsors_h1b") == value


@pytest.mark.parametrize("text, fact, value", [
    ("Only applicants who graduated within the last 5 years will be considered.", "yog_max_years", "5"),
    ("Applicants must have graduated within 5 years and have a Step 2 CK score of at least 220.", "yog_max_years", "5"),
    ("Most of our residents are IMGs, and we sponsor J-1 and H-1B visas.", "sponsors_h1b", "yes"),
])
def test_a_limit_only_considered_a_score_beside_it_and_our_residents_beside_a_policy_are_still_read(text, fact, value):
    assert decided(text)[fact] == value


@pytest.mark.parametrize("text", ["Visa sponsorship: J-1 only (no H-1B).", "We sponsor J-1 visas (no H-1B)."])
def test_a_parenthesis_before_a_visa_is_that_visas_own(text):
    assert decided(text) == {"sponsors_j1": "yes", "sponsors_h1b": "no"}


@pytest.mark.parametrize("text", ["We have a 4-year graduation cutoff.", "There is a four-year limit on time since graduation."])
def test_yog_an_n_year_cutoff_is_that_limit(text):
    assert decided(text)["yog_max_years"] == "4"


def test_ecfmg_a_clause_continuing_another_documents_sentence_is_that_documents_deadline():
    assert "ecfmg_by" not in decided("The PTAL requires ECFMG certification and must be obtained before the start of "
                                     "residency.")


@pytest.mark.parametrize("text", ["H-1B sponsorship: refer to GME", "H-1B sponsorship: please enquire with the coordinator"])
def test_h1b_a_pointer_to_ask_elsewhere_states_no_policy(text):
    assert "sponsors_h1b" not in decided(text)


@pytest.mark.parametrize("text, expected", [
    ("Internal Medicine Residency: Requirements\nInternal Medicine: we sponsor J-1 visas.", {"sponsors_j1": "yes"}),
    ("Categorical: J-1 and H-1B\nPreliminary: J-1 only", {}),
])
def test_rows_of_one_program_are_one_program_and_rows_of_two_tracks_must_agree(text, expected):
    assert decided(text) == expected


@pytest.mark.parametrize("text", ["Only ECFMG-certified applicants will be offered interviews.",
                                  "Applicants must be ECFMG certified before they submit their ERAS application."])
def test_ecfmg_interviews_offered_and_before_submitting_are_milestones(text):
    assert decided(text)["ecfmg_by"] == "yes_by_date"
