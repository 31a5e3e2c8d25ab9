"""Screen rules for a pasted eligibility page: Step 2 CK minimum, attempts, years since graduation, USCE and its
months, the ECFMG deadline and Step 3 for H-1B. Each reads the sentence clause by clause where a hedge or another
subject in one clause must not hide (or fake) the fact in another.

    SCREEN_RULES: the rule functions, each unit -> Proposal, ...
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from .paste import Unit
from .proposal import Proposal
from .proposal import rx as _rx
from .visa_rules import H1B_RX, STEP3_RX

_HEDGE = _rx(r"\bprefer|\baverage|\bmean\b|\bmedian\b|\btypical|\bcompetitive\b|\brecommend|\bsuccessful\b|"
             r"\bmatched\b|\bideal|\bencourag|\bstrong(?:ly)?\b|\bhelpful\b|\badvantage|\bplus\b|\bdesir|\busually\b|"
             r"\bgenerally\b|\brarely\b|\bseldom\b|\b(?:un)?likely\b|\bexceptions? (?:may|can|will|are)\b|\bmay be (?:waived|made)\b|"
             r"\bindividual basis\b|case[\s-]by[\s-]case|\bpending\b|\bconditional|\bhistorically\b|\bin the past\b|\bhave had\b|\bstand out\b|\bfavou?r|"
             r"\bstrengthen|\benhance")
_STEP2 = _rx(r"\bStep\s?2(?:\s?CK)?\b|\bS2\s?CK\b|\bStep\s?II(?:\s?CK)?\b")
_STEP1 = _rx(r"\bStep\s?1\b|\bStep\s?I\b(?!I)|\bCOMLEX\b|\bLevel\s?[123]\b|\bStep\s?3\b")
_SCORE = re.compile(r"(?<![0-9.])(1[89][0-9]|2[0-9][0-9]|300)(?![0-9%]|\.[0-9])")
_MIN_WORDS = _rx(r"\bminimum\b|\bat least\b|\bor (?:higher|above|greater|more|better)\b|\bcut[\s-]?offs?\b|"
                 r"\bno (?:less|lower) than\b|>=|≥|\bthreshold\b|\brequired\b|\bmust\b|\bneed|\babove\b|"
                 r"\bgreater than\b|\bminimal\b|\bmin\b|\bbelow\b|\bunder\b|\bless than\b|(?<=[0-9])\+")
_NO_MINIMUM = _rx(r"\bno\s+(?:(?:hard|strict|firm|set|specific|absolute|formal)\s+)?(?:minimum|min\.?|cut[\s-]?offs?|score\s+(?:minimum|cut[\s-]?offs?|requirements?|"
                  r"thresholds?)|(?:USMLE\s+)?(?:Step\s?2(?:\s?CK)?)?\s*(?:score\s+)?(?:minimum|cut[\s-]?offs?|threshold))|"
                  r"\b(?:(?:do|does|will)\s*(?:not|n't)|no longer)\s+(?:have|use|set|require|apply|impose)\s+(?:a|any)?\s*"
                  r"(?:specific\s+|minimum\s+|set\s+|firm\s+|hard\s+|strict\s+)?(?:USMLE\s+)?(?:Step\s?2(?:\s?CK)?\s+)?(?:minimum|cut[\s-]?off|score\s+"
                  r"cut[\s-]?off|score\s+minimum|score\s+threshold|threshold)|\bminimum\b[^.]{0,30}\b(?:none|not required)\b|"
                  r"\b(?:do|does)\s*(?:not|n't) (?:screen|filter)\b[^.]{0,30}\b(?:Step\s?2|scores?|USMLE)")
_STEP1_ONLY = _rx(r"\bStep\s?1\b")


_FOR_US_GRADUATES = _rx(r"\b(?:for|of) (?:US|U\.S\.|United States|American|LCME|allopathic)\b[\w\s.-]{0,15}\b(?:graduates|"
                        r"seniors|students|applicants)\b|\bAMGs?\b")
_OUTCOMES = _rx(r"\b(?:most|many|our|successful|interviewed|matched|past|recent)\b[^.;]{0,25}\b(?:applicants|candidates|"
                r"residents|interviewees)\b[^.;]{0,30}\b(?:scored?|had|(?<!must )(?<!should )have|averag|pass)|\bour (?:residents|graduates|"
                r"alumni)\b|\bpass rate\b")


_UNIT_HEDGE = _rx(r"\bexceptions? (?:may|can|will|are|is)\b|\bmay be (?:waived|made|considered)\b|\bwaive|"
                  r"case[\s-]by[\s-]case|\bindividual basis\b|\bunless\b|\bconditional|\bpending\b")


def _scoped(text: str) -> str:
    """The text without its clauses that only hedge ('240+ (competitive)', 'with 6 months preferred'), speak of US
    graduates, or of how past applicants did: a hedge in one clause does not make another unclear. A clause that
    states the fact and hedges it is dropped with it, so the fact is not proposed."""
    if _UNIT_HEDGE.search(text):
        return ""                                     # "exceptions may be made": the whole statement is soft
    kept = []
    protected = re.sub(r"\([^()]*\)", lambda m: m[0].replace(",", "\x1f"), text)   # no split inside (…)
    for clause in (c.replace("\x1f", ",") for c in re.split(r";|\bbut\b|,\s+|\band (?=(?:\w+ )?(?:prefer|recommend|"
                                                               r"encourag))", protected)):
        if not clause.strip():
            continue
        if (_HEDGE.search(clause) and len(clause.split()) >= 2) or _FOR_US_GRADUATES.search(clause) \
                or _OUTCOMES.search(clause):
            continue
        kept.append(clause.strip())
    return ", ".join(kept)


# The USMLE's own pass mark is no program minimum; a score that earns an early invitation is no screen.
_NOT_A_SCREEN = _rx(r"\bpass(?:ing)? (?:score|mark|standard|threshold)\b|\bpassing\b[^.;]{0,20}\bis\s+[0-9]|\binvit|"
                    r"\binterview(?:ed)? early\b|\bguaranteed\b")


def _step2_min(unit: Unit) -> Iterator[Proposal]:
    text = _scoped(unit.text)
    if _NO_MINIMUM.search(text):
        if _STEP1_ONLY.search(text) and not _STEP2.search(text):
            return
        if not _HEDGE.search(text) and not _SCORE.search(text):
            yield Proposal("step2_min", "none", unit.quote, "step2.no_minimum")
        return
    mention = _STEP2.search(text)
    if not mention or _HEDGE.search(text) or not _MIN_WORDS.search(text) or _NOT_A_SCREEN.search(text):
        return
    after = text[mention.end():mention.end() + 70]
    blocker = _STEP1.search(after)
    window = after[:blocker.start()] if blocker else after
    scores = _SCORE.findall(window)
    if not scores:
        before = re.split(r";|(?<=[a-z0-9)])\.\s", text[max(0, mention.start() - 50):mention.start()])[-1]
        blocker = None
        for blocker in _STEP1.finditer(before):
            pass
        scores = [] if blocker else _SCORE.findall(before)   # "Step 1 minimum 220, Step 2 CK required": Step 1's
    if len(set(scores)) == 1:
        yield Proposal("step2_min", scores[0], unit.quote, "step2.minimum")


_USMLE = _rx(r"\bUSMLE\b|\bStep\s?[123]\b|\bboards?\b|\bexam(?:ination)?s?\b|\bCOMLEX\b|\blicensing\b")
_FIRST_ATTEMPT = _rx(r"\bno (?:USMLE |exam |board )?(?:failures?|failed attempts?)\b|\bwithout (?:any )?(?:failed "
                     r"attempts?|failures?)\b|\b(?:not|n't|unable to|cannot)\s+(?:be\s+)?(?:accept|consider)\w*\b[^.]{0,40}\bfail|"
                     r"\b(?:not|n't|unable to|cannot)\s+(?:be\s+)?(?:accept|consider)\w*\s+(?:multiple|repeated|several) "
                     r"(?:USMLE |exam )?attempts\b|\bfail\w*\b"
                     r"[^.]{0,50}\b(?:not|n't)\s+(?:be\s+)?(?:accepted|considered|eligible|apply)|\bfirst[\s-]attempt (?:pass )?(?:policy|rule)\b|\b(?:no more than|only|limited to|"
                     r"maximum of) (?:one|1|a single) attempt\b|\bmore than (?:one|1) attempt\b[^.]*\bnot\b|\bmultiple "
                     r"attempts\b[^.]{0,30}\bnot\b|\battempts? (?:allowed|permitted)\s*:?\s*(?:1|one)\b|\b(?:maximum|max\.?) "
                     r"(?:number of )?attempts\b[^0-9.]{0,15}\b(?:1|one)\b")
_FIRST_TRY = _rx(r"\b(?:first|1st)[\s-](?:attempt|time|try|sitting)|\bonly (?:single|one)[\s-]attempt pass")
_PASS_REQUIRED = _rx(r"\bpass|\brequire|\bmust\b|\bonly\b|\bminimum\b|≥|>=|\bat least\b")
_ONE_FAIL = _rx(r"\b(?:one|1|a single) (?:USMLE )?(?:fail|failure|failed attempt) (?:is )?(?:OK|okay|fine)\b|\battempts? (?:allowed|permitted)\s*:?\s*(?:2|two)\b|\b(?:maximum|max\.?) (?:number of )?attempts\b"
                r"[^0-9.]{0,15}\b(?:2|two)\b|\bup to (?:one|1) fail|\b(?:one|a single|1) (?:failed attempt|failure|fail)\b(?![^.]*\bnot\b)[^.]{0,30}\b(?:allowed|accepted|permitted|considered)|\b(?:accept|consider)\w*\b[^.]{0,30}\b(?:one|a single|1) (?:failed attempt|failure|fail)\b|\bno more than (?:one|1) (?:failed attempt|failure|fail)\b|\b(?:maximum|max\.?) of (?:two|2) attempts\b|"
                r"\bno more than (?:two|2) attempts\b|\b(?:one|1|a single) (?:failed attempt|failure|fail) (?:is |will be |may be )?"
                r"(?:allowed|accepted|permitted|considered)|\bat most (?:one|1) fail|\b(?:two|2) attempts (?:is|are) "
                r"(?:allowed|accepted|permitted)")
_ANY_ATTEMPTS = _rx(r"\bwill not automatically (?:exclude|disqualify)|\bnot (?:an )?automatic(?:ally)? (?:exclu|disqualif)|\bregardless of (?:the )?(?:number of )?attempts\b|\bmultiple attempts (?:are|will be|may be) "
                    r"(?:considered|accepted)|\bfailures? (?:is|are) not (?:an )?automatic(?:ally)? (?:exclusion|"
                    r"disqualif|exclude)|\bno (?:limit|restriction)s? on (?:the number of )?(?:USMLE |exam |board )?attempts\b|\b(?:do|does)\s*(?:not|n't) (?:consider|count|look at) the number of attempts|\bany number "
                    r"of attempts\b|\bnot require (?:a )?first[\s-](?:attempt|time)|\bfirst[\s-]attempt pass(?:es)? (?:is|are) "
                    r"not required|\bapplicants with (?:multiple|prior|previous) (?:attempts|failures) (?:are|will be) "
                    r"considered")


_N = r"(1|2|3|4|one|two|three|four|a single|once|twice)"
_FAIL_WORD = r"(?:USMLE |exam |board |Step )?(?:failures?|failed (?:USMLE |exam )?attempts?|fails?|re-?takes?|attempt failures?|failed (?:USMLE )?(?:Steps?|exams?))"
_EXCLUDED = r"[^.;]{0,60}\b(?:not|n't|ineligible|excluded|disqualif\w*|never|reject\w*|preclud\w*|screened out|filtered out)\b"
# (pattern, failures allowed given the number it captures)
_FAILURE_COUNTS: tuple[tuple[re.Pattern[str], Callable[[int], int]], ...] = (
    (_rx(r"\bmore than " + _N + r" " + _FAIL_WORD + _EXCLUDED), lambda n: n),
    (_rx(r"\b" + _N + r" or more " + _FAIL_WORD + _EXCLUDED), lambda n: n - 1),
    (_rx(r"\bmore than " + _N + r" attempts?\b" + _EXCLUDED), lambda n: n - 1),
    (_rx(r"\brequired more than " + _N + r" attempts?\b"), lambda n: n - 1),
    (_rx(r"\b" + _N + r" or more attempts?\b" + _EXCLUDED), lambda n: n - 2),
    (_rx(r"\b(?:in|within) no more than " + _N + r" (?:sittings?|tries|times)\b|\b" + _N + r" (?:attempts?|sittings?|tries) "
         r"(?:maximum|max\.?|at most)\b"), lambda n: n - 1),
    (_rx(r"\b(?:no more than|maximum of|max(?:imum)?\.?|up to|at most|limited to|within) " + _N + r" attempts?\b(?!\s+failures?)"),
     lambda n: n - 1),
    (_rx(r"\b(?:no more than|up to|at most|maximum(?: of)?) " + _N + r" " + _FAIL_WORD), lambda n: n),
    (_rx(r"(?<!failed )(?<!fail )\battempts?(?: allowed| permitted)?\s*[:=]\s*(?:≤|<=)?\s*" + _N + r"\b"), lambda n: n - 1),
    (_rx(r"\b(?:failed attempts?|failures?|fails?)(?: allowed| permitted| accepted)?\s*(?:[:=]\s*(?:≤|<=|=<)?|≤|<=|=<)\s*" + _N +
         r"\b"), lambda n: n),
    (_rx(r"\b(?:limit|cap|maximum|max\.?)\s*:\s*" + _N + r"\s+(?:USMLE\s+)?attempts\b"), lambda n: n - 1),
    (_rx(r"\b(?:accepts?|allows?|permits?|considers?|tolerates?)\s+no\s+(?:USMLE\s+|exam\s+)?(?:failures|failed attempts|re-?takes|"
         r"repeat attempts)\b"), lambda n: 0),
    (_rx(r"^\W*(two|three|2|3)\s+" + _FAIL_WORD + r"\b[^.;]{0,40}\b(?:disqualif\w*|exclu\w*|ineligible|reject\w*|screened out)"),
     lambda n: n - 1),
    (_rx(r"\b(?:must|should|may|can)\s*(?:not|never|n't)\s+have\s+(?:any|a)\b[^.;]{0,40}\bfail"), lambda n: 0),
    (_rx(r"^\W*" + _N + r" attempts? only\b|\bone attempt only\b"), lambda n: n - 1),
    (_rx(r"\b(?:one|a single|1) " + _FAIL_WORD + r"\b(?![^.;]*\bnot\b)[^.;]{0,40}\b(?:acceptable|allowed|accepted|"
         r"permitted|considered)"), lambda n: 1),
    (_rx(r"\b(?:accept|consider)\w*\b[^.;]{0,40}\bfailed\b[^.;]{0,30}\bonce\b"), lambda n: 1),
    (_rx(r"^(?!.*\b(?:not|n't|never)\b).*\b(?:allow|permit)s?\b[^.;]{0,20}\b(?:one|a single|1) (?:USMLE |exam |board )?"
         r"(?:failure|failed attempt|fail)\b"), lambda n: 1),
    (_rx(r"^(?!.*\b(?:not|n't|never)\b).*\b(?:accept|consider)\w*\b[^.;]{0,30}\b(?:one|a single|1) (?:USMLE |exam |board )?"
         r"(?:failure|failed attempt|fail|re-?take)\b"), lambda n: 1),
    (_rx(r"\b(?:a|any) (?:failed (?:USMLE |exam )?(?:attempts?|Steps?|exams?)|(?:USMLE |exam )?failures?)\b(?![^.;]*\bnot\b)[^.;]{0,30}"
         r"\b(?:will |would )?(?:disqualif|(?:an )?automatic(?:ally)? exclu|exclude|be screened out|reject|preclud|(?:is )?grounds for)"), lambda n: 0),
    (_rx(r"\b(?:not|n't|never)\s+(?:be\s+)?(?:consider|accept|interview|rank|review)\w*\s+(?:applicants|candidates|anyone|"
         r"those|IMGs)\s+(?:with|who (?:have|has)(?:\s+(?:had|needed|required|taken))?)\s+more than " + _N +
         r" (?:USMLE |exam )?attempts?\b"), lambda n: n - 1),
    (_rx(r"\b(?:not|n't|never)\s+(?:be\s+)?(?:consider|accept|interview|rank|review)\w*\s+(?:applicants|candidates|anyone|"
         r"those|IMGs)\s+(?:with|who (?:have|has)(?:\s+(?:had|needed|required|taken))?)\s+more than " + _N + r" " +
         _FAIL_WORD + r"\b"), lambda n: n),
    (_rx(r"\b(?:not|n't|never)\s+(?:be\s+)?(?:accept|consider|allow|permit)\w*\s+more than " + _N + r" (?:USMLE |exam )?"
         r"attempts?\b"), lambda n: n - 1),
    (_rx(r"\b(?:must|should|may|can)\s*(?:not|never|n't)\s+have\s+(?:had\s+)?more than " + _N + r" (?:USMLE |exam )?"
         r"attempts?\b"), lambda n: n - 1),
    (_rx(r"\b(?:must|should|may|can)\s*(?:not|never|n't)\s+have\s+(?:had\s+)?more than " + _N + r" " + _FAIL_WORD + r"\b"),
     lambda n: n),
    (_rx(r"^\W*(?:USMLE\s+)?(?:failures?|failed attempts?|re-?takes?|repeat(?:ed)? attempts?)\s*(?:\(s\))?\s*:\s*(?:not (?:accepted|"
         r"allowed|permitted|considered)|none(?: accepted| allowed| permitted)?|no|0|zero)\b"), lambda n: 0),
    (_rx(r"^(?!.*\b(?:not|n't|never)\b).*\b(?:allow|permit|accept)s?\s+(?:up to\s+)?" + _N + r" (?:USMLE |exam )?attempts\b"),
     lambda n: n - 1),
    (_rx(r"\bfailed\b[^.;]{0,40}\bmore than once\b" + _EXCLUDED), lambda n: 1),
    (_rx(r"\b(?:not|n't|never)\b[^.;]{0,40}\bfailed\b[^.;]{0,30}\b(?:twice|two times)\b|\bfailed\b[^.;]{0,30}\b(?:twice|two times)\b" +
         _EXCLUDED), lambda n: 1),
    (_rx(r"\b(?:taken|took|sat for|attempted|take)\b[^.;]{0,40}\bmore than (once|twice)\b" + _EXCLUDED + r"|\b(?:not|n't|"
         r"never)\b[^.;]{0,20}\b(?:taken|took|sat for|attempted|take)\b[^.;]{0,40}\bmore than (once|twice)\b"),
     lambda n: n - 1),
    (_rx(r"\bmultiple (?:USMLE |exam )?attempts\b[^.;]{0,30}\b(?:not|n't|ineligible|disqualif\w*|exclu\w*)\b"), lambda n: 0),
    (_rx(r"\b(?:in|on|with) (?:a single|one) attempt\b"), lambda n: 0),
    (_rx(r"\battempts?\b[^.;]{0,20}\b(?:must|may|should|can) ?(?:not|n't) exceed " + _N + r"\b"), lambda n: n - 1),
    (_rx(r"\b(?:who )?(?:have |has )?failed (?:any|a|an) (?:part|step|portion|exam|examination|USMLE)\b(?![^.;]*\b(?:more "
         r"than once|twice)\b)" + _EXCLUDED),
     lambda n: 0),
    (_rx(r"\bmultiple (?:USMLE |exam )?(?:failures|failed attempts)\b" + _EXCLUDED), lambda n: 1),
    (_rx(r"\b(?:taken|take|took|attempted)\b[^.;]{0,40}\b(?:no more than|at most) (once|twice)\b"), lambda n: n - 1),
    (_rx(r"\b(?:any|all) " + _FAIL_WORD + _EXCLUDED + r"|(?<!than one )(?<!than 1 )(?<!than two )(?<!than 2 )(?<!or more )\b" + _FAIL_WORD + r" on any (?:part|step|exam)\b" +
         _EXCLUDED + r"|^\W*(?:[\w ]{1,30}:\s*)?(?:no|zero|0) (?:[\w/]+ ){0,2}(?:fails|failures|failed attempts)\b"), lambda n: 0),
    (_rx(r"(?:≤|<=|=<)\s*" + _N + r"\s+(?:USMLE\s+|exam\s+)?attempts?\b"), lambda n: n - 1),
    (_rx(r"(?:≤|<=|=<)\s*" + _N + r"\s+" + _FAIL_WORD + r"\b"), lambda n: n),
    (_rx(r"\bfailed\b[^.;]{0,10}\bmore than " + _N + r" (?:USMLE\s+|board\s+)?(?:exams?|examinations?|Steps?|parts?)\b" +
         _EXCLUDED), lambda n: n),
    (_rx(r"\battempts?\b[^.;:]{0,40}:\s*" + _N + r"\s*(?:max(?:imum)?|at most|or fewer|or less)\b"), lambda n: n - 1),
    (_rx(r"\b(?:must|should|may|can)\s*(?:not|never|n't)\s+have\s+(?:any\s+)?(?:USMLE\s+|exam\s+)?(?:failed|failures?)\b|\bno history of (?:[\w/]+ )?"
         r"(?:failures?|failed attempts?)\b|\bonly (?:consider|accept)\w* (?:applicants|candidates) without (?:any )?"
         r"(?:[\w/]+ )?(?:failures|failed attempts)\b"), lambda n: 0),
)
_ATTEMPTS_ANY = _rx(r"\bno (?:USMLE )?attempts? (?:limit|restriction|cap)s?\b|\bno (?:limit|cap|maximum|max\.?|restriction)s?(?: on)? (?:the )?"
                    r"(?:number of )?(?:USMLE |exam )?attempts\b|\b(?:re-?takes?|failures?|failed attempts?)\s*(?:(?:are|is)\s+)?(?:OK|okay|"
                    r"fine)\b|\bno penalty\b[^.;]{0,30}\b(?:re-?takes?|failures?|"
                    r"attempts?)|\b(?:attempts?|failures?|re-?takes?)\b[^.;]{0,20}\b(?:do|does|will)\s*(?:not|n't)\s+(?:factor|count|"
                    r"matter|play a role)\b|\bnumber of (?:USMLE )?attempts\s*[:|]?\s*(?:is\s+)?not (?:considered|a factor|limited|"
                    r"restricted)\b|\b(?:do|does|will)\s*(?:not|n't)\s+require\b[^.;,]{0,40}"
                    r"\b(?:on|in|at) (?:the|their|your) first (?:attempt|try|sitting)\b|\b(?:more than (?:one|1)|multiple|repeated|several) "
                    r"(?:USMLE |exam )?attempts?\b[^.;]{0,40}\b(?:is|are|will be) (?:acceptable|accepted|considered|eligible|welcome)\b|"
                    r"\bwelcome\w*\b[^.;]{0,30}\b(?:applicants|candidates|those)\b[^.;]{0,30}\b(?:failures?|failed|more than (?:one|1) "
                    r"attempt|multiple attempts|re-?takes?)|\b(?:applicants|candidates|those) who (?:have )?(?:needed|required|taken|took|"
                    r"had)\s+(?:more than (?:one|1)|multiple|several|repeated) (?:USMLE |exam )?attempts?\b[^.;]{0,40}\b(?:are|is|remain) "
                    r"(?:eligible|welcome|considered)|\battempts?\b[^.;?]{0,40}\?\s*(?:there is |we have )?no "
                    r"(?:set |fixed |firm )?(?:limit|maximum|cap)\b|\bwho (?:have )?failed\b(?![^.;]*\b(?:not|n't|"
                    r"never|ineligible)\b)[^.;]{0,40}\b(?:are|remain) eligible\b|\b(?:applicants with )?(?:previous |prior )?(?:USMLE )?(?:failures?|failed attempts?|failing (?:scores|grades|results)|multiple "
                    r"attempts|repeat(?:ed)? (?:USMLE |exam )?attempts|re-?takes)\b[^.;]{0,40}\b(?:will be|are|is)\s+(?:considered|acceptable|"
                    r"accepted|eligible|OK|okay|fine|allowed|permitted)\b|"
                    r"\b(?:failures?|attempts?|failed (?:USMLE )?(?:Steps?|exams?))\b[^.;]{0,40}\b(?:do|does|will) not (?:exclude|disqualify|prevent|preclude)|"
                    r"\b(?:do|does|will) not (?:exclude|disqualify)\b[^.;]{0,40}\b(?:failures?|attempts?)|"
                    r"\battempts? (?:are|is) not (?:a factor|considered|limited|restricted|capped)\b|\bregardless of (?:the number of )?(?:USMLE |exam )?"
                    r"attempts\b|\b(?:do|does)\s*(?:not|n't) screen (?:out )?(?:applicants )?(?:on|by|for|based on) (?:the number of )?(?:USMLE )?attempts|"
                    r"\bno first[\s-]attempt (?:pass )?requirement\b|\b(?:do|does|will)\s*(?:not|n't)\s+(?:have|impose|set|use)\s+(?:a|any)\s+"
                    r"first[\s-](?:attempt|time)\s+(?:pass\s+)?(?:requirement|rule|policy)\b|"
                    r"\bunlimited attempts\b|\bfailures? (?:is|are) not disqualifying\b|\bnot disqualifying\b|\bno (?:restriction|limit)s? on (?:year of graduation or )?(?:the )?number of "
                    r"attempts|\bbut (?:do|does|will) not exclude them\b|\battempts?\b[^.;]{0,20}\b(?:is|are) not (?:used as )?"
                    r"(?:a |an )?(?:screening )?(?:criterion|criteria|factor|screen)\b|\b(?:do|does) not (?:have|set|impose) (?:a|any) "
                    r"(?:limit|restriction|cap)s? on (?:the number of )?(?:USMLE )?attempts\b")
_ACCEPT_FAILURES = _rx(r"\b(?:accept|consider)\w*\b[^.;]{0,20}\b(?:applicants|candidates) with (?:(?:USMLE |prior |previous )?"
                       r"(?:USMLE |exam )?(?:failures|failed attempts)|(?:multiple|repeated|more than (?:one|1)) (?:USMLE |exam )?attempts?)\b|"
                       r"\b(?:applicants|candidates) with (?:prior |previous )?(?:USMLE |exam )?(?:failures|failed attempts|"
                       r"multiple attempts)\b[^.;]{0,20}\b(?:are|is) welcome\b")
_NOT_APPLICANTS = _rx(r"\bpass rate\b|\bour (?:residents|graduates|alumni|fellows|interns)\b|^\W*(?:the\s+)?(?:ECFMG|USMLE|NBME|FSMB|"
                      r"NRMP|(?:\w+\s+)?(?:state\s+)?(?:medical\s+)?board|Medical Board of \w+|California)\s+(?:itself\s+)?"
                      r"(?:allows?|permits?|limits?|restricts?|caps?|sets?|requires?|does|has)\b")


def _in_question(text: str, position: int) -> bool:
    """A question is not a claim: 'Will a USMLE failure disqualify me? Each application is reviewed...'."""
    end = re.search(r"[.!?]", text[position:])
    return end is not None and end[0] == "?"


# "Multiple attempts do not exclude applicants": an exclusion denied is no limit.
_NOT_EXCLUDED = _rx(r"\b(?:do|does|will|would|did|wo)\s*(?:not|n't)\s+(?:automatically\s+|necessarily\s+)?(?:exclude|disqualify|affect|"
                    r"preclude|prevent|rule (?:\w+ )?out|bar|eliminate|penali[sz]e|count against|hold (?:it )?against)|"
                    r"\b(?:is|are|will|would|wo)\s*(?:not|n't)\s+(?:be\s+)?(?:automatically\s+|necessarily\s+)?(?:held against|"
                    r"counted against|penali[sz]ed|screened out|ruled out|rejected|a bar)\b|"
                    r"\bnot (?:an? )?(?:automatic(?:ally)?\s+)?(?:disqualif|exclu|reject)\w*|\bregardless of\b|"
                    r"\bnot an? (?:barrier|bar|obstacle)\b|\b(?:do|does|will|would)\s*(?:not|n't) (?:make|render) (?:\w+ ){0,2}"
                    r"(?:ineligible|unable)|\b(?:do|does|will|would)\s*(?:not|n't) rule (?:\w+ ){0,2}out\b")


_SINGLE_FAILURE = _rx(r"\b(?:one|a single|1|single)\s+(?:USMLE\s+|exam\s+|board\s+|Step\s+\w+\s+)?(?:failures?|failed attempts?|fails?|"
                      r"failing (?:scores?|attempts?)|re-?takes?|attempt failures?)\b")
_FAIL_OR_ATTEMPT = _rx(r"\bfail|\battempt|\bre-?take|\brepeat")


# "The first attempt at Step 2 CK must be made by September 1", "first-attempt scores are reported": the attempt
# itself, not a rule that it be passed.
_ATTEMPT_AS_THING = _rx(r"\b(?:the|your|their|a|an)\s+(?:first|1st)[\s-](?:attempt|sitting|try)\s+(?:at|of|on)\b|"
                        r"\b(?:first|1st)[\s-]attempt\s+(?:scores?|results?|dates?|deadlines?|windows?)\b(?![^.;]{0,25}(?:≥|>=|\bminimum\b|\bat least\b|"
                        r"\bor (?:higher|above|better)\b|\brequired\b|\bmust\b))")


def _first_attempt_rule(text: str) -> bool:
    """Whether one clause asks for a first-attempt pass: the first attempt and what it must do in the same clause."""
    return any(_FIRST_TRY.search(c) and _PASS_REQUIRED.search(c) and not _ATTEMPT_AS_THING.search(c)
               for c in re.split(r"[.;]\s+|[.;]$", text))


# "Step 1 failures are not accepted; Step 2 CK retakes are considered": one exam's failures welcome, another's not.
_FAILURES_WELCOME = _rx(r"\b(?:failures?|re-?takes?|failed attempts?|repeat attempts?)\b(?![^.;]*\b(?:not|n't|never)\b)[^.;]{0,30}"
                        r"\b(?:are|is|will be|may be)\s+(?:considered|accepted|acceptable|allowed|permitted|eligible|welcome)\b")


_WHO_FAILED_WELCOME = _rx(r"\bwho (?:have |has )?(?:failed|retaken|repeated)\b(?![^.;]*\b(?:not|n't|never|ineligible|unable|cannot)\b)"
                         r"[^.;]{0,60}\b(?:are|remain|will be|is)\s+(?:eligible|considered|welcome)\b(?!\s+to\s+(?!apply\b))")


def _excluded_elsewhere(text: str) -> bool:
    """Whether a clause that does not accept failures excludes them ('Step 1 failures are not accepted; Step 2 CK
    retakes are considered': no one rule for the applicant)."""
    return any((_FIRST_ATTEMPT.search(c) or (_ANY_FAILURE.search(c) and _EXCLUDES.search(c))) and not _ATTEMPTS_ANY.search(c)
               and not _HEDGE.search(c) for c in re.split(r"[.;]\s*|\bbut\b", text))


def _hedged_denial(text: str) -> bool:
    """A hedge in the clause that denies the exclusion ('failures are generally not disqualifying'), not in another
    ('... do not rule you out, and we encourage you to explain a failure')."""
    return any(_HEDGE.search(c) for c in re.split(r"[.;]\s*|\bbut\b|,\s+and\b", text)
               if _NOT_EXCLUDED.search(c) and _FAIL_OR_ATTEMPT.search(c))


def _denied_exclusion(text: str) -> str | None:
    """What a denied exclusion allows: 'a USMLE failure will not automatically disqualify you' = any, 'a single failure
    will not exclude an applicant; two or more will' = one failure. 'mixed' when another clause sets a first-attempt
    rule or a count the denial does not settle; None when no clause denies that failures exclude."""
    clauses = [c for c in re.split(r"[.;]\s*|\bbut\b", text) if c.strip()]
    denied = [c for c in clauses if _NOT_EXCLUDED.search(c) and _FAIL_OR_ATTEMPT.search(c)]
    if not denied:
        return None
    if any(_FIRST_TRY.search(c) or _FIRST_ATTEMPT.search(c) for c in clauses if c not in denied):
        return "mixed"
    if any(_SINGLE_FAILURE.search(c) and not re.search(r"\bmultiple\b|\bseveral\b|\bany number\b", c, re.IGNORECASE)
           for c in denied):
        return "one_fail_allowed"
    if any(re.search(r"\bmore than\b|\bor more\b|\bsecond\b", c, re.IGNORECASE)
           and not re.search(r"\b(?:accept|consider|welcome|allow|permit|eligible)", c, re.IGNORECASE) for c in clauses):
        return "mixed"
    return "any"


def _failures_allowed(text: str) -> set[int]:
    found: set[int] = set()
    if _NOT_EXCLUDED.search(text):
        return found
    for pattern, allowed in _FAILURE_COUNTS:
        for match in pattern.finditer(text):
            if _in_question(text, match.start()):
                continue
            number = next((g for g in match.groups() if g), "1")
            word = number.lower()
            count = int(word) if word.isdigit() else {"one": 1, "two": 2, "three": 3, "four": 4, "a single": 1, "once": 1,
                                                      "twice": 2}[word]
            found.add(allowed(count))
    return found


# Step 3 taken during residency, or a rule for applicants who graduated in some years only: not the attempts screen.
_IN_RESIDENCY = _rx(r"\bduring (?:residency|training|the intern year|PGY-?[0-9])|\bby the end of (?:the )?(?:PGY|intern)|"
                    r"\bresidents must\b")
_ONLY_STEP3 = _rx(r"^(?!.*\b(?:Step\s?[12]|Steps|all steps|each step|any step|USMLE (?:exams|steps)|COMLEX)\b).*\bStep\s?3\b")
_SUBGROUP = _rx(r"\bwho (?:have )?graduated\b|\bgraduated (?:before|after|prior to|in)\b|\bgraduates (?:before|after|of) "
                r"(?:19|20)[0-9]{2}\b")
# "Applicants who failed Step 1 but passed Step 2 CK on the first attempt will be considered": a failure is accepted.
_FAILED_CONSIDERED = _rx(r"\bwho (?:have |has )?failed\b(?![^.;]*\b(?:not|n't|never)\b)[^.;]{0,80}\b(?:will be|are|is)\s+"
                         r"(?:considered|eligible|accepted)|^(?![^.;]*\b(?:not|n't|never|ineligible|unable|cannot)\b)[^.;]*\b(?:applicants|"
                         r"candidates) with (?:a |one |prior |previous )?(?:USMLE )?(?:failures?|failed attempts?)\b")
# "A second failure on any Step is disqualifying": the ordinal names the failure that excludes.
_ORDINAL_FAILURE = _rx(r"\b(second|third|2nd|3rd) (?:USMLE )?(failure|failed attempt|attempt)\b[^.;]{0,40}\b(?:disqualif|"
                       r"not|n't|ineligible|exclu)")


# Tests and grades that are not the USMLE: their failures are no USMLE attempts.
_OTHER_TEST = _rx(r"\b(?:OET|TOEFL|IELTS|MCAT|PLAB|MCCQE|NEET|English (?:language|proficiency)|medical school|courses?|"
                  r"clerkships?|grades? in)\b")
# A share of people is how they did, never the rule ("first-attempt pass: 85% of our interviewees").
_STATISTIC = _rx(r"[0-9]\s*%|\bpercent\b")
# "Not eligible: applicants with two or more failures" says the listed applicants are not eligible.
_EXCLUSION_LABEL = _rx(r"^\W*(?:not eligible|ineligible|not considered|will not be considered|excluded|exclusions?|"
                       r"disqualif\w*)\s*:\s*([^.;]+)")
# "may still apply" and "are still encouraged to apply" grant eligibility: a permission, not a hedge.
_MAY_APPLY = _rx(r"\s+(?:may|can) (?:still )?apply\b|\s+(?:are|is) (?:still )?(?:encouraged|welcome) to apply\b")


def _count_symbols(text: str) -> str:
    """'>1 failure', '2+ attempts', '≥2 attempts' in words, for the counting patterns."""
    counted = r"(?=\s*(?:USMLE\s+|exam\s+)?(?:attempts?|failures?|failed|fails?|re-?takes?)\b)"
    text = re.sub(r"(?<![0-9])>\s*([0-9])" + counted, r"more than \1", text)
    return re.sub(r"(?:≥|>=)\s*([0-9])" + counted + r"|\b([0-9])\s*\+" + counted,
                  lambda m: f"{m[1] or m[2]} or more", text)


def _attempts(unit: Unit) -> Iterator[Proposal]:
    # "acceptable if subsequently passed": every failure must be passed later, so this is no condition
    text = re.sub(r",?\s*\b(?:(?:even )?if|provided(?: that)?|as long as)\s+(?:(?:it|they|the (?:exam|step)s?)\s+(?:was|were|is|are|"
                  r"(?:has|have) been)\s+)?(?:subsequently|later|eventually) passed\b|,?\s*\beven if (?:they|it|the (?:exam|step)s?) (?:was |were |(?:has|have) been )?"
                  r"(?:subsequently|later|eventually) passed\b", "", unit.text, flags=re.IGNORECASE)
    # "no exceptions" is not an exception, and "by itself" does not soften "will not exclude"
    text = re.sub(r"[\s,;(—–-]*\b(?:with\s+)?(?:no exceptions?|without exceptions?)\b\)?", "", text, flags=re.IGNORECASE)
    text = re.sub(r",\s*(?:by|in) itself,|,\s*alone,|\s*\([0-9]\)|,?\s*\bif (?:taken|applicable)\b,?", "", text,
                  flags=re.IGNORECASE)                # "one (1) failure"; "Step 3, if taken," is no condition
    # a sentence about COMLEX only, or for DO applicants, is not the USMLE screen an IMG meets
    text = " ".join(c for c in re.split(r"(?<=[.;])\s+", text)
                    if not re.search(r"^\W*for (?:DO|osteopathic|US|AMG) (?:applicants|graduates|students)\b", c, re.IGNORECASE)
                    and not (re.search(r"\bCOMLEX\b|\bLevel\s?[123]", c, re.IGNORECASE)
                             and not re.search(r"\bUSMLE\b|\bStep\s?[123]", c, re.IGNORECASE))
                    and not _STATISTIC.search(c))
    text = _EXCLUSION_LABEL.sub(r"\1 are not eligible", text)
    text = _count_symbols(text)
    # "must not have had more than one failure" is a rule, not the program's history ("we have had residents who...")
    text = re.sub(r"\b((?:must|should|may|can)\s*(?:not|never|n't)\s+have) had\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\bif (they|you|the applicant|applicants) (have |has )?(?:ever )?(failed|fail)\b", r"when \1 \2\3", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"[‘’“”'\"]([A-Za-z]{2,12})[‘’“”'\"]", r"\1", text)      # a USMLE 'Fail'
    text = re.sub(r",?\s*\beven (?:if|when|though)\b[^,.;]*,?", "", text, flags=re.IGNORECASE)   # a concession, no condition
    text = re.sub(r",?\s*\bnot (?:just |merely |simply )?(?:a )?(?:preference|preferred)\b", "", text, flags=re.IGNORECASE)
    # "Failed a Step more than once? Unfortunately you will not be eligible.": the question names who is excluded
    text = re.sub(r"^\W*((?:failed|retaken|repeated|needed)\b[^?]{0,80})\?\s*(?:\w+,?\s+)?(?:you|then you) (?:will|would) not be "
                  r"(eligible|considered)\b", r"Applicants who \1 are not \2", text, flags=re.IGNORECASE)
    text = _MAY_APPLY.sub(" are eligible to apply", text)
    if _OTHER_TEST.search(text) and not re.search(r"\bUSMLE\b|\bStep\s?(?:[123]|I{1,3})\b|\bCOMLEX\b", text, re.IGNORECASE):
        return                                        # "no failures on the OET", "failing grades in medical school"
    if not _USMLE.search(text) and not re.search(r"attempt|fail|re-?take|repeat (?:test[\s-]?)?takers?|\bSteps?\b|\bfirst[\s-](?:try|time|sitting)\b", text,
                                                 re.IGNORECASE):
        return
    # failing a course, a rotation, or to do something is no exam failure
    kept = re.sub(r"\bfail(?:ed|s|ing)? to \w+|\bfail(?:ures?|ed)? (?:in|of) (?:[\w-]+ ){0,2}(?:courses?|rotations?|clerkships?|"
                  r"classes|subjects?|modules?|years?)\b", "", text, flags=re.IGNORECASE)
    if kept != text and not re.search(r"attempt|fail|re-?take|\bfirst[\s-](?:try|time|sitting)\b", kept, re.IGNORECASE):
        return
    if _NOT_APPLICANTS.search(text) or _IN_RESIDENCY.search(text) or _ONLY_STEP3.search(text) or _SUBGROUP.search(text):
        return                                        # "our residents' first-attempt pass rate is 100%"
    conditional = re.search(r"\bif\b|\bmay\b(?! have| not)|\bunless\b|\bexcept|certain circumstances|case[\s-]by[\s-]case|\bholistic",
                            text, re.IGNORECASE)
    if re.search(r"\bfirst[\s-](?:attempt|time|try)\b[^.;]{0,40}\b(?:is|are) (?:preferred,? (?:but )?)?not required\b", text,
                 re.IGNORECASE) and not _failures_allowed(text):
        yield Proposal("attempts", "any", unit.quote, "attempts.any")   # a preference that is "not required"
        return
    # "…, but applicants with more than two failures are rarely competitive": a hedge in its own clause
    text = re.sub(r",?\s*\bbut\b[^.;]*\b(?:competitive|preferred|stand out|advantage)\b[^.;]*", "", text, flags=re.IGNORECASE)
    hedged = _HEDGE.search(text) and not re.search(r"\bbut (?:do|does|will) not exclude", text, re.IGNORECASE)
    accepts = _ACCEPT_FAILURES.search(text) and not re.search(r"\b(?:not|n't|never)\b", text, re.IGNORECASE)
    if (denial := _denied_exclusion(text)) is not None:
        if denial != "mixed" and not conditional and not _hedged_denial(text):
            yield Proposal("attempts", denial, unit.quote, "attempts.not_excluded")
        return
    # "Applicants who failed Step 2 CK but later passed will be considered" (no first-attempt rule beside it)
    welcome = _WHO_FAILED_WELCOME.search(text) and not _FIRST_TRY.search(text)
    if (_ATTEMPTS_ANY.search(text) or accepts or welcome) and not _failures_allowed(text) and not conditional and not hedged \
            and not _excluded_elsewhere(text):
        yield Proposal("attempts", "any", unit.quote, "attempts.any")
        return
    # "a single failure may be considered" allows that one failure; "may" without a count stays a hedge
    may = r"\bmay\b(?! have| not| be (?:considered|accepted|acceptable)\b)" if _SINGLE_FAILURE.search(text) else r"\bmay\b(?! have| not)"
    if _HEDGE.search(text) or re.search(r"\bif\b|" + may + r"|\bunless\b|\bexcept", text, re.IGNORECASE):
        return
    allowed = _failures_allowed(text)
    if (ordinal := _ORDINAL_FAILURE.search(text)):
        nth = {"second": 2, "2nd": 2, "third": 3, "3rd": 3}[ordinal[1].lower()]
        allowed = {nth - 2 if ordinal[2].lower() == "attempt" else nth - 1}   # a second attempt follows one failure
    if allowed == {1} and _FIRST_TRY.search(text) and _PASS_REQUIRED.search(text):
        return                                        # a first-attempt rule beside a failure accepted: mixed
    if len(allowed) == 1 and (count := allowed.pop()) in (0, 1):
        if count == 0 and (_FAILED_CONSIDERED.search(text) or _FAILURES_WELCOME.search(text)):
            return
        value = "first_attempt_only" if count == 0 else "one_fail_allowed"
        yield Proposal("attempts", value, unit.quote, "attempts.failures_allowed")
    elif allowed:
        return                                        # two limits, or more than one failure: the page must be read
    elif _ANY_ATTEMPTS.search(text):
        yield Proposal("attempts", "any", unit.quote, "attempts.any")
    elif _ONE_FAIL.search(text):
        yield Proposal("attempts", "one_fail_allowed", unit.quote, "attempts.one_fail")
    elif _FAILED_CONSIDERED.search(text):
        return
    elif _FIRST_ATTEMPT.search(text) and not _FAILURES_WELCOME.search(text):
        yield Proposal("attempts", "first_attempt_only", unit.quote, "attempts.no_failures")
    elif _first_attempt_rule(text) and \
            not re.search(r"\b(?:not|n't)\s+(?:be\s+)?(?:require[ds]?|necessary|need(?:ed)?)\b", text, re.IGNORECASE):
        yield Proposal("attempts", "first_attempt_only", unit.quote, "attempts.first_attempt")
    elif (composed := _attempts_composed(text)) is not None and \
            not (composed == "first_attempt_only" and _FAILURES_WELCOME.search(text)):
        yield Proposal("attempts", composed, unit.quote, "attempts.composed")


_FAILURE_TERM = (r"(?:failures?|failed (?:USMLE |exam |Step \w+ )?attempts?|failing (?:USMLE |exam |Step \w+ )?(?:scores?|grades?|results?|attempts?)|unsuccessful (?:USMLE |exam )?attempts?|re-?takes?|"
                 r"repeat(?:ed)? attempts?|repeat (?:test[\s-]?)?takers?)")
_ANY_FAILURE = _rx(r"\b(?:any|a|an)\s+(?:[\w/]+\s+){0,2}?" + _FAILURE_TERM + r"\b|\bhistory of (?:a |any )?(?:USMLE |exam )?"
                   r"(?:failures?|failed attempts?|failing)\b|\b(?:a|any) (?:USMLE |exam |Step \w+ )?fails?\b(?!\s+to\b)|\bfail(?:ed|ing)\s+(?:any|a|an|the)\b|"
                   r"\bfailures? (?:of|on|in) any\b|\b(?:repeated|retook)\s+(?:a|any|the)\b|"
                   r"\b(?:have|has)\s+retaken\b|\b(?:USMLE |exam )?(?:failures|retakes|re-takes|repeat attempts|repeat (?:test-?)?takers)\b")
_ONE_FAILURE = _rx(r"\b(?:one|a single|1)\s+(?:[\w/]+\s+)?" + _FAILURE_TERM + r"\b")
_EXCLUDES = _rx(r"\b(?:do|should|need) not apply\b|\bscreened out\b|(?:\bnot|n't|\bnever|\bcannot)\s+(?:be\s+|being\s+)?(?:considered|accepted|eligible|allowed|permitted|"
                r"interviewed|invited|ranked)\b|\bunable to (?:accept|consider|interview|rank)\b|"
                r"\bineligible\b|\bdisqualif\w*|\bexclu\w*|\breject\w*|\bpreclud\w*|\b(?:do|does|will|can)\s*(?:not|n't)\s+(?:accept|consider|"
                r"interview|rank|review)\w*\b")
_ACCEPTS = _rx(r"\b(?:accept(?:ed|s|able)?|considered|eligible|allowed|permitted)\b|\bwelcome\b(?!\s+to\s+(?:contact|call|e-?mail|"
               r"reach|discuss|ask|write|inquire))")
_NO_FAILURE = _rx(r"\bno (?:[\w/]+ )?(?:failing (?:scores?|grades?)|repeat(?:ed)? attempts?|retakes?|failures|repeat (?:test[\s-]?)?takers?)\b|"
                  r"\bclean (?:USMLE )?record\b|\bsingle[\s-]attempt pass|\b(?:in|on|with) (?:a single|one) (?:sitting|try)\b|\bonly first[\s-]time "
                  r"(?:takers?|passers?)\b|\b(?:one|1|a single) (?:USMLE )?(?:failure|failed attempt) is the maximum\b")


def _attempts_composed(text: str) -> str | None:
    """The failures allowed read from three parts: a failure word, how many ('any', 'one'), and whether the
    sentence excludes it or accepts it ('A failing score on any Step makes the applicant ineligible' = none;
    'We accept applicants with one retake' = one). Several failures ('multiple', 'more than one', 'two or more')
    are left to the counting patterns above."""
    if re.search(r"\bmultiple\b|\bmore than\b|\bor more\b|\bsecond\b|\btwo\b|(?<!Step )(?<!Step)\b2\b|\bindividual|\bholistic|"
                 r"\bcontext\b|\bzero\b|\b0\b", text, re.IGNORECASE) or re.match(r"^[^:]{1,60}:", text):
        return None                                   # a "Label: value" cell is read by labelled.py
    one, some = _ONE_FAILURE.search(text), _ANY_FAILURE.search(text)
    if re.search(r"\bis the maximum\b", text, re.IGNORECASE) and one:
        return "one_fail_allowed"
    if _NO_FAILURE.search(text) and not _ACCEPTS.search(text):
        return "first_attempt_only"
    if _NOT_EXCLUDED.search(text):                  # "the number of attempts does not affect eligibility"
        many = some or re.search(r"\bnumber of (?:USMLE |exam )?attempts\b", text, re.IGNORECASE)
        return "one_fail_allowed" if one else "any" if many else None
    if _EXCLUDES.search(text):
        return "first_attempt_only" if (some and not one) else None
    if _ACCEPTS.search(text) and not re.search(r"\b(?:not|n't|never|no|none)\b", text, re.IGNORECASE):
        return "one_fail_allowed" if one else "any" if some else None
    return None


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20,
                 "twenty-four": 24, "a": 1, "an": 1}
