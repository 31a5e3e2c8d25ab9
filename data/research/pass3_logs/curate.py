# Kept for the record: the curation applied to the merged facts before writing data/research/pass3_facts.csv (pass 3, 2026-11). Not run by the build.
import pandas as pd
t = pd.read_csv('/tmp/pass3/merged_facts.csv', dtype=str, keep_default_na=False)
k = pd.concat([pd.read_csv('/work/main/data/programs.csv', dtype=str, keep_default_na=False),
               pd.read_csv('/work/main/data/research/issue4_programs_added.csv', dtype=str, keep_default_na=False), pd.read_csv('/work/main/data/research/pass3_programs_added.csv', dtype=str, keep_default_na=False)]).set_index('program_id')
# 0. round-2 rows not taken: the programme's own stricter page wins (pmr-uci), sponsor not shown to be
#    UCSD (psych-ucsd-imperial), an undated older size that conflicts with the issue-4 decision (neuro-cedars)
drop = ((t.program_id == 'pmr-uci') & (t.field == 'sponsors_j1') & (t.basis == 'institution')) \
    | (t.program_id == 'psych-ucsd-imperial') & t.field.isin(['sponsors_j1', 'sponsors_h1b']) \
    | ((t.program_id == 'neuro-cedars-sinai') & (t.field == 'positions_per_year'))
t = t[~drop]
# 0b. review: the older psychiatry FAQ ('LLUMC does not sponsor visas') is stricter than the LLUH policy -> J-1 stays empty
t = t[~((t.program_id == 'psych-loma-linda') & (t.field == 'sponsors_j1'))]
# 1. Olive View EM: sponsor not shown to be DGSOM -> no UCLA school-wide facts by analogy
t = t[~(t.program_id == 'em-ucla-olive-view')]
# 2. sizes that are one class, a plan or a derived number -> positions_note, not positions_per_year
to_note = {
    'gs-cedars-sinai': "2014-15 page: 'we will match four Categorical residents and six Preliminary residents' (positions_per_year keeps the roster's 5; verify which is current).",
    'psych-charles-r-drew': "2019 news: six first-year residents in the 2019-20 class (one class, not a stated quota).",
    'im-mlk-community': "2024 news: 15 residents in the three-year programme (about 5 a year, derived; not a stated quota).",
    'anes-llu-x4': "March 2013 Match: 14 matched (4 LLU + 10 other schools); a 2013 match result, not a stated quota.",
    'fm-emanate-west-covina': "2017 news: inaugural class of 10 residents.",
    'im-bakersfield-memorial': "2024 news: first class of 10 internal medicine residents, to 'gradually expand over time'.",
    'im-palmdale-regional': "2025: first internal medicine class of 12 residents.",
    'fm-uhs-socal-mec-temecula': "2019 news: planned inaugural class of six family medicine residents (with 20 IM).",
    'neuro-desert-regional': "2015 news: four residents in the first neurology class.",
    'im-cedars-sinai': "Application page: 'approximately 20 positions in a traditional categorical program' (approximate, so not in positions_per_year).",
    'fm-loma-linda-murrieta': "2018 news, before accreditation: 'will accept 12 residents per year' (a plan; current intake not confirmed).",
    'psych-ucsd-imperial': "2025 news: 'admitting four residents annually starting in 2026' (a plan before the first class).",
    'im-prelim-eisenhower-x4': "Undated GME page: 'Preliminary Year (6)'; 2013: six preliminary positions filled. The 2024-25 IM page says all intern positions are the 20 categorical ones, so the track may have ended.",
}
m = (t.field == 'positions_per_year') & t.program_id.isin(to_note)
t.loc[m, 'value'] = t.loc[m, 'program_id'].map(to_note)
t.loc[m, 'field'] = 'positions_note'
# 3. qualified J-1 wording stays in visa_note
m = (t.program_id == 'pmr-uci') & (t.field == 'sponsors_j1')
t.loc[m, 'field'] = 'visa_note'
t.loc[m, 'value'] = "J-1 possible only 'in select situations'; the same page says IMG applicants must be citizens or permanent residents, so sponsors_j1 stays empty."
# 4. curation for changed values
cur = {('im-prelim-ucsd-x4', 'status'): "UCSD neurology and anesthesiology pages say the preliminary IM positions moved to categorical, and the 2024-cycle IM apply page lists no preliminary code; the old evidence for the track is older than these pages.",
       ('psych-fhcsd', 'status'): "ACGME accreditation announced 2023-02-20, so the programme launched after 2020: status new per data/SCHEMA.md."}
uhs_why = ("UHS SoCal MEC, 2022-08-01: 'Following a hugely successful inaugural year offering programs in Internal Medicine, "
           "Family Medicine, Emergency Medicine and Transitional Year' - first classes c.2021 (the 2019 plan to start in July 2019 "
           "is not confirmed), so status new per data/SCHEMA.md (launched 2020 or later).")
for p in ('em-uhs-socal-mec-temecula', 'fm-uhs-socal-mec-temecula', 'ty-uhs-socal-mec-temecula'):
    m = (t.program_id == p) & (t.field == 'status')
    t.loc[m, 'value'] = 'new'
    cur[(p, 'status')] = uhs_why
im_uhs = t[(t.program_id == 'ty-uhs-socal-mec-temecula') & (t.field == 'status')].iloc[0].to_dict()
im_uhs.update(program_id='im-uhs-socal-mec-temecula')
t = pd.concat([t, pd.DataFrame([im_uhs])], ignore_index=True)
cur[('im-uhs-socal-mec-temecula', 'status')] = uhs_why
for (p, f), why in cur.items():
    t.loc[(t.program_id == p) & (t.field == f), 'curation'] = why
# 5. UCSD: current (2024-cycle) university-wide statement on the UCSD interventional radiology page
url = 'https://radiology.ucsd.edu/education/residency/application-process/integrated-interventional-radiology.html'
ev = 'International Medical Graduates will be considered on an individual basis. UC San Diego accepts ECFMG-sponsored J-1 visas. Note: H-1B visas are not available to trainees at our institution.'
ucsd = [p for p in k.index if ('ucsd' in p) and p not in ('psych-ucsd-imperial', 'gs-ucsd-p3')]
new = []
for p in ucsd:
    for f, v in (('sponsors_j1', 'yes'), ('sponsors_h1b', 'no')):
        if k.at[p, f] in ('', v):
            new.append(dict(program_id=p, field=f, value=v, basis='institution', source_url=url,
                            source_date='2024-25 cycle (deadline October 7, 2024)', checked='2026-11', evidence=ev,
                            note='University-wide wording printed on a UCSD radiology programme page (verified by re-search); not this programme\'s own page.',
                            curation=''))
t = pd.concat([t, pd.DataFrame(new)], ignore_index=True)
llu = (t.field == 'sponsors_h1b') & t.evidence.str.startswith('An existing H1-B visa')
t.loc[llu, 'note'] = (t.loc[llu, 'note'] + ' Read as transfer-only (audit 2026-11): the page lists the work statuses it accepts, and H-1B appears only as an existing H-1B from another US GME programme or for US-school F-1 students; it never offers new H-1B sponsorship to an IMG applying from abroad. data/SCHEMA.md records transfer-only as no.').str.strip()
t = t.sort_values(['program_id', 'field'], kind='stable')
t.to_csv('/work/main/data/research/pass3_facts.csv', index=False)
print(len(t), 'facts;', len(new), 'UCSD additions for', ucsd)
