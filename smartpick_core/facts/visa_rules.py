"""Visa rules for a pasted eligibility page: J-1 and H-1B, yes / no / possible, with negation scope, "only",
alternatives, conditions, and the clauses that speak of something else (the past, plans, fellows, waivers, ECFMG's
own J-1 sponsorship, where to ask) dropped before the rest of the sentence is read.

    visa_facts(unit) -> Proposal(sponsors_j1 | sponsors_h1b, yes | no | possible, sentence, rule), ...
"""

from __future__ import annotations

import re
from typing import Iterator

from .paste import Unit
from .proposal import Proposal
from .proposal import rx as _rx

STEP3_RX = _rx(r"\bStep\s?3\b|\bStep\s?III\b|\ball (?:three|3) (?:USMLE )?steps\b|\bSteps? 1,? 2(?: ?CK)?,? (?:and|&) 3\b|"
             r"\bSteps? 1\s?-\s?3\b")

_J1 = _rx(r"\bJ\s?-?\s?1\b(?!\s?-?\s?[0-9])")
H1B_RX = _rx(r"\bH\s?-?\s?1\s?-?\s?B\b|\bH-?1\b(?!-?[A-Za-z0-9])")
_CLAUSE_BREAK = _rx(r";|\bbut\b|\bhowever\b|\bwhereas\b|\bwhile\b|(?<=[a-z0-9)])\.\s+(?=[A-Z])|\?\s+")
_CONJUNCTION = _rx(r",|\band\b|\bor\b|\bas well as\b|/|&|\bnor\b")

_NEG = _rx(r"\bnot?\b|n't\b|\bneither\b|\bnever\b|\bunable\b|\bno longer\b|\bcannot\b|\bunavailable\b|\bineligible\b|"
           r"\bdecline\b|\bexcluded?\b|\bunfortunately\b|\bnone\b")
_POSSIBLE = _rx(r"case[\s-]by[\s-]case|individual basis|exception(?:al|ally)?\b|\boutstanding\b|\brare(?:ly)?\b|"
                r"\blimited\b(?!\s+(?:number|to))|\bconsider\w*\b[^.;]{0,30}\bsponsorship\b|\bsponsorship\b[^.;]{0,30}\b"
                r"(?:is|are|will be|may be) considered\b|\bmay\s+(?:be\s+)?(?:able\s+to\s+)?(?:sponsor|consider|offer|available|possible|support|"
                r"accept)|\bmight\b|\bdiscretion\b|\bindividually\b|"
                r"\bsome cases\b|(?:certain|some|special) (?:cases|circumstances|situations)|\bdepend|\bdiscuss|not guaranteed|"
                r"occasional|\bselect(?:ed)? (?:cases|candidates|applicants)|(?<!not )\bpossible\b|\bunless\b|"
                r"\b(?:when|if|as) (?:funding|budget|resources?)\b|\bfunding (?:allows|permits|is available)\b|"
                r"\bbased on (?:institutional |available )?(?:resources|funding|budget)\b|"
                r"\bsubject to\b|\bon request\b|\bguarantee|\bconsider\w*\s+(?:\w+\s+){0,2}sponsoring\b|\buncommon\b|\binfrequent|"
                r"\bthe right (?:candidate|applicant)s?\b")
_POSITIVE = _rx(r"\bprefer|\bparticipat|\bfiles?\b|\busual\b|\bsponsor|\baccept|\bsupport|\boffer|\bprovide|\b(?:we|program|programs|hospital) take\b|\bwelcome|\beligib|\bavailable\b|"
                r"\bconsider|\bhonou?r|\byes\b|\bmust (?:have|hold|obtain)|\bissued\b|\bholders?\b")
_ONLY = _rx(r"\bonly\b(?!\s+(?:if|for|when|in|under|after|on|to|with|be)\b)|\bexclusively\b|\bsolely\b|\b(?:limited|"
            r"restricted) to\b|"
            r"\bother than\b|\bexcept for\b|\bwith the exception of\b")