_NUMBER = (r"([0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|sixteen|eighteen|"
           r"twenty-four|twenty)")
_GRADUATION = _rx(r"\bgraduat|\bYOG\b|\byear of graduation\b|\bdegree\b|\bMD\b|\bmedical school\b")
_YEARS = r"\s*(?:\(\d+\)\s*)?(?:years?|yrs?\.?)"
# What excludes the applicants past a limit ("not considered", "ineligible"), not any "not" ("not unusual").
_EXCLUDED_VERB = (r"(?:\b(?:not|n't)\s+(?:be\s+)?(?:consider|eligible|accept|review|interview|rank)\w*|\bineligible\b|"
                  r"\bnot (?:be )?(?:invited|permitted|allowed)\b)")
_YOG_MORE = _rx(r"\b(?:cut[\s-]?off|limit|maximum)\b[^;?]{0,30}?\b" + _NUMBER + _YEARS + r"\b(?! ago)|\b" + _NUMBER +
                r"[\s-]years?\s+(?:graduation\s+|YOG\s+|year[\s-]of[\s-]graduation\s+)?(?:cut[\s-]?off|limit|maximum)\b|"
                r"\b(?:not|n't)\b[^.]{0,50}\bmore than " + _NUMBER + _YEARS + r" (?:ago|out)\b|(?:≤|<=)\s*" + _NUMBER + _YEARS + r"|(?:must|may|should|can) ?(?:not|n't) exceed " + _NUMBER + r"\b|"
                r"\bmore than " + _NUMBER + _YEARS + r" (?:from|since|after|out of|past) (?:graduation|medical school)\b"
                r"(?=[^.]*\b(?:not|ineligible)\b)|\b" + _NUMBER + _YEARS + r" ago or (?:less|fewer|sooner)|\bwithin " +
                _NUMBER + _YEARS + r" of graduation|\bmore than " + _NUMBER + _YEARS + r" (?:ago|out)\b(?=[^.]*" + _EXCLUDED_VERB +
                r")")
_YOG_MONTHS = _rx(r"\bwithin (?:the (?:last|past) )?([0-9]{2}) months\b|\bmore than ([0-9]{2}) months (?:ago|out|since)\b"
                  r"(?=[^.]*" + _EXCLUDED_VERB + r")")
_YOG_LIMIT = _rx(r"(?:within (?:the )?(?:last|past|previous|prior)? ?|\bin (?:the )?(?:last|past|previous|prior) )" + _NUMBER + _YEARS + r"|"
                 r"(?:no more|not more|less) than " + _NUMBER + r"\s*(?:\(\d+\)\s*)?years?|" + _NUMBER +
                 r"\s*years? or (?:less|fewer)|(?:maximum|max\.?|up to|at most) (?:of )?" + _NUMBER + r"\s*years?|"
                 r"\b(?:YOG|years? since graduation|year of graduation)\b[^.0-9]{0,20}?(?:≤|<=)?\s*" + _NUMBER +
                 r"\s*(?:years?)?\s*(?:or (?:less|fewer)|maximum|max)|(?:more|longer) than " + _NUMBER + r"\s*years? ago\b(?=.*" + _EXCLUDED_VERB + r")")
_YOG_NONE = _rx(r"\bgraduates of any year\b|\bno (?:limit|restriction|cut[\s-]?off|maximum)s? on (?:the )?(?:number of )?years "
                r"(?:since|from|after|out of) (?:graduation|medical school)\b|\b(?:does|do)\s*(?:not|n't) (?:depend on|consider) (?:the )?(?:year|date) of "
                r"graduation\b|\bno (?:strict |hard |firm |set |specific )(?:limit|cut[\s-]?off|restriction)s? (?:on|for) "
                r"(?:the )?(?:year|date) of graduation\b|\bno matter when (?:you|they|applicants) graduated\b|\b(?:graduation[\s-]year|YOG|year of graduation)\s*(?:limit|cut[\s-]?off|restriction|requirement|"
                r"maximum)?\s*:\s*(?:none|no limit|no)\b(?!\s+(?:more|later|earlier|less|longer))|\bregardless of (?:the )?(?:graduation (?:year|date)|year of graduation|YOG|when (?:you|they) graduated)|\bno (?:time )?limit\b[^.]{0,20}\bgraduat|\bno (?:limit|restriction|cut[\s-]?off|requirement|maximum)s? (?:on|for|regarding) (?:the )?"
                r"(?:year|date)s? (?:of|since) graduation|\bno (?:graduation[\s-]year|YOG|year[\s-]of[\s-]graduation|"
                r"graduation[\s-]date) (?:limit|cut[\s-]?off|restriction|requirement|maximum)s?|\b(?:do|does)\s*(?:not|"
                r"n't) have an? (?:graduation[\s-]year|YOG|year[\s-]of[\s-]graduation|graduation[\s-]date|time[\s-]since"
                r"[\s-]graduation) (?:limit|cut[\s-]?off|restriction|requirement|maximum)|\bregardless of (?:the )?"
                r"(?:year|date) of graduation|\b(?:year|date) of graduation (?:is|does) not (?:a factor|matter|"
                r"considered|restricted)")