_ONLY_CONDITION = _rx(r"\bonly\b.{0,40}\b(?:if|for|when)\b.{0,60}\b(?:U\.?\s?S\.?|United States|American|"
                      r"LCME|US)(?!\w).{0,40}(?:school|graduat|MD\b|DO\b|citizen)")
_TRANSFER = _rx(r"\bexisting\b|\btransfer|\balready (?:hold|have|on|holding|having)\b|\bcurrently (?:hold|on|holding)\b|"
                r"\bfrom another (?:US |U\.S\. )?(?:training )?program\b")
_HARD_TO_FILL = _rx(r"hard[\s-]to[\s-]fill")
_WAIVER = _rx(r"\bwaiver")
_GENERIC_NO = _rx(r"(?:\b(?:do|does|will|can|are|is)\s*(?:not|n't)\s+(?:able to\s+)?(?:sponsor|support|offer|provide|"
                  r"accept)\b[^.;]{0,30}\bvisas?\b|\bno visa sponsorship\b|\bnot (?:able|in a position) to sponsor "
                  r"(?:any\s+)?visas?\b|\bvisa sponsorship\b\s*(?:is\s+)?(?::\s*)?(?:not available|unavailable|none\b|"
                  r"not offered|not provided|no\b)|\bvisas? (?:are|is) not (?:sponsored|supported|offered|accepted))")
_CITIZENS_ONLY = _rx(r"\b(?:must|only|required?|requirements?|limited to|restricted to)\b[^.]{0,80}\b(?:U\.?\s?S\.?|"
                     r"United States)\s*citizens?(?:hip)?\b[^.]{0,30}\b(?:permanent residen|green card)|\b(?:U\.?\s?S\.?|"
                     r"United States)\s*citizens?(?:hip)?\b[^.]{0,30}\b(?:permanent residen|green card)[^.]{0,30}"
                     r"\b(?:required|only)\b|\b(?:permanent residents?|green card holders?)\b[^.]{0,30}\b(?:U\.?\s?S\.?|"
                     r"United States)\s*citizens?\b[^.]{0,10}\bonly\b")
_NEW = _rx(r"\bnew\s+(?:H\s?-?1\s?-?B\s+)?(?:visas?|petitions?|sponsorships?|applications?|H\s?-?1\s?-?B)\b")
_EXCEPTIONS = _rx(r"\brare\b|\bexception|case[\s-]by[\s-]case|individual basis|\bunless\b|\bnot guaranteed\b")
_INFORMATION = _rx(r"\bquestions?\b|\bcontact\b|\bcomment\b|\brefer(?:red)? to\b|\binquir\w*|\benquir\w*|\bask (?:us|the|our)\b|"
                   r"\bsee (?:the |our )?(?:GME|website|page|policy|link)|\binformation\b|\badvice\b|\blegal\b|\battorney|\bplease (?:see|visit|refer)|\bfor more\b|"
                   r"\blearn more\b|\bwebsite\b|\bFAQs?\b|\bguidance\b")
_NEITHER = _rx(r"\bneither\b.*\bnor\b")
_PAST = _rx(r"\bin the past\b|\bpreviously\b|\bhistorically\b|\bha(?:s|ve) (?:sponsored|had|accepted|supported)\b|"
            r"\bha(?:s|ve) been (?:approved|sponsored|granted|offered|provided)\b|"
            r"\bused to\b|\bformerly\b|\bin (?:previous|prior|past|earlier) years\b|\bha(?:s|ve) not (?:sponsored|"
            r"accepted|supported) (?:\S+ )?since\b|\blast (?:year|cycle|season)\b|\b(?:we|the (?:program|hospital|"
            r"institution)|our program)\s+(?:sponsored|accepted|supported|offered)\b|\bin (?:19|20)[0-9]{2}\b[^.;]{0,40}"
            r"\b(?:sponsored|accepted|had|supported)\b")