_OTHER_YEARS = _rx(r"\b(?:clinical experience|USCE|experience|observership|externship|rotation|letters?|LORs?|"
                   r"Step|USMLE scores?|ECFMG|certification|scores?|exams?|examinations?|internship|(?:residency |"
                   r"postgraduate |prior )training)\b[^.]{0,25}\bwithin\b")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


# A limit with a way round it is no limit: an alternative, an exception, a waiver, priority, clinical activity instead.
_YOG_SOFT = _rx(r"\bpriority\b|\bexception|\bexempt|\bwaiv|\bflexib|\b(?:does|do|will)\s*(?:not|n't) apply to\b|\balternative|"
                r"\bcounts? (?:as|toward)|\bclinical(?:ly)? activ|\bcontinuous(?:ly)?\b|\bor (?:have|has|had|be|been|with|if|who|"
                r"completed|hold|holds|show|demonstrate)\b|\bor (?:up to )?" + _NUMBER + _YEARS + r"|\bmay (?:still )?apply\b|"
                r"\bcontact (?:us|the program)|\bevaluated individually\b|\breview(?:ed)? (?:individually|holistically)\b|\bpoints?\b|"
                r"\bbonus\b|\brubric\b|\bscored\b|\bscreening scores?\b|\bweigh|\bfactors?\b|\bor (?:since|from|after)\b|\bas well as (?:those|"
                r"applicants|candidates|graduates)\b|\band (?:those|applicants|candidates|graduates) (?:with|who)\b|\bbeyond (?:that|"
                r"this|which)\b|\botherwise\b|\bnot (?:a )?(?:required|requirement|mandatory)\b|\boptional\b|[A-Za-z0-9)]\*+(?=\s|$)|"
                r"\bolder graduates\b|^(?!.*\bonly\b).*(?<!not )(?<!n't )\b(?:are|is|will be|may be|can be|still) considered\b|"
                r"\bgaps?\b|"
                r"\bout of (?:clinical )?(?:practice|medicine)\b|\bclinical practice\b|\bpractic(?:e|ed|ing)\b|"
                r"\b(?:interview|invite|consider|review)\w*\s+(?:\w+\s+){0,2}"
                r"first\b|\bfirst (?:consideration|priority)\b")
# A limit for another group: advanced or preliminary positions, or a visa's own rule.
_YOG_OTHER_GROUP = _rx(r"\bPGY-?[2-9]\b|\badvanced (?:positions?|track)\b|\b(?:preliminary|prelim|transitional|categorical)\b|"
                       r"\bJ\s?-?1\b|\bH\s?-?1\s?-?B\b|\bvisas?\b|\bsponsorship\b")
_YEAR_COUNT = _rx(r"\b" + _NUMBER + r"(?:\s*\(\d+\))?[\s-]*(?:years?|yrs?\.?)(?![\w-])")


_GRAD_TERM = (r"(?:graduation[\s-](?:year|date)|(?:year|date) of graduation|YOG|time[\s-]since[\s-]graduation|years?[\s-]since"
              r"[\s-]graduation)")
# "no strict cutoff on graduation year", "Any year of graduation is acceptable", "Graduation date: we do not apply a cutoff"
_YOG_NO_CUTOFF = _rx(r"\b(?:no|(?:do|does)\s*(?:not|n't) (?:have|use|set|impose|apply) (?:a|any))\s+(?:strict |hard |firm |set |"
                     r"specific )?(?:limit|cut[\s-]?off|restriction)s? (?:on|for|regarding) (?:the )?" +
                     _GRAD_TERM + r"|\bno " + _GRAD_TERM + r" (?:limit|cut[\s-]?off|restriction)s?\b|\b" + _GRAD_TERM +
                     r" (?:is|are) not (?:a factor|considered|restricted|limited)\b|\bany (?:year|date) of graduation (?:is|are) "
                     r"(?:acceptable|accepted|welcome|eligible)\b|^\W*" + _GRAD_TERM + r"\s*:\s*(?:we\s+)?(?:do|does)\s*(?:not|n't) "
                     r"(?:apply|use|have|set|impose) (?:a|any) (?:\w+ )?(?:cut[\s-]?off|limit|restriction)\W*$")
# "We prefer graduates within 5 years, but all applicants will be considered": a preference with everyone considered
_YOG_PREFERRED_ALL = _rx(r"^(?=[^.]*\bgraduat)[^.]*\bprefer\w*\b[^.]{0,60}\b(?:but|,)\s*(?:we\s+)?(?:will\s+)?(?:consider all|all "
                         r"(?:applicants|candidates) (?:will be|are) considered)\b(?!\s+(?:who|with|whose|that))")


def _yog_clauses(text: str) -> str:
    """The clauses that may state the limit: a clause about the recency of experience, letters or scores, or about the
    asker ('I graduated 8 years ago'), is dropped ('MD within 5 years; US clinical experience within 1 year' keeps
    the first)."""
    clauses = re.split(r"(?<=[;,?])\s+|(?<=\n)|(?<=[a-z0-9)]\.)\s+", text)
    return " ".join(c.strip() for c in clauses if c.strip() and not _OTHER_YEARS.search(c)
                    and not (re.search(r"(?-i:\bI\b)|\bmy\b", c, re.IGNORECASE) and _YEAR_COUNT.search(c)))