# Clauses that say nothing about sponsoring a resident now: the past, plans, fellows, what happens after residency,
# ECFMG as the J-1's sponsor, where to ask. They are dropped; the rest of the sentence is still read.
_NOT_NOW = _rx(r"\bfuture\b|\breviewing\b|\bunder review\b|\bplan(?:s|ning)? to\b|\bwill begin\b|"
               r"\bobservers?hips?\b|\bexternships?\b|\bclerkships?\b|\belectives?\b|\bvisiting (?:students|rotations?)\b|"
               r"^(?!.*\b(?:residents?|residency|PGY|applicants?)\b).*\bfellow(?:s|ships?)?\b|\bwaiver|"
               r"\bafter (?:residency|training|graduation)\b|\bchang\w* (?:to|of) (?:\S+ )?status\b|"
               r"\bECFMG\b[^.;]{0,15}\b(?:sponsors|provides|is the sponsor|issues|administers)\b|"
               r"\bnot (?:by|through) (?:the|our|this) (?:program|hospital|institution)\b|\bnot yet\b|\bwhether\b|"
               r"\bundecided\b|\bcap\b[^.;]{0,20}\b(?:does|do|will) not apply\b|\blottery\b|\bfor (?:our )?(?:faculty|"
               r"staff|attending)|"
               r"^(?!.*\b(?:residents?|(?<!permanent )residency|PGY|applicants?|trainees?)\b).*\b(?:faculty|staff|attendings?|"
               r"researchers?|scientists?|postdoc\w*|employees|nurses)\b|"
               r"\bECFMG\s+(?:does|do|will|can|cannot)\s*(?:not|n't)?\s*(?:sponsor|provide|issue|file)|"
               r",?\s*\bnot (?:by |through )?(?:the )?ECFMG\b|\bwill\b[^.;]{0,40}\b(?:beginning|starting) (?:with|in|from)\b|"
               r"\bECFMG\b[^.;]{0,15}\bis the (?:\w+\s+)?sponsor\b|\b(?:19|20)[0-9]{2}\b[^.;]{0,30}\bonly\b|"
               r"\b(?:wish|wishes|want|wants|hop(?:e|es|ing)|interested in|intend|intends)\b[^.;]{0,40}\bH\s?-?1\s?-?B\b|"
               r"^(?!.*\b(?:we|the program|our program|the hospital)\b)\W*(?:most|many|some|few)\s+(?:of\s+(?:our|the)\s+)?"
               r"(?:\w+\s+)?(?:applicants|candidates|IMGs|graduates|"
               r"residents|international)\b|\b(?:international|immigration)\s+(?:services\s+|student\s+)?(?:office|services|"
               r"team)\b|\bhuman resources\b|\bHR\b|\byear[\s-]round\b|\bany time (?:of|during) the year\b|"
               r"\b(?:decisions?|decided|determined) (?:are |is )?(?:made )?by (?:the )?(?:DIO|GME|institution|hospital|office|"
               r"committee|university)\b")
# "Premium processing of H-1B petitions is not available", "H-1B fees are not reimbursed": the cost, not the sponsorship.
_FEES = _rx(r"\bpremium processing\b|\bH\s?-?1\s?-?B\s+(?:petition\s+|filing\s+|legal\s+)?(?:fees?|costs?)\b|\b(?:fees?|costs?) "
            r"(?:of|for) (?:the |an )?H\s?-?1\s?-?B\b")
_NOW = _rx(r"\bnow\b|\bcurrently\b|\bno longer\b|\bat (?:this|the present) time\b|\bcontinues?\b|\bstill\b")
_STOPPED = _rx(r"\b(?:sponsored|accepted|offered|supported)\b[^.;]{0,40}\buntil\b")
_OTHER_VISAS = _rx(r"\b(?:F-?1|O-?1|OPT|TN|E-?[23]|L-?1|H-?4|B-?[12])\b")
_NONE_OTHER_THAN = _rx(r"\b(?:not|no)\b[^.;]{0,40}\bvisas?\s+(?:other than|except(?: for)?|besides)\s+(?:the\s+)?"
                       r"(J\s?-?1|H\s?-?1\s?-?B)\b")
_REFUSES_SPONSORSHIP = _rx(r"\bunable to (?:sponsor|support|offer|provide)\b[^.;]{0,30}\bvisas?\b|\b(?:unable to|(?:do|does|"
                           r"will|can) ?(?:not|n't)) (?:accept|consider|interview|rank) (?:applicants|candidates|anyone) "
                           r"(?:who|that) (?:require|need|will require)\b[^.;]{0,30}\bsponsorship\b|\b(?:applicants|candidates) "
                           r"(?:requiring|who require|needing|who need)\b[^.;]{0,20}\bsponsorship\b[^.;]{0,15}\b(?:are|will) "
                           r"not (?:be )?(?:considered|accepted|eligible)|\b(?:do|does|will) ?(?:not|n't) (?:offer|provide) "
                           r"(?:any )?(?:visa )?sponsorship\b")


# "Our policy regarding H-1B sponsorship", "the H-1B sponsorship process": sponsorship named as a topic, not offered.
_SPONSORSHIP_TOPIC = _rx(r"(\b(?:regarding|about|concerning|on|of|for|handles?|handled|manages?|managed|coordinates?|"
                         r"coordinated|oversees?|administers?)\s+(?:all\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}?)sponsorship\b|"
                         r"\bsponsorship(?=\s+(?:process|decisions?|polic(?:y|ies)|timelines?|costs?|fees?|questions?|"
                         r"office|procedures?)\b|\s+(?:is|are)\s+(?:governed|determined|decided|handled|managed|processed)\b)")
# "Applicants who need H-1B sponsorship should say so": the sponsorship named is the applicant's need, not an offer.
_NEEDS_SPONSORSHIP = _rx(r"(\b(?:need|needs|needing|require|requires|requiring|seek|seeks|seeking|request|requests|"
                         r"requesting)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?)sponsorship\b")


# ECFMG as the one who sponsors: a following "it" is ECFMG too.
_ECFMG_AGENT = _rx(r"^\W*(?:the\s+)?ECFMG\b[^.;]{0,25}\b(?:sponsor|provide|issue|administer)\w*")
# "Each program decides whether to participate": the institution's policy is not this program's.
_PROGRAMS_DECIDE = _rx(r"\b(?:each|individual|every) (?:residency )?(?:program|department)s?\b[^.;]{0,40}\b(?:decides?|determines?|"
                       r"chooses?|sets?|makes? (?:its|their) own)\b|\bvar(?:y|ies) by (?:program|department|specialty)\b|"
                       r"\bdiscretion of (?:each|every|the individual|individual)\b|\b(?:in|for|by) (?:some|certain|select|"
                       r"selected|many) (?:departments|programs|specialties)\b|\b(?:departments|programs) (?:may|can) (?:choose|"
                       r"decide|elect|opt)\b|\bdepends? on (?:the |each |your )?(?:program|department|specialty)\b")
# A subgroup that is not the applicant to PGY-1 ("for PGY-2 and above", "for chief residents", "Preliminary positions:").
SUBGROUP_ONLY = _rx(r"\b(?:for|to)\s+(?:PGY-?[2-9]|advanced|chief|senior|second[\s-]year|third[\s-]year)\b|"
                     r"^\W*(?:preliminary|prelim|transitional)\s+(?:positions?|tracks?|programs?|residents?|year)\b")
# "Residents on H-1B visas receive the same benefits": the visa names who, the sentence is about something else.
_BENEFITS = _rx(r"\b(?:benefits|salar(?:y|ies)|insurance|moonlight\w*|vacation|leave|housing|stipends?|travel|parking)\b")
# "H-1B holders are welcome to apply": a visa already held, not one the program files.
_H1B_HOLDERS = _rx(r"\bH\s?-?1\s?-?B\s+(?:visa\s+)?holders?\b|\b(?:holding|hold|holds|on)\s+(?:an?\s+)?(?:existing\s+|current\s+)?"
                   r"H\s?-?1\s?-?B\b")