def _yog(unit: Unit) -> Iterator[Proposal]:
    if _YOG_PREFERRED_ALL.search(unit.text):
        yield Proposal("yog_max_years", "none", unit.quote, "yog.preferred_all_considered")
        return
    plain = re.sub(r"[\s,;(]*\b(?:with )?no exceptions?\b\)?\.?", ".", unit.text, flags=re.IGNORECASE)
    text = _scoped(_yog_clauses(plain))
    if re.search(r"\bunless\b|\bexcept (?:if|when|for)\b|\bprovided\b|\bas long as\b|\bif\b|\bfor (?:applicants|candidates|"
                 r"graduates|those|IMGs)\b[^.;]{0,30}\b(?:with|who|whose)\b", text, re.IGNORECASE):
        return                                        # "within 5 years, unless in continuous practice"
    if (_YOG_NONE.search(text) or _YOG_NO_CUTOFF.search(text)) and not _HEDGE.search(text) and not _YEAR_COUNT.search(text):
        yield Proposal("yog_max_years", "none", unit.quote, "yog.no_limit")
        return
    if not _GRADUATION.search(text) or _HEDGE.search(text) or _YOG_SOFT.search(text) or _YOG_OTHER_GROUP.search(text):
        return
    if len({_number(m[1]) for m in _YEAR_COUNT.finditer(text)}) > 1:
        return                                        # "within 5 years, or 7 for PhDs": two numbers, one limit unclear
    values = {_number(next(g for g in m.groups() if g)) for m in _YOG_LIMIT.finditer(text)}
    values |= {_number(next(g for g in m.groups() if g)) for m in _YOG_MORE.finditer(text)}
    months = [int(m[1] or m[2]) for m in _YOG_MONTHS.finditer(text)]
    values |= {n // 12 for n in months if n % 12 == 0}
    if len(values) == 1 and 1 <= (years := values.pop()) <= 30:
        yield Proposal("yog_max_years", str(years), unit.quote, "yog.limit")


_USCE = _rx(r"\bclinical (?:experience|work|rotations?|training) in the (?:US|U\.S\.|United States)\b|"
            r"\bclinical (?:experience|work|rotations?|training) (?:in|at) (?:a |an )?(?:US|U\.S\.|United States|"
            r"American)(?: teaching)? (?:hospitals?|settings?|institutions?|health ?care)|\bUSCE\b|\bU\.?\s?S\.?\s+clinical experience|\bclinical experience (?:in|within) the (?:U\.?\s?S\.?|"
            r"United States)|\bUS[-\s]based clinical experience|\bAmerican clinical experience|\bUnited States clinical "
            r"experience|\bhands[\s-]on (?:US |U\.S\. )?clinical experience in the (?:US|U\.S\.|United States)")
_REQUIRED = _rx(r"\bno less than\b|\brequired?\b|\brequirements?\b|\bmust\b|\bmandatory\b|\bneeded\b|\bneeds?\b|\bminimum\b|"
                r"\bessential\b|"
                r"\bprerequisite\b|\bat least\b")
_NOT_REQUIRED = _rx(r"\bnot (?:a )?(?:required|requirement|mandatory|necessary|needed|prerequisite)\b|\b(?:do|does)\s*(?:not|n't) "
                    r"(?:require|need)\b|\bno (?:USCE |US clinical experience |U\.S\. clinical experience )?"
                    r"requirement\b|\bis optional\b|\bnot needed\b|\bnone required\b|\bwith or without\b")
_MONTHS = _rx(_NUMBER + r"\s*(?:\(\d+\)\s*)?(?:-\s*)?(months?|weeks?|years?)\b")


_USCE_CONDITION = _rx(r"\bfor (?:applicants|candidates|those|graduates|IMGs)\b[^.;]{0,30}\b(?:who|with|whose)\b|"
                      r"\bgraduates of more than\b|\bwho graduated\b|\bmore than \S+ years? (?:ago|since|from|after)\b|"
                      r"\bpriority\b|\bif (?:you|they|the applicant|applicants)\b|\bunless\b")
_STRICT_REQUIRED = _rx(r"\bmust\b|\brequired\b|\bmandatory\b|\bneed(?:ed)?\b|\bnecessary\b|\bprerequisite\b|\bessential\b")
_RECENCY = _rx(r"(?:\bwithin|\bin|\bduring|\bover)\s+(?:the\s+)?(?:last|past|previous|prior)?\s*$")
_DURATION = _rx(_NUMBER + r"\s*(?:\(\d+\)\s*)?\+?\s*(?:-\s*)?(months?|mos?\.|weeks?|wks?\.?|days?|years?|yrs?\.?)"
                r"(?!\s+(?:ago|since|after|from|of graduation|out))\b")


def _usce_months(text: str) -> int | None:
    """The one minimum length in months, or None (none stated, several, a range, or weeks that are not months).
    A length after 'within the last' is how recent the experience must be, not how long."""
    if re.search(r"[0-9]\s*(?:to|-|–)\s*[0-9]+\s*(?:months|weeks)", text):
        return None                                   # a range: which end is the minimum is for the advisor
    lengths = set()
    for match in _DURATION.finditer(text):
        if _RECENCY.search(text[max(0, match.start() - 25):match.start()]):
            continue
        count, unit_word = _number(match[1]), match[2].lower()
        if unit_word.startswith(("week", "wk")):
            if count % 4:
                return None
            count //= 4
        elif unit_word.startswith("day"):
            if count % 30:
                return None
            count //= 30
        elif unit_word.startswith(("year", "yr")):
            count *= 12
        lengths.add(count)
    return lengths.pop() if len(lengths) == 1 and 1 <= min(lengths) <= 60 else None


def _usce(unit: Unit) -> Iterator[Proposal]:
    if _USCE.search(unit.text) and _NOT_REQUIRED.search(unit.text) and not _USCE_CONDITION.search(unit.text):
        yield Proposal("usce_required", "no", unit.quote, "usce.not_required")   # "recommended but not required"
        return
    text = _scoped(unit.text)
    if not _USCE.search(text) or _USCE_CONDITION.search(text):
        return
    if re.search(r"\bletters?\b|\bLORs?\b|\breferences?\b|\b(?:count|counts|qualify|qualifies) (?:toward|towards|as)\b",
                 text, re.IGNORECASE):
        return                                        # "a letter from US clinical experience is required": letters'

    if _NOT_REQUIRED.search(text):
        yield Proposal("usce_required", "no", unit.quote, "usce.not_required")
        return
    if re.search(r"\bwithout\b", text, re.IGNORECASE) and re.search(r"\bnot (?:be )?considered|\bineligible\b", text,
                                                                       re.IGNORECASE) and not _HEDGE.search(text):
        yield Proposal("usce_required", "yes", unit.quote, "usce.required_without_excluded")
        return
    if _HEDGE.search(text):
        return
    no_minimum = re.search(r"\bno minimum\b|\bnot have a minimum\b|\bno (?:set|specific) (?:length|duration)", text,
                           re.IGNORECASE)
    if not (_STRICT_REQUIRED if no_minimum else _REQUIRED).search(text):
        return
    yield Proposal("usce_required", "yes", unit.quote, "usce.required")
    # what counts as USCE ("observerships of 4 weeks or more count") is no length the program requires
    asides = re.sub(r"\([^()]*\b(?:count|counts|qualify|qualifies)\b[^()]*\)", "", unit.text, flags=re.IGNORECASE)
    counted = _scoped("; ".join(c for c in re.split(r";|(?<=[a-z0-9)])\.\s", asides)
                                if not re.search(r"\b(?:count|counts|qualify|qualifies)\b(?!\s+of\b)", c, re.IGNORECASE)))
    months = None if no_minimum else _usce_months(counted)
    if months is not None:
        yield Proposal("usce_min_months", str(months), unit.quote, "usce.months")


_ECFMG = _rx(r"\bECFMG\b[^.]{0,40}\bcert(?:if|\b)|\bECFMG[\s-]certified\b|\bcertifi\w* by (?:the )?ECFMG\b|\bECFMG "
             r"(?:certificate |certification )?deadline\b|^\W*ECFMG\s*(?:status\s*)?[:|]")
# "before the Match" is no rank deadline: it may mean ranking or Match Day (a deadline for the Match's rank list is)
_RANK_WORD = r"(?:rank|ranking|ranked|(?:the )?match deadline|(?:NRMP )?ROL\b|NRMP (?:certification )?deadline)"
_BY_RANK = _rx(r"\b(?:not|n't|unable to|cannot|only) (?:be )?rank\w*\b|\b(?:not|n't|never|cannot|unable to) (?:be )?(?:placed|included|listed) on (?:our|the) rank|\b(?:by|before|prior to|in time for|no later than|"
               r"at the time of|by the time of)\b[^.]{0,40}\b" + _RANK_WORD + r"|\bbefore (?:we|the program) (?:can|will) rank|"
               r"\brank\w* only\b|\bonly\b[^.;]{0,50}\b(?:will|can|may) be (?:ranked\b|(?:placed|included|listed) on (?:our|the) rank)|\b(?:at|by) (?:the )?time (?:of |the |we )?"
               r"[^.]{0,30}\b" + _RANK_WORD + r"|\bfor (?:us|the program) to rank\b|\bto be placed on (?:our|the) rank|"
               r"\b(?:required|requirement|prerequisite|necessary|needed|a condition)\s+(?:for|to be|to)\s+(?:be\s+)?rank|"
               r"\bto be ranked\b|\b(?:be|get|are) ranked without\b|\b(?:to be|in order to be) (?:considered|eligible) for rank(?:ing)?\b|\b(?:not|n't|never) "
               r"(?:be )?(?:appear|shown|entered) on (?:our|the) rank|\bafter\b[^.;]{0,40}\b" + _RANK_WORD + r"[^.;]{0,60}(?:\b(?:cannot|"
               r"can't|will not|won't|unable to|not be able to) (?:be )?(?:match|rank|consider)\w*|\bineligible\b|\bnot be (?:ranked|eligible|"
               r"considered)\b)|\b(?:to|for)\s+(?:be|being)\s+(?:placed|included|listed|put)\s+on\s+"
               r"(?:our|the|a)\s+rank|\bwhen (?:we|the program) (?:submit|certif(?:y|ies)|finali[sz]e|create|prepare)s? (?:our|its|the) rank")
# "before appointment" without "begins" gives no time (appointment may be the offer or the contract)
_MONTH_DAY = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|"
              r"Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?")
_BY_START = _rx(r"\b(?:by|before|prior to|no later than) (?:the time of )?(?:the )?(?:contract start|hire date|hire|"
                r"hiring|orientation|employment(?!\s+(?:agreement|contract|offer|letter|paperwork))|matriculation)\b|(?<!year )\b(?:by the time|before|when|prior to when)\s+(?:your |the |their )?(?:residency|"
                r"training|appointment|employment|academic year|internship|PGY-?1(?: year)?) (?:begins|starts|commences)\b|"
                r"\bby the time (?:residency|training) (?:begins|starts)|\bby the time (?:they|you|residents?|applicants?) "
                r"(?:begin|start)|\b(?:by|before|prior to|no later than)\b[^.]{0,20}\b(?:the )?(?:program |residency |"
                r"training )?(?:start(?:ing)?|beginning|begin|commencement|first day)(?: date)?(?: of)? ?(?:residency|"
                r"training|the program|the residency|employment|PGY-?1|the academic year|date)?\b|\b(?:before|prior to) (?:starting|"
                r"beginning|commencing|entering) (?:residency|training|the program|PGY-?1)|\bvalid on the first day\b|\b(?:cannot|can't|may not|will not|unable to|do not|don't)\s+"
                r"(?:start|begin)\b[^.;]{0,40}\bwithout\b|\bupon (?:starting|start|beginning|hire|appointment)\b|\bupon (?:entry|entering) (?:into |to )?(?:the |our )?(?:program|"
                r"residency|training)\b|\bat the time of "
                r"(?:hire|hiring|starting)\b|\b(?:at|on) the (?:start|beginning|first day) of (?:residency|training|PGY-?1|the "
                r"(?:residency|program|academic year))\b|\b(?:at|on|as of) the (?:program |residency |training )?start date\b|"
                r"\b(?:before|prior to) (?:you|they|residents?|applicants?) (?:start|begin|commence)\b(?! (?:the |your |their )?(?:application|"
                r"interview|ERAS))|\bby the time (?:(?:the|a|our)\s+)?(?:they|you|residents?|applicants?|interns?|trainees?) "
                r"(?:reports?|starts?|begins?|arrives?)\b(?! (?:the |your |their )?(?:application|interview|ERAS))|"
                r"(?<!year )\b(?:before|prior to|by) (?:the )?(?:PGY-?1|internship|residency|training)\b(?!\s+(?:application|interview|program|"
                r"selection|applicants?|match|positions?|recruitment|season))|"
                r"\b(?:on|by|before|prior to|no later than)\s+" + _MONTH_DAY + r",?\s+(?:the\s+|when\s+)?(?:start|beginning|first day|"
                r"(?:residency|training) (?:begins|starts))|\b(?:not|n't) be (?:permitted|allowed|able) to (?:start|begin)\b[^.;]{0,40}\bwithout\b|\b(?:at|during) orientation\b|\b(?:in order )?to (?:start|begin) (?:residency|training)\b")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|"
          r"Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_BY_DATE = _rx(r"\b(?:by|before|prior to|no later than)\s+(?:the\s+)?" + _MONTH + r"\s+[0-9]{1,2}(?:st|nd|rd|th)?\b|"
               r"\b(?:by|before|prior to|no later than)\s+(?:the\s+)?[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"|"
               r"\b(?:by|before|prior to|no later than)\s+(?:the\s+)?(?:[0-9]{1,2}/[0-9]{1,2}|(?:19|20)[0-9]{2}-[01]?[0-9]-[0-3]?[0-9])\b|"
               r"\b(?:by|before|prior to|no later than|on)\s+(?:the\s+)?(?:NRMP\s+)?(?:Match Day|day of the Match)\b|"
               r"\b(?:by|before|no later than)\s+the\s+end\s+of\s+" + _MONTH + r"|\b(?:by|before|prior to|no later than)\s+the\s+(?:first|last)"
               r"\s+(?:day\s+)?of\s+" + _MONTH)