# "Family medicine does not.": another subject's elliptical answer, set against the clause before.
_ELLIPTICAL = _rx(r"^\W*(?:the\s+|our\s+)?(?:[\w-]+\s+){1,4}(?:does|do|did|will|can|is|are)\s*(?:not|n't)?\W*$")


def _now_clauses(text: str) -> list[str]:
    """The clauses of a sentence that speak of sponsoring a resident now (see _NOT_NOW)."""
    pieces = []
    lead = re.match(r"^\s*(?:although|though|while|whereas)\b([^,]+),(.*)$", text, re.IGNORECASE | re.DOTALL)
    for part in ([lead[1], lead[2]] if lead else [text]):
        pieces += re.split(r";|\bbut\b|\bhowever\b|(?<=[a-z0-9)])\.\s+(?=[A-Z])|(?<=\?)\s+", part)
    kept, ecfmg_before = [], False
    for piece in pieces:
        ecfmg_said, ecfmg_before = ecfmg_before, bool(_ECFMG_AGENT.search(piece))
        if ecfmg_said and re.match(r"^\W*(?:it|they)\b", piece, re.IGNORECASE):
            continue                                  # "ECFMG sponsors the J-1; it does not sponsor H-1B": ECFMG's
        if _FEES.search(piece) and not re.search(r"\bsponsor", piece, re.IGNORECASE):
            continue
        if not piece.strip() or _INFORMATION.search(piece) or _NOT_NOW.search(piece) or piece.strip().endswith("?"):
            continue                                  # a question is not a claim
        if _PAST.search(piece) and not _NOW.search(piece) and not _STOPPED.search(piece):
            continue
        kept.append(piece.strip())
    return kept


# "We generally do not sponsor H-1B": a rule with its exceptions unsaid is neither yes, no nor a stated possibility.
_GENERALLY = _rx(r"\btypically\b|\bgenerally\b|\bnormally\b|\bin general\b|\bfor the most part\b|\bas a rule\b")


def _cues(segment: str) -> set[str]:
    found = set()
    if _GENERALLY.search(segment):
        found.add("mixed")
    if _NEG.search(segment):
        found.add("neg")
    if _POSSIBLE.search(segment):
        found.add("possible")
    if _ONLY.search(segment):
        found.add("only")
    if _POSITIVE.search(segment):
        found.add("pos")
    if _EXCEPTIONS.search(segment):
        found.add("exception")
    return found


def _value_from_cues(cues: set[str]) -> tuple[str, str] | None:
    """(value, rule) from the cues around one visa mention; ("", "") when they mix; None when they say nothing."""
    if not cues:
        return None
    if "mixed" in cues:
        return "", "visa.generally_not" if "neg" in cues else ""
    if "neg" in cues:
        if "exception" in cues and "only" not in cues:
            return "possible", "visa.negated_with_exceptions"
        if "possible" in cues or "only" in cues:
            return "", ""
        return "no", "visa.negated"
    if "possible" in cues:
        return "possible", "visa.conditional"
    if "only" in cues:
        return "yes", "visa.only"
    return "yes", "visa.stated"


def _visa_mentions(clause: str, skip_j1: bool) -> list[tuple[int, int, str]]:
    found = [(m.start(), m.end(), "sponsors_h1b") for m in H1B_RX.finditer(clause)]
    if not skip_j1:
        found += [(m.start(), m.end(), "sponsors_j1") for m in _J1.finditer(clause)]
    return sorted(found)


# "Residents on J-1 visas may not moonlight": the visa describes who, the verb is about something else.
_PEOPLE_ON_VISA = _rx(r"\b(?:residents?|applicants?|physicians?|candidates?|trainees?|those|IMGs?)\s+(?:on|holding|with)\s+"
                      r"(?:an?\s+)?(?:J\s?-?\s?1|H\s?-?\s?1\s?-?\s?B)\b")