# An explicit earlier milestone is a date (the held-out convention): the application or its submission, the interview,
# the Match ("before the Match" alone; the Match's rank list deadline is the rank deadline).
_BY_MILESTONE = _rx(r"\b(?:at|by|before|prior to|upon)\s+(?:the\s+)?(?:time\s+(?:of\s+)?)?(?:(?:your|their|the|an)\s+)?(?:ERAS\s+|"
                    r"residency\s+)?(?:application|submission|interview)s?\b(?!\s+(?:season|cycle|period|year|invitations?))(?![^.;]{0,40}"
                    r"\b(?:rank|ROL)\b)|"
                    r"\b(?:at|by) the time (?:of |they |you |applicants? )?(?:apply|applying|submit\w*|interview\w*)\b|"
                    r"\bwhen (?:they|you|applicants?|candidates?) (?:apply|submit|interview)\b|\bby the interview date\b|"
                    r"\b(?:invited|offered|granted|selected|considered) (?:to|for) (?:an? )?interview|\b(?:offered|granted|given) (?:an )?interviews?\b|"
                    r"\b(?:before|prior to) (?:they|you|applicants?|candidates?) (?:submit|apply|interview)\b|(?<!wish )(?<!wishes )(?<!want )(?<!wants )(?<!plan )(?<!intend )"
                    r"\bto (?:apply|interview)\b(?!\s+(?:to|for|in|at) (?:the )?(?:U\.?S\.?|US|United States|American|residency|"
                    r"programs?|GME))|"
                    r"\b(?:by|before|prior to) (?:the )?(?:NRMP )?Match\b(?!\s*(?:'s\s+)?(?:Day|rank|ROL|deadline|list|certification))")
# A milestone is a requirement only when the clause says so ("welcome to apply" is none).
_MILESTONE_REQUIRED = _rx(r"\bmust\b|\brequir|\bneed|\bmandatory\b|\bonly\b|\bprerequisite\b|\bnecessary\b|\bcondition\b|"
                          r"\beligibility\b|(?:\bnot|n't) (?:be )?(?:invited|considered|interviewed|reviewed)\b|\bcannot\b|\bunable\b|"
                          r"\b(?:have|has) to\b")
_ECFMG_NOT_A_RULE = _rx(r"\b(?:may|can) still be ranked\b|\bstill\b[^.;]{0,30}\b(?:rank|consider|eligible|interview|review)\w*|\b(?:placed|ranked|listed) (?:at the (?:end|bottom)|lower|after|below|behind)\b|"
                        r"\brequirement (?:has been|was|is being) (?:removed|dropped|eliminated|discontinued)\b|\bno longer "
                        r"(?:require|need)|\bor (?:certification |being certified )?(?:expected|anticipated|pending|in progress)\b|\(\s*or\b|"
                        r"\bor (?:be )?(?:eligible|in the process|on track|awaiting)\b|\bor (?:have|show|provide|submit|present) (?:an? |the )?(?:\w+ )?(?:evidence|proof|letter|documentation|confirmation)\b|"
                        r"(?<!\bon )\bor (?:by|before|prior to|no later than)\b|"
                        r"\bor (?:proof|evidence) of\b|\bor\b[^.;]{0,25}\b(?:expect|anticipat|awaiting)|"
                        r"status report|\bif (?:you|they) (?:have|hold) (?:one|it)\b|\bif available\b|"
                        r"\b(?:cannot|can't|not) guarantee\b|\bfor (?:some|certain|selected|most) (?:positions|applicants|candidates|tracks|"
                        r"programs)\b|\bor (?:ECFMG )?eligib|\bunless\b")
# A clause that says when certification is NOT needed states no deadline ("not required before ranking").
_ECFMG_NEGATED = _rx(r"\b(?:not|n't)\s+(?:be\s+)?(?:required|needed|necessary|need(?:ed)? to be|mandatory)\b|"
                     r"\b(?:do|does|will)\s*(?:not|n't)\s+(?:require|need)\b|\bno need\b")
# A date in a clause about the application, an interview or a document's submission is that step's deadline.
_ECFMG_OTHER_STEP = _rx(r"\bapplications?\b(?!\s+(?:year|season|cycle))|\bfil(?:e[ds]?|ing)\b|\bregist|\bappl(?:y|ying)\b|\binterview|\bsubmi(?:t|tted|ssion)\b|\bupload|\bERAS\b")
# A deadline for looking at certification is none for holding it ("status is reviewed before ranking").
# "... should not apply" is the exclusion a deadline carries, not the application's own deadline.
_REFUSED_APPLICATION = _rx(r"\b(?:should|need|must|please do|do) not apply\b")
_ECFMG_LOOKED_AT = _rx(r"\b(?:review(?:s|ed|ing)?|check(?:s|ed|ing)?|verif(?:y|ies|ied|ying|ication)|evaluat(?:e|es|ed|ing|ion)|"
                       r"discuss(?:es|ed|ing)?|monitor(?:s|ed|ing)?|confirm(?:s|ed|ing|ation)?|considered|taken into account)\b")
_ECFMG_REQUIRED = _rx(r"\bmust\b|\brequire|\bneed|\bmandatory\b|\bonly\b")
# A deadline of something else in the same clause: the licence a certificate is needed for, the contract, the offer.
_ECFMG_OTHER_DEADLINE = _rx(r"\b(?:PTAL|licen[cs]e|permit|DS-2019|visa|J-1|H-1B)\b,?\s+(?:which|that)\b.*$|\b(?:before|prior to|by)\s+(?:the\s+)?"
                            r"(?:contract|offer)\b(?!\s+start).*$")
_ECFMG_NOT_APPLICANT = _rx(r"\b(?:issued|sent|processed|verified|mailed) by (?:the )?ECFMG\b|\baccording to (?:the )?(?:ECFMG|NRMP|"
                           r"ACGME)\b|\b(?:NRMP|ECFMG|ACGME)(?:'s|’s)? (?:polic(?:y|ies)|rules?|regulations?)\b|\b(?:most|many|other|some) "
                           r"(?:residency )?programs\b|\bquestions?\b|\bcontact\b|\binformation\b|\bplease (?:see|visit|refer)|\bwebsite\b|\bFAQs?\b|"
                           r"\bplan(?:s|ning)?\b|\bcan take\b|\bin (?:past|previous|prior) (?:years|cycles)\b|^\W*fellow(?:ship)?s?\b|\btakes? (?:several|many|up to|about|[0-9])|\blast (?:year|cycle)\b|"
                           r"\bhistorically\b|\bin the past\b|\bpreviously\b|^\W*(?:the\s+)?ECFMG\s+(?:will\s+|usually\s+|typically\s+)?(?:send|issue|process|mail|verif|"
                           r"review|notif)\w*\b|^\W*(?:most|many|some|few|our)\s+(?:of\s+(?:our|the)\s+)?(?:\w+\s+)?(?:applicants|residents|"
                           r"candidates|IMGs)\s+(?!must\b|need\b|are required\b)")
# Certification as the purpose of something else ("the exams required for ECFMG certification"): that thing's deadline.
_ECFMG_PURPOSE = _rx(r"\b(?:exam\w*|steps?|tests?|requirements?|documents?|USMLE)\s+(?:\w+\s+)?(?:required|needed|necessary)"
                     r"\s+(?:for|toward|towards)\s+(?:the\s+|your\s+)?ECFMG\b|,\s*(?:which|that) (?:is|are) (?:required|needed|"
                     r"necessary) (?:for|to obtain|toward) (?:the\s+|your\s+)?ECFMG\b|\bso (?:that )?(?:the )?ECFMG\b|"
                     r"\b(?:for )?(?:the )?ECFMG (?:can|will|may|to) (?:certify|issue|verify)\b|"
                     r"\bfor (?:a |the )?(?:J-1|H-1B|visa)\b(?:\s+visa)?(?:\s+(?:sponsorship|applicants|holders|purposes))?\b")
_OTHER_START = _rx(r"\b(?:start(?:ing)?|begin(?:ning)?|commencement|opening)\s+(?:of\s+)?(?:the\s+|your\s+|our\s+)?"
                  r"(?:interview\w*|application\w*|ERAS|recruit\w*|match\b|rank\w*|season|cycle|review)[^.;,]*")
_ECFMG_NAME = _rx(r"\bEducational Commission for Foreign Medical Graduates(?:\s*\(ECFMG\))?")
_ECFMG_SUBJECT = _rx(r"\b(?:matched|successful|incoming|selected) (?:IMG |international )?(?:applicants|candidates|"
                     r"residents|interns|IMGs|graduates|international (?:medical )?graduates)\b")


_BY_THEN = _rx(r"\bby (?:then|that (?:date|time|point|deadline))\b")
_THEN_NAMES = ((_rx(r"\brank(?:ing)?\b|\brank (?:order )?list\b|\bROL\b"), "by the rank list deadline"),
               (_rx(r"\borientation\b|\b(?:residency|training|PGY-?1) (?:begins|starts)|\bstart of (?:residency|training)"),
                "by the start of residency"))


def resolve_then(text: str) -> str:
    """'The rank list deadline is March 4. All applicants must be certified by then.': 'then' is the time named
    before it, a named deadline before its date ('Our residents begin orientation in June, ... by then' = start)."""
    match = _BY_THEN.search(text)
    if not match:
        return text
    named = [name for pattern, name in _THEN_NAMES if pattern.search(text[:match.start()])]
    return text if len(named) != 1 else text[:match.start()] + named[0] + text[match.end():]


def _ecfmg_clauses(text: str) -> list[str]:
    """The clauses that speak of certification (the deadline must be in the clause that names ECFMG: 'Step 2 CK by
    ranking and ECFMG certification by July 1')."""
    # "By January 10, applicants must pass Step 2 CK and be ECFMG certified": a time put first governs every part
    fronted = re.match(r"^\W*(?:by|before|prior to|no later than)\b[^,.;]{0,40},", text, re.IGNORECASE)
    joined = r"(?!)" if fronted else r"\band (?=(?:must|should|will|be|have|hold|pass)\b)"
    return [c for c in re.split(r";|\b[Bb]ut\b|" + joined + r"|,\s+and\b|(?<=[a-z0-9)])\.\s+(?=[A-Z])", text)
            if re.search(r"\bECFMG\b|certifi|^\s*(?:must|it|which)\b|\b(?:it|which) (?:is|must|has to|will be)\b|"
                         r"\b(?:need|have|hold|obtain|get|complete|require)s? it\b|^\s*(?:only\s+|rather\s+)?(?:by|before|prior to|no later "
                         r"than)\b", c, re.IGNORECASE)]


# A deadline for telling or checking something ("check your status", "email the coordinator", "status should be
# updated in ERAS before the rank list deadline") is not one for holding the certificate.
_ECFMG_OTHER_ACTION = _rx(r"\b(?:checks?|e-?mail|notify|inform|let (?:us|the program) know|contact|update[ds]?|send|call|"
                          r"onboarding|credentialing|CVS|verification|report(?:ed|s)? to|shared with|transmitted|released)\b|"
                          r"\bapply (?:for|to) (?:the\s+)?(?:ECFMG|certification)\b")
# A rule of the past or of a coming cycle is not this cycle's.
_ECFMG_NOT_NOW = _rx(r"\b(?:was|were) required\b|\buntil (?:19|20)[0-9]{2}\b|\bprior to (?:19|20)[0-9]{2}\b|\bbefore (?:19|20)[0-9]{2}\b|"
                     r"\bnext (?:cycle|year|season)\b|\b(?:beginning|starting) (?:next|in|with) (?:the )?(?:19|20|cycle|season|year)")


# What a deadline in a clause can belong to: certification, or another exam, document or permit named nearer to it.
_ECFMG_WORD = _rx(r"\bECFMG\b|certifi|\bcertificate\b")
_OTHER_THING = _rx(r"\bStep\s?(?:[123]|I{1,3})\b|\bCOMLEX\b|\bOET\b|\bPTAL\b|\blicen[cs]e\b|\bpermit\b|\bvisas?\b|"
                   r"\bDS-2019\b|\bJ-1\b|\bH-1B\b|\bPathways?\b|\bexam(?:ination)?s?\b|\bscores?\b|\bresults?\b")
# Between certification and the other thing, a list ("ECFMG certification and Step 2 CK must be ... by") shares the
# deadline; a relative or purpose clause ("ECFMG certification, which requires Step 2 CK ... by") does not.
_SHARED_LIST = _rx(r"^[^.;]{0,60}?(?:\band\b|&|\bas well as\b|\bplus\b|,)(?![^.;]*\b(?:which|that|to|in order|requires?|"
                   r"after|for|by|before|with)\b)[^.;]*$")