_ABOUT_SPONSORSHIP = _rx(r"\bsponsor|\baccept|\bconsider|\bsupport|\boffer|\bwelcome|\beligib|\bavailable\b|\brank|"
                         r"\binterview|\bapply\b|\bonly\b")


# A clause speaks of the program's policy only with a predicate of sponsoring, accepting or a value; facts about the
# visa itself ("J-1 holders are subject to the two-year rule", "H-1B fees are not paid by applicants") say nothing.
_PREDICATE = _rx(r"\bsponsor|\baccept|\bsupport|\boffer|\bconsider|\bwelcome|\beligib|\bineligib|\bavailable\b|"
                 r"\bunavailable\b|\bfiles?\b|\bfiled\b|\bpetition|\bparticipat|\bhonou?r|\btake\b|\bprefer|\busual|\brank|"
                 r"\binterview|\bapply\b|\bonly\b|\bexclusively\b|\bsolely\b|\byes\b|\bno\b|\bnone\b|\bneither\b|\bnor\b|"
                 r"\bpossible\b|case[\s-]by[\s-]case|\bindividual|\ballowed\b|\bpermitted\b|\bassist|\bprocess(?:ed|es)?\b|"
                 r"\bmust (?:have|hold|obtain)|\brequir\w*\s+(?:an?\s+)?(?:J|H)|\bneed\w*\s+(?:an?\s+)?(?:J|H)|\bother than\b|"
                 r"\bexcept\b|\bprovide\w*\s+(?:\w+\s+){0,2}(?:visa|sponsorship|J|H)|\blimited\b(?!\s+to\s+\w+\s+years)|\brestricted\b|"
                 r"\bdiscretion\b|\bdepend|\baccommodat|\bhire\b|\bnot at this time\b|\bcan(?:not|'t)\s+(?:be\s+)?(?:sponsor|accept|support)|"
                 r"\bholders? (?:are|may|can|will)\s+(?:be\s+)?(?:eligible|considered|accepted|apply|welcome)|\bvisa types?\b|"
                 r"\b(?:are|is|do|does|will|can)\s*(?:not|n't)\W*$")


def _clauses(text: str) -> list[str]:
    out, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        out.append(text[start:match.start()])
        start = match.end()
    out.append(text[start:])
    return [clause for clause in out if clause.strip()]


# A heading ("H-1B Visa Sponsorship", "J-1 Visa Information") names a topic: only a verb or a value states a policy.
_HEADING_VERB = _rx(r"\b(?:we|sponsor|sponsors|sponsored|accept\w*|offer\w*|available|yes|no|not|only|support\w*|considered|"
                    r"case[\s-]by[\s-]case|possible|none|welcome)\b")


def _is_heading(text: str) -> bool:
    return len(text.split()) <= 6 and not re.search(r"[.:;!?|]\s*$|[:|]", text) and not _HEADING_VERB.search(text)


def visa_facts(unit: Unit) -> Iterator[Proposal]:
    if _is_heading(unit.text):
        return
    if _HARD_TO_FILL.search(unit.text) or _PROGRAMS_DECIDE.search(unit.text) or SUBGROUP_ONLY.search(unit.text):
        return                                        # "only for hard-to-fill positions": the page must be read
    text = "; ".join(_now_clauses(re.sub(r",?\s*\bexcept (?:for )?(?:fellows|fellowship positions|faculty)\b|"
                                         r"\b(?:no|without) exceptions?\b", "", unit.text, flags=re.IGNORECASE)))
    # "depending on the applicant's eligibility": which visa fits the applicant, no condition of the program's
    text = re.sub(r",?\s*\bdepending on (?:the |your |their )?(?:applicant'?s'? |candidate'?s'? )?(?:eligibility|qualifications|"
                  r"status|circumstances)\b", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+(?:rather than|instead of)\s+(?=(?:the\s+|an?\s+)?(?:J\s?-?\s?1|H\s?-?\s?1))", ", not ", text,
                  flags=re.IGNORECASE)
    if _J1.search(text) or H1B_RX.search(text):          # the generic "no visa sponsorship" rules read it as written
        text = _NEEDS_SPONSORSHIP.sub(r"\1visa", text)
        text = _SPONSORSHIP_TOPIC.sub(lambda m: (m[1] or "") + "matters", text)
    if not text:
        return
    skip_j1 = False
    other_than = _NONE_OTHER_THAN.search(text)
    if other_than:                                    # "we do not sponsor visas other than the J-1"
        named = "sponsors_j1" if _J1.search(other_than[1]) else "sponsors_h1b"
        yield Proposal(named, "yes", unit.quote, "visa.none_other_than")
        yield Proposal("sponsors_h1b" if named == "sponsors_j1" else "sponsors_j1", "no", unit.quote,
                       "visa.none_other_than")
        return
    if _ONLY_CONDITION.search(text) and H1B_RX.search(text):
        yield Proposal("sponsors_h1b", "no", unit.quote, "visa.only_for_us_graduates")
        return
    seen: dict[str, tuple[str, str]] = {}
    last: list[str] = []
    for clause in _clauses(text):
        mentions = _visa_mentions(clause, skip_j1)
        if not mentions and "sponsors_h1b" in last and _NEW.search(clause) and _NEG.search(clause) \
                and seen.get("sponsors_h1b", ("no", ""))[0] == "no":
            seen["sponsors_h1b"] = ("no", "visa.no_new_petitions")   # "H-1B: transfers only; new petitions are not filed"
            continue
        if not mentions and last and _ELLIPTICAL.match(clause):
            for fact in last:                         # "Internal medicine sponsors H-1B; family medicine does not."
                seen[fact] = ("", "")
            continue
        if not mentions and last and ("possible" in _cues(clause) or re.search(r"\bmay\b|\bmight\b|\bsometimes\b|"
                                                                               r"\bexceptions?\b", clause, re.IGNORECASE)):
            for fact in last:                         # "H-1B is not available to PGY-1s, but may be for PGY-2"
                before = seen.get(fact, ("", ""))
                if (before[0] == "no" or before[1] == "visa.generally_not") \
                        and re.search(r"\bexceptions?\b", clause, re.IGNORECASE):
                    seen[fact] = ("possible", "visa.negated_with_exceptions")   # "not sponsored, but exceptions ..."
                elif before[0] in ("yes", "no"):
                    seen[fact] = ("", "")
            continue
        if not mentions or (_PEOPLE_ON_VISA.search(clause) and (not _ABOUT_SPONSORSHIP.search(clause)
                                                                or _BENEFITS.search(clause))) \
                or not _PREDICATE.search(clause):
            continue
        last = [fact for _, _, fact in mentions]
        heads, tails = [""] * len(mentions), [""] * len(mentions)
        for i in range(len(mentions) - 1):
            between = clause[mentions[i][1]:mentions[i + 1][0]]
            # "J-1 only (no H-1B)": an opening parenthesis starts the next visa's own words
            cut = _CONJUNCTION.search(between) or re.search(r"\(", between)
            tails[i], heads[i + 1] = (between[:cut.start()], between[cut.end():]) if cut else (between, "")
        shared_head, shared_tail = clause[:mentions[0][0]], clause[mentions[-1][1]:]
        aside = re.match(r"^\s*(?:visas?\s*)?\(([^()]*)\)(.*)$", shared_tail)
        if aside and len(mentions) > 1:               # "J-1 / H-1B (case by case)": the aside is the H-1B's own
            tails[-1], shared_tail = aside[1], aside[2]
        inner = re.match(r"^([^()]*)\)(.*)$", shared_tail)
        opened = len(mentions) > 1 and "(" in clause[mentions[-2][1]:mentions[-1][0]]
        if inner and opened:                          # "J-1 (H-1B not available)": the parenthesis is the H-1B's own
            tails[-1], shared_tail = inner[1], inner[2]
        wrapped = shared_head.rstrip().endswith("(") and shared_tail.lstrip().startswith(")")
        head_cues, tail_cues = _cues(shared_head), _cues(shared_tail)
        for i, (_, _, fact) in enumerate(mentions):
            own = _cues(heads[i] + " " + tails[i])
            if wrapped and not own:                   # "No visa sponsorship (J-1 or H-1B) is available"
                cues = head_cues | tail_cues
            elif own - {"pos"} or (own and not (head_cues | tail_cues) - {"pos"}):
                cues = own | (head_cues if "neg" in head_cues and not own - {"pos"} else set())
            elif own and i < len(mentions) - 1:      # "J-1 visas accepted, H-1B visas not accepted"
                cues = own | (head_cues if "neg" in head_cues else set())
            elif len(mentions) > 1 and head_cues and tail_cues and head_cues != tail_cues:
                cues = tail_cues if i == len(mentions) - 1 else head_cues
            else:
                cues = head_cues | tail_cues
            if fact == "sponsors_h1b" and STEP3_RX.search(clause) and re.search(
                    r"\b(?:not|n't)\s+(?:be\s+)?(?:a\s+)?(?:require|required|requirement|need|needed|necessary)\b", clause,
                    re.IGNORECASE):
                continue                              # "Step 3 is not required for H-1B": the negation is Step 3's
            if _NEITHER.search(clause):
                decided: tuple[str, str] | None = ("no", "visa.neither_nor")
            elif _STOPPED.search(clause):
                decided = ("no", "visa.stopped")
            elif fact == "sponsors_h1b" and _TRANSFER.search(clause) and not _NEW.search(clause):
                if not _ONLY.search(clause):
                    continue                          # "H-1B holders may transfer": says nothing of new sponsorship
                decided = ("no", "visa.transfer_only")
            else:
                decided = _value_from_cues(cues)
            if fact == "sponsors_h1b" and decided and decided[0] != "no" and _H1B_HOLDERS.search(clause) \
                    and not re.search(r"\bsponsor|\bpetition|\bfile", clause, re.IGNORECASE):
                continue                              # "H-1B holders are welcome to apply": a visa already held
            if decided is None:                       # this mention says nothing ("the new H-1B fee")
                continue
            if fact in seen and {seen[fact][0], decided[0]} == {"yes", "possible"}:
                seen[fact] = ("possible", "visa.conditional")     # "accepted; H-1B depends on funding"
            elif fact in seen and seen[fact][0] != decided[0]:
                seen[fact] = ("", "")                 # two values; the same value by two rules stands
            else:
                seen[fact] = decided
    for fact, (value, rule) in seen.items():
        if value:
            yield Proposal(fact, value, unit.quote, rule)
    # "J-1 only" says the other visa is not sponsored, when the sentence does not speak of it
    for fact, other in (("sponsors_j1", "sponsors_h1b"), ("sponsors_h1b", "sponsors_j1")):
        if seen.get(fact, ("", ""))[1] == "visa.only" and other not in seen:
            yield Proposal(other, "no", unit.quote, "visa.only_other")
    if not seen and not (_J1.search(text) or H1B_RX.search(text)):
        refused = _GENERIC_NO.search(text) or _REFUSES_SPONSORSHIP.search(text)
        if (refused or _CITIZENS_ONLY.search(text)) and not _OTHER_VISAS.search(text):
            rule = "visa.none_sponsored" if refused else "visa.citizens_only"
            if not re.search(r"\bor\b[^.]{0,30}\bvisa", text, re.IGNORECASE) or rule == "visa.none_sponsored":
                yield Proposal("sponsors_j1", "no", unit.quote, rule)
                yield Proposal("sponsors_h1b", "no", unit.quote, rule)