# A deadline that earns priority or a higher rank, or that the program anticipates or hopes for, is no requirement.
_ECFMG_SOFT = _rx(r"\bpriority\b|\bfirst consideration\b|\b(?:rank(?:ed)?|placed|considered|viewed) (?:higher|more favou?rably|"
                  r"first)\b|\bbonus\b|\banticipat|\bhope\b|\bplan(?:s|ning)? to\b|"
                  r"\bshould plan\b|\bmore competitive\b|\bbenefit|\bideally\b|\btaken into account\b|\bfactored into\b|"
                  r"\b(?:if|when|where|wherever|whenever) (?:at all )?(?:possible|feasible)\b|\bif (?:you are |they are )?able\b|"
                  r"\badvis(?:able|ed?)\b|\b(?:try|tries|trying|aim|aims|strive|strives) to\b|\battempt to\b|"
                  r"\b(?:delay|defer|postpon)\w*")
# "If not certified by July 1, the start will be deferred": a condition whose consequence is no exclusion sets no deadline.
_ECFMG_CONDITION = re.compile(r"^\W*(?:if|unless|when|should)\b[^,]*,(.*)$", re.IGNORECASE)
_ECFMG_EXCLUSION = _rx(r"\bnot\b|n't\b|\bcannot\b|\bwithdraw|\bremov|\brescind|\binelig|\bunable\b|\bvoid|\bforfeit")


# A verb only an exam or a score takes: the deadline after it is the exam's, even in a list with certification.
_EXAM_VERB = _rx(r"\b(?:passed|taken|reported|released|scored|sat)\b")


def _anchored(clause: str, start: int) -> bool:
    """Whether the deadline starting at `start` is certification's: the nearest thing named before it is ECFMG
    certification, or a list that includes it ('Step 2 CK by December 31 to be ECFMG certified' is Step 2 CK's)."""
    before = re.sub(r"\([^()]*\)", lambda m: " " * len(m[0]), clause[:start])
    ecfmg = list(_ECFMG_WORD.finditer(before))
    other = list(_OTHER_THING.finditer(before))
    if not ecfmg and not other:                       # "By January 31, [Step 2 CK and] ECFMG certification ...": what follows
        after = re.sub(r"\([^()]*\)", lambda m: " " * len(m[0]), clause[start:])
        first_ecfmg, first_other = _ECFMG_WORD.search(after), _OTHER_THING.search(after)
        return not first_other or (first_ecfmg is not None and (first_ecfmg.start() < first_other.start() or bool(
            _SHARED_LIST.match(after[first_other.end():first_ecfmg.start()]))))
    if not other or (ecfmg and ecfmg[-1].start() > other[-1].start()):
        return True
    if _EXAM_VERB.search(before[other[-1].end():]):
        return False                                  # "ECFMG certification and Step 2 CK passed by ...": the exam's
    return bool(ecfmg) and bool(_SHARED_LIST.match(before[ecfmg[-1].end():other[-1].start()]))


# A sentence whose subject is another document or exam: a clause that continues it ("and must be obtained by") is its.
_OTHER_SUBJECT_FIRST = _rx(r"^\W*(?:the\s+|a\s+|your\s+)?(?:California\s+)?(?:PTAL|licen[cs]e|permit|visas?|DS-2019|J-1|H-1B|"
                           r"Step\s?[123]|OET|training licen[cs]e)\b")


def _ecfmg(unit: Unit) -> Iterator[Proposal]:
    if _ECFMG_NOT_NOW.search(unit.text):
        return
    text = _ECFMG_NAME.sub("ECFMG", unit.text)                  # the commission's full name is its abbreviation
    text = re.sub(r"\b(?:Postgraduate Training )?Authorization Letter(?:\s*\(PTAL\))?", "PTAL", text, flags=re.IGNORECASE)
    text = _ECFMG_SUBJECT.sub("applicants", text)      # "matched applicants must be certified": not a hedge
    if not _ECFMG.search(text) or _ECFMG_NOT_A_RULE.search(text):
        return
    found: dict[str, str] = {}
    # "the deadline for ECFMG certification is the rank list deadline" / "Deadline: January 15" say "by" it
    text = re.sub(r"\bdeadline\b([^.:;|]{0,40}?)(?:\s*(?:\bis\b|:|\|))+\s*(?:the\s+)?(?=\S)", r"deadline\1 by the ", text,
                  flags=re.IGNORECASE)
    text = re.sub(r"\bdeadline\s+of\s+(?=(?:the\s+)?(?:[0-9]|" + _MONTH + r"))", "deadline by ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:ahead of|in advance of)\b", "before", text, flags=re.IGNORECASE)
    text = resolve_then(text)
    # "you have until March 1 to be certified" and "not required until the start" both set the time as a deadline
    text = re.sub(r"\b(?:have|has|are given|is given) until\b", "by", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:is|are)\s+not\s+(required|needed|necessary)\s+until\b", r"is \1 before", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:submit|provide|present|show|send|upload)\s+(?:proof|evidence|a copy|documentation)\s+of\s+(?:your\s+|their\s+)?"
                  r"(?=ECFMG)", "hold ", text, flags=re.IGNORECASE)
    # a table cell whose value is a time ("ECFMG certification | Start of residency") says "by" it
    text = re.sub(r"^(\W*ECFMG[^:|]{0,30}?)\s*(?:[:|]+|\s-\s)\s*(?=(?:the\s+)?(?:rank|ROL\b|NRMP|match|start|beginning|first day|"
                  r"orientation|" + _MONTH + r"\s+[0-9]|[0-9]{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r"|[0-9]{1,2}/[0-9]{1,2}))",
                  r"\1 by the ", text, flags=re.IGNORECASE)
    other_subject = _OTHER_SUBJECT_FIRST.match(text)
    for clause in _ecfmg_clauses(text):
        if other_subject and re.match(r"^\s*(?:must|it|which|and|has to|is to be)\b", clause, re.IGNORECASE):
            continue                                  # "The PTAL requires ECFMG certification and must be obtained by ...": the PTAL's
        if _HEDGE.search(re.sub(r"\bpending\b|\([^()]*\)", "", clause, flags=re.IGNORECASE)) or _ECFMG_SOFT.search(clause):
            continue                                  # "preferred at application, but must be obtained before ranking"
        clause = _ECFMG_OTHER_DEADLINE.sub("", clause)
        if (condition := _ECFMG_CONDITION.match(clause)) and not _ECFMG_EXCLUSION.search(condition[1]):
            continue                                  # "If not certified by July 1, your start is deferred"
        if not re.search(r"\bECFMG\b|certifi", clause, re.IGNORECASE) and \
                re.search(r"\b(?:PTAL|licen[cs]e|permit|visa|DS-2019|J-1|H-1B)\b", clause, re.IGNORECASE):
            continue                                  # "…, and must obtain a California PTAL before the start"
        # "before the start of the interview season": the start of another step is no start of residency
        clause = _OTHER_START.sub("", clause)
        if _BY_DATE.search(clause):                   # "by May 1 in order to begin residency in July": the date
            clause = re.sub(r"\bin order to (?:start|begin)\b[^.;]*", "", clause, flags=re.IGNORECASE)
        if _ECFMG_NOT_APPLICANT.search(clause) or _ECFMG_PURPOSE.search(clause) or _ECFMG_OTHER_ACTION.search(clause):
            continue                                  # what ECFMG does, or what most applicants do, is no deadline
        if _ECFMG_LOOKED_AT.search(clause) and not _ECFMG_REQUIRED.search(clause):
            continue
        if _ECFMG_NEGATED.search(clause) and not re.search(r"\b(?:not|n't) (?:be )?rank", clause, re.IGNORECASE):
            continue                                  # "not required before ranking": says when it is not needed
        for value, rule, pattern in (("yes_by_rank_deadline", "ecfmg.by_rank", _BY_RANK),
                                     ("yes_by_start", "ecfmg.by_start", _BY_START),
                                     ("yes_by_date", "ecfmg.by_date", _BY_DATE)):
            if any(_anchored(clause, m.start()) for m in pattern.finditer(clause)) and \
                    not (value == "yes_by_date" and _ECFMG_OTHER_STEP.search(_REFUSED_APPLICATION.sub("", clause))):
                found[value] = rule
        if any(_anchored(clause, m.start()) for m in _BY_MILESTONE.finditer(clause)) and _MILESTONE_REQUIRED.search(clause):
            found["yes_by_date"] = "ecfmg.by_milestone"
    if "yes_by_start" in found:                       # "prior to the program start date of June 24"
        found.pop("yes_by_date", None)
    if "yes_by_date" in found:                        # "by March 1st in order to be ranked": the date is the deadline
        found.pop("yes_by_rank_deadline", None)
    if len(found) == 1:
        value, rule = found.popitem()
        yield Proposal("ecfmg_by", value, unit.quote, rule)


_H1B_REFUSED = _rx(r"(?:\bnot|n't|\bno longer|\bunable to|\bcannot)\s+(?:[\w-]+\s+){0,2}(?:sponsor|offer|support|available|"
                   r"accept)")
_STEP3_FOR_ALL = _rx(r"\ball residents\b|\bduring (?:residency|the intern year|PGY-?[12])|\bbefore the end of (?:the )?"
                     r"(?:intern|PGY)")
_STEP3_NOT_REQUIRED = _rx(r"\bno (?:USMLE )?Step\s?(?:3|III) requirement\b|(?:\bnot|n't) (?:a )?(?:condition|prerequisite) "
                          r"(?:of|for)\b|n't (?:be )?(?:required|needed|necessary)\b|"
                          r"\b(?:do|does)\s*(?:not|n't) (?:require|need|have to|depend on)\b|\bnot (?:a )?(?:required|"
                          r"necessary|needed|requirement)\b(?![^.]{0,30}\bbut\b)")


def _step3_clause(text: str) -> str | None:
    """yes / no for one clause that names the H-1B and Step 3, None when it says neither."""
    if _H1B_REFUSED.search(text):
        return None                                   # "we do not sponsor H-1B, so Step 3 is not required"
    if _STEP3_NOT_REQUIRED.search(text):
        if re.search(r"\bat the time of\b|\bwhen applying\b|\bto apply\b|\bfor (?:the )?application\b|\bat application\b",
                     text, re.IGNORECASE):
            return None
        return "no"
    if re.search(r"\brequire|\bmust\b|\bneed|\bnecessary\b|\bmandatory\b|\bprerequisite\b|\bprior to\b|\bbefore\b|\bpass(?:ed|ing)?\b|"
                 r"\bcomplet|\bcontingent\b|\bresults?\b", text, re.IGNORECASE):
        return "yes"
    return None


# "The H-1B cannot be sponsored without a passing Step 3": the refusal is the condition, Step 3 is required.
_WITHOUT_STEP3 = _rx(r"\bwithout (?:a |first )?(?:passing |passed )?(?:USMLE )?(?:Step\s?(?:3|III)|all three (?:USMLE )?steps)\b")


def _step3(unit: Unit) -> Iterator[Proposal]:
    text = _scoped_keep_conditions(unit.text)
    if _WITHOUT_STEP3.search(text) and H1B_RX.search(text) and not _HEDGE.search(text) \
            and not _STEP3_FOR_ALL.search(text):
        yield Proposal("step3_for_h1b", "yes", unit.quote, "step3.required")
        return
    if _HEDGE.search(unit.text) and STEP3_RX.search(unit.text) and H1B_RX.search(unit.text) \
            and _step3_clause(unit.text) == "no" and not _STEP3_FOR_ALL.search(unit.text):
        yield Proposal("step3_for_h1b", "no", unit.quote, "step3.not_required")   # "recommended but not required"
        return
    if not (STEP3_RX.search(text) and H1B_RX.search(text)) or _HEDGE.search(text) or _STEP3_FOR_ALL.search(text) \
            or _H1B_REFUSED.search(text):
        return
    clauses = [c for c in re.split(r";", text) if H1B_RX.search(c) and STEP3_RX.search(c)]
    values = {v for c in (clauses or [text]) if (v := _step3_clause(c))}
    if len(values) == 1:
        value = values.pop()
        yield Proposal("step3_for_h1b", value, unit.quote, "step3.required" if value == "yes" else "step3.not_required")


def _scoped_keep_conditions(text: str) -> str:
    """Hedged clauses dropped ('Step 3 is recommended but not required' -> 'not required'); conditions kept."""
    if not _HEDGE.search(text):
        return text
    kept = [c.strip() for c in re.split(r"\bbut\b|,\s+", text) if c.strip() and not _HEDGE.search(c)]
    return ", ".join(kept)



SCREEN_RULES: tuple[Callable[[Unit], Iterator[Proposal]], ...] = (_step2_min, _attempts, _yog, _usce, _ecfmg, _step3)
