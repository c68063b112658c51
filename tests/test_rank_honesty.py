"""Issue 11: a `why` is a fact, "nobody matches" is an answer, one score gives one order, and the
list leaves out people already asked, flagged or still in training."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.profile import Target
from coffeechat.ranking.evidence import NONE, WORDS, Evidence
from coffeechat.ranking.fields import FIELDS
from coffeechat.ranking.model import own_text
from coffeechat.ranking.ranker import Context, Ranker
from coffeechat.ranking.words import (
    content_stems,
    readings,
    stems_meet,
    strip_intent,
    word_stem,
)
from coffeechat.store.history import Change
from coffeechat.workspace import Workspace
from tests.conftest import write
from tests.test_cli import run

TITLES = [
    "Vice President, Credit Research",
    "Programmleiterin",
    "Partner",
    "Sawyer",
    "Miter Sawyer",
    "Parts Associate",
    "Corporate Attorney",
    "Events Planner",
    "Estate Planner",
    "City Bailiff",
    "Urban Planner",
    "UX Research Lead",
    "Human Factors Engineer",
    "Research Scientist Intern",
    "Chemistry Professor",
    "Registered Nurse",
    "Nurse Clinical Information Systems Coordinator",
    "Founder & CEO",
]


def ranker_over(titles: list[str], **columns: list[object]) -> Ranker:
    n = len(titles)
    frame = pd.DataFrame(
        {
            C.PERSON_ID: [f"p{i:03d}" for i in range(n)],
            C.FULL_NAME: [f"Person {i}" for i in range(n)],
            C.FIRST_NAME: [f"P{i}" for i in range(n)],
            C.COMPANY: [f"Company {i}" for i in range(n)],
            C.POSITION: titles,
            C.SCHOOL: [""] * n,
            C.SOURCES: ["linkedin"] * n,
            C.IS_CONNECTION: [True] * n,
            **columns,
        }
    )
    return Ranker(context=Context(), today=date(2026, 11, 27)).fit(frame)


def matched_titles(ranker: Ranker, target: str, **options: bool) -> list[str]:
    return ranker.rank([Target(target)], **options)[C.POSITION].tolist()


@pytest.mark.parametrize(
    ("target", "matches", "never"),
    [
        ("UX research", {"UX Research Lead", "Human Factors Engineer"},
         {"Vice President, Credit Research", "Programmleiterin", "Partner"}),
        ("becoming a lawyer", {"Corporate Attorney"}, {"Sawyer", "Miter Sawyer", "Parts Associate"}),
        ("urban planning", {"Urban Planner"}, {"Events Planner", "Estate Planner", "City Bailiff"}),
        ("nursing", {"Registered Nurse"}, {"Nurse Clinical Information Systems Coordinator"}),
        ("chemistry", set(), {"Chemistry Professor"}),
        ("underwater basket weaving", set(), set(TITLES)),
        ("marine biology", set(), set(TITLES)),
    ],
)  # fmt: skip
def test_only_people_with_evidence_are_listed(
    target: str, matches: set[str], never: set[str]
) -> None:
    listed = set(matched_titles(ranker_over(TITLES), target))
    assert matches <= listed
    assert not listed & never


def test_a_target_nobody_matches_is_said_and_the_closest_fields_are_named() -> None:
    ranker = ranker_over(TITLES)
    relevance = ranker.relevance([Target("marine biology"), Target("UX research")])
    assert relevance.anyone == [False, True]
    assert "Laboratory science" in ranker.closest_fields(Target("marine biology"))
    assert ranker.closest_fields(Target("xqzt vvwp")) == []
    # Letters in common name no field: only function words here, and letters of field names.
    assert ranker.closest_fields(Target("the and of")) == []
    named = ranker.closest_fields(Target("data-ish"))
    assert named and all(f.startswith("Data ") for f in named)
    # Each field named shares a word with the target (Psychology by "behavioral science").
    vocabulary = {f.name: f.text.lower() for f in FIELDS}
    named = ranker.closest_fields(Target("rocket science"))
    assert named and all("science" in vocabulary[f] for f in named)


def test_relevance_without_evidence_stays_below_every_match() -> None:
    relevance = ranker_over(TITLES).relevance([Target("UX research")])
    with_evidence = relevance.score[relevance.evidence > NONE]
    without = relevance.score[relevance.evidence == NONE]
    assert with_evidence.min() >= 0.5 > without.max()


def test_why_names_the_words_or_the_field_title_that_matched() -> None:
    ranker = ranker_over(TITLES)
    why = dict(
        zip(*[ranker.rank([Target("UX research")])[c] for c in (C.POSITION, C.WHY)], strict=True)
    )
    assert why["UX Research Lead"].startswith(
        'UX Research Lead matches UX research ("UX", "Research" in title)'
    )
    assert why["Human Factors Engineer"].startswith(
        'Human Factors Engineer matches UX research ("human factors engineer" is a UX research title)'
    )
    law = ranker.rank([Target("becoming a lawyer")])
    assert law[C.WHY].iloc[0].startswith('Corporate Attorney matches becoming a lawyer ("attorney" is a Law title)')  # fmt: skip


def test_words_in_the_profile_count_and_say_where() -> None:
    ranker = ranker_over(["Data Analyst", "Data Analyst"], degree=["BS Marine Biology", ""])
    ranked = ranker.rank([Target("marine biology")])
    assert ranked[C.FULL_NAME].tolist() == ["Person 0"]
    assert '("Marine", "Biology" in profile)' in ranked[C.WHY].iloc[0]


def test_interns_and_students_are_peers_not_interviewees() -> None:
    ranker = ranker_over(["UX Researcher", "UX Research Intern", "Student, UX research"])
    assert matched_titles(ranker, "UX research") == ["UX Researcher"]
    assert set(matched_titles(ranker, "UX research", peers=True)) == {
        "UX Researcher",
        "UX Research Intern",
        "Student, UX research",
    }


def test_the_list_is_in_the_order_of_the_score_it_shows() -> None:
    titles = ["UX Researcher"] * 6 + ["Senior UX Researcher"] * 3
    ranker = ranker_over(titles, company=["Acme"] * 5 + ["Globex", "Initech", "Acme", "Hooli"])
    ranked = ranker.rank([Target("UX research")])
    scores = ranked[C.SCORE].tolist()
    assert scores == sorted(scores, reverse=True)
    assert (ranked["diversity"] < 1).any()  # the discount is in the score, and shown
    discounted = ranked[ranked["diversity"] < 1]
    assert discounted[C.WHY].str.contains("someone at Acme ranks above").all()


# -- on the sample ---------------------------------------------------------------------------


def test_no_match_is_claimed_without_evidence_on_the_sample(workspace: Workspace) -> None:
    people = workspace.contacts().set_index(C.PERSON_ID)
    quoted = re.compile(r'"([^"]+)"')
    for target in ["UX research", "data science", "becoming a lawyer", "nursing", "marketing",
                   "urban planning", "software engineering", "public health"]:  # fmt: skip
        ranked = workspace.rank([target], top=None, everyone=True, peers=True)
        for row in ranked.itertuples():
            person = people.loc[row.person_id]
            assert row.why.startswith(f"{person[C.POSITION]} matches {target} ("), row.why
            evidence = row.why.split(" matches ", 1)[1].split(")", 1)[0]
            words = quoted.findall(evidence)
            assert words, row.why
            if " title)" in row.why or (row.why.count(" is a ") and "title" in evidence):
                title_stems = {s for _, s in content_stems(person[C.POSITION])}
                for phrase in words:
                    for _, s in content_stems(phrase):
                        assert any(stems_meet(s, t) for t in title_stems), (phrase, row.why)
            else:
                own = f"{person[C.POSITION]} {own_text(person.to_frame().T).iloc[0]}".lower()
                assert all(w.lower() in own for w in words), row.why


def test_contacted_skipped_and_flagged_people_are_left_out_unless_all(workspace: Workspace) -> None:
    everyone = workspace.rank(["UX research"], top=None, everyone=True)
    first, second, third = everyone[C.PERSON_ID].head(3)
    workspace.log(first, "met", on=date(2026, 11, 20))
    with workspace.store.transaction():
        workspace.store.append_outreach(
            [Change(second, {C.STATUS: "skip", "on_plan": 0}, note="typed skip")], source="workbook"
        )
    workspace.store.conn.execute(
        "UPDATE people SET do_not_contact = 1 WHERE person_id = ?", (third,)
    )
    workspace.store.conn.commit()
    default = workspace.rank(["UX research"], top=None)
    assert not {first, second, third} & set(default[C.PERSON_ID])
    again = workspace.rank(["UX research"], top=None, everyone=True).set_index(C.PERSON_ID)
    assert again.loc[first, C.STATUS] == "met"
    assert again.loc[second, C.STATUS] == "skip"
    assert again.loc[third, C.STATUS] == "do not contact"


def test_a_volunteer_with_no_room_this_term_is_not_whom_to_ask_first(
    workspace: Workspace, tmp_path: Path
) -> None:
    # The sample's directory says Lucia Kamau, a user researcher, has no room: "Not this term".
    today = date(2026, 11, 27)
    lucia = workspace.find("Lucia Kamau")
    everyone = workspace.rank(["UX research"], top=None, everyone=True, today=today)
    listed = everyone.set_index(C.PERSON_ID)
    assert listed.loc[lucia, C.STATUS] == "no room now"
    assert lucia not in set(workspace.rank(["UX research"], top=None, today=today)[C.PERSON_ID])
    assert "Lucia Kamau" not in set(workspace.report_content(today=today).top["name"])
    # The plan neither asks her nor lists her among whom to ask, and says why.
    book = workspace.write_plan(tmp_path / "plan.xlsx", today=today)
    assert lucia not in set(book.plan[C.PERSON_ID]) and lucia not in set(book.ranked[C.PERSON_ID])
    assert ("Lucia Kamau", "said 'Not this term' (volunteer directory)") in book.held
    # Nobody at her employer is discounted for her: the first one listed there counts in full.
    ranked = workspace.rank(["UX research"], top=None, today=today)
    colleagues = ranked[ranked[C.COMPANY] == listed.loc[lucia, C.COMPANY]]
    assert len(colleagues) and colleagues["diversity"].iloc[0] == 1.0


def test_demo_rank_report_and_workbook_agree(workspace: Workspace, tmp_path: Path) -> None:
    today = date(2026, 11, 27)
    ranked = workspace.rank(top=5, today=today)
    book = workspace.write_plan(tmp_path / "plan.xlsx", today=today)
    report = workspace.report_content(today=today)
    cols = [C.PERSON_ID, C.SCORE]
    assert book.ranked[cols].head(5).equals(ranked[cols])
    assert report.top[C.SCORE].head(5).tolist() == ranked[C.SCORE].tolist()
    assert report.top[C.WHY].head(5).tolist() == ranked[C.WHY].tolist()
    # The workbook's contacts sheet shows the same score for the same people.
    shown = book.contacts.set_index(C.PERSON_ID).loc[ranked[C.PERSON_ID], C.SCORE]
    assert shown.round(4).tolist() == ranked[C.SCORE].tolist()


def test_planned_people_all_have_evidence_and_drafts_name_no_unmatched_field(
    workspace: Workspace, tmp_path: Path
) -> None:
    book = workspace.write_plan(tmp_path / "plan.xlsx", today=date(2026, 11, 27))
    planned_new = book.plan[book.plan[C.STATUS].eq("planned")]
    matched = set(workspace.rank(top=None, peers=False)[C.PERSON_ID])
    history = set(workspace.store.outreach()[C.PERSON_ID])
    assert set(planned_new[C.PERSON_ID]) <= matched | history
    assert not planned_new[C.ROLE].str.contains(r"\bIntern\b", case=False).any()


# -- the command line ------------------------------------------------------------------------


def test_cli_nobody_matches_is_an_answer_on_stderr(workspace: Workspace) -> None:
    code, out, err = run("rank", "--target", "underwater basket weaving",
                         "--workspace", str(workspace.root))  # fmt: skip
    assert code == 0
    assert out == ""
    assert err.startswith("nobody in your network matches 'underwater basket weaving'")


def test_cli_a_target_is_quoted_as_a_field_name_and_a_pasted_paragraph_is_refused(
    workspace: Workspace,
) -> None:
    code, out, _ = run("rank", "--target", "UX    research", "--format", "csv",
                       "--workspace", str(workspace.root))  # fmt: skip
    assert code == 0 and "matches UX research (" in out and "UX    research" not in out
    pasted = "I am looking for informational interviews with people who " * 5
    code, out, err = run("rank", "--target", pasted, "--workspace", str(workspace.root))
    assert code == 2 and out == ""
    assert err.startswith("Error: a target is 289 characters long") and err.count("\n") == 1
    assert "at most 120 characters" in err


def test_a_profile_target_name_too_long_is_a_profile_error(tmp_path: Path) -> None:
    from coffeechat.errors import ProfileError
    from coffeechat.profile import load_profile

    path = tmp_path / "coffeechat.toml"
    path.write_text('[[targets]]\nname = "' + "research " * 20 + '"\n', "utf-8")
    with pytest.raises(ProfileError, match="characters long") as raised:
        load_profile(path)
    assert "description" in str(raised.value.fix)


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_cli_blank_target_is_a_usage_error(workspace: Workspace, blank: str) -> None:
    code, out, err = run("rank", "--target", blank, "--workspace", str(workspace.root))
    assert code == 2
    assert out == ""
    assert err.startswith("Error: a target is empty") and err.count("\n") == 1


def test_cli_plan_says_which_targets_plan_nobody(workspace: Workspace, tmp_path: Path) -> None:
    profile = workspace.profile_path
    profile.write_text(
        profile.read_text("utf-8") + '\n[[targets]]\nname = "underwater basket weaving"\n', "utf-8"
    )
    code, _, err = run(
        "plan", "--out", str(tmp_path / "p.xlsx"), "--workspace", str(workspace.root)
    )
    assert code == 0, err
    assert "nobody in your network matches 'underwater basket weaving'" in err
    assert "nobody planned for it" in err


# -- --school --------------------------------------------------------------------------------

ALUMNI = "Name,Email,Class Year,Title,Employer\nAda Obi,ada@x.org,2009,UX Researcher,Acme\n"


def test_import_school_makes_everyone_an_alum(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "pioneer.csv", ALUMNI)
    profile = workspace.profile_path
    profile.write_text(
        profile.read_text("utf-8").replace(
            'schools = ["Lakeshore State University"', 'schools = ["Pioneer University", "Lakeshore State University"'
        ),
        "utf-8",
    )  # fmt: skip
    code, _, err = run("import", str(path), "--school", "Pioneer University",
                       "--workspace", str(workspace.root))  # fmt: skip
    assert code == 0, err
    ws = Workspace(workspace.root)
    ada = ws.contacts().set_index(C.FULL_NAME).loc["Ada Obi"]
    assert ada[C.SCHOOL] == "Pioneer University"
    why = ws.rank(["UX research"], top=None).set_index(C.FULL_NAME).loc["Ada Obi", C.WHY]
    assert "alum of Pioneer University, class of 2009" in why
    ws.close()


def test_profile_source_setting_gives_the_school(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "Pioneer_Alumni_2026.csv", ALUMNI)
    profile = workspace.profile_path
    profile.write_text(
        profile.read_text("utf-8")
        + '\n[[sources]]\nfile = "pioneer_alumni*.csv"\nschool = "Pioneer University"\n',
        "utf-8",
    )
    ws = Workspace(workspace.root)
    ws.import_path(path)
    assert ws.contacts().set_index(C.FULL_NAME).loc["Ada Obi", C.SCHOOL] == "Pioneer University"
    ws.close()


def test_a_school_column_wins_over_school(workspace: Workspace, tmp_path: Path) -> None:
    text = "Name,Email,Class Year,School,Title\nBo Ek,bo@x.org,2001,Cedar College,Nurse\nCy Fu,cy@x.org,2002,,Nurse\n"
    workspace.import_path(write(tmp_path / "mixed.csv", text), school="Pioneer University")
    schools = workspace.contacts().set_index(C.FULL_NAME)[C.SCHOOL]
    assert schools["Bo Ek"] == "Cedar College"
    assert schools["Cy Fu"] == "Pioneer University"


def test_school_on_a_linkedin_export_is_refused(workspace: Workspace, sample_dir: Path) -> None:
    before = len(workspace.contacts())
    code, _, err = run("import", str(next(sample_dir.glob("*.zip"))), "--school", "Pioneer University",
                       "--workspace", str(workspace.root))  # fmt: skip
    assert code == 2
    assert err.startswith("Error: --school gives a school to everyone in a directory")
    assert len(Workspace(workspace.root).contacts()) == before


# -- properties ------------------------------------------------------------------------------

_word = st.text(alphabet="abcdefghilmnoprstuy", min_size=1, max_size=12)
_title = st.lists(_word, min_size=0, max_size=5).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(titles=st.lists(_title, min_size=1, max_size=8), target=_title)
def test_evidence_never_claims_a_word_the_title_lacks(titles: list[str], target: str) -> None:
    series = pd.Series(titles)
    evidence = Evidence().fit(series, pd.Series([""] * len(titles)), FIELDS)
    match = evidence.match(target)
    # Every word of one reading of the target ("ai" is also "artificial intelligence").
    wanted = [{s for _, s in content_stems(strip_intent(r))} for r in readings(target)]
    for title, kind in zip(titles, match.kind, strict=True):
        if kind == WORDS:
            have = {s for _, s in content_stems(title)}
            assert any(all(any(stems_meet(w, h) for h in have) for w in reading)
                       for reading in wanted)  # fmt: skip


ABBREVIATED = ["Machine Learning Engineer", "ML Engineer", "AI Engineer",
               "Artificial Intelligence Researcher", "UI Designer", "UX Designer", "QA Analyst",
               "Quality Assurance Engineer", "Machinist", "Human Resources Manager",
               "Recruiting Coordinator", "Customer Support Specialist",
               "Research and Development Manager", "R&D Engineer", "Research Assistant",
               "Development Officer", "M&A Analyst", "M Engineer", "Marketing Analyst",
               "Chief Executive Officer", "CEO & Founder", "Cell Operator", "Chief Financial Officer",
               "Systems Administrator", "Information Technology Specialist", "Help Desk Analyst",
               "Desk Clerk"]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "reads_as"),
    [
        ("IT support", "information technology support"),
        ("CEO", "chief executive officer"),
        ("VP of marketing", "vice president of marketing"),
        ("vice president of marketing", "vp of marketing"),
    ],
)
def test_abbreviations_are_read_spelled_out(target: str, reads_as: str) -> None:
    assert reads_as in [r.lower() for r in readings(target)]


def test_it_is_an_abbreviation_only_in_capitals() -> None:
    assert readings("getting into it") == ["getting into it"]
    assert readings("it support") == ["it support"]


@pytest.mark.parametrize(
    ("target", "matches", "never"),
    [
        ("ML", {"Machine Learning Engineer", "ML Engineer"}, {"Machinist", "AI Engineer"}),
        ("machine learning", {"Machine Learning Engineer", "ML Engineer"}, {"Machinist"}),
        ("AI/ML", {"Machine Learning Engineer", "ML Engineer", "AI Engineer",
                   "Artificial Intelligence Researcher"}, {"Machinist", "UI Designer"}),
        ("UX/UI design", {"UI Designer", "UX Designer"}, {"QA Analyst", "ML Engineer"}),
        ("quality assurance", {"QA Analyst", "Quality Assurance Engineer"}, {"UI Designer"}),
        ("HR/recruiting", {"Human Resources Manager", "Recruiting Coordinator"},
         {"Customer Support Specialist"}),
        ("machine", {"Machinist"}, {"ML Engineer", "Machine Learning Engineer"}),
        ("R&D", {"Research and Development Manager", "R&D Engineer"}, {"Research Assistant"}),
        ("research and development", {"R&D Engineer"}, {"Development Officer"}),
        # Joined by "&", the letters are one word: "M&A" is no lone "M".
        ("M&A", {"M&A Analyst"}, {"M Engineer", "Marketing Analyst"}),
        # Titles in capitals and spelled out.
        ("CEO", {"Chief Executive Officer", "CEO & Founder"},
         {"Cell Operator", "Chief Financial Officer"}),
        ("chief executive officer", {"CEO & Founder"}, {"Chief Financial Officer"}),
        ("sysadmin", {"Systems Administrator"}, {"Help Desk Analyst"}),
        # "IT" only in capitals: the everyday "it" is a stop word, and a target with it is no IT.
        ("information technology", {"Information Technology Specialist"}, {"Desk Clerk"}),
    ],
)  # fmt: skip
def test_abbreviations_and_slashes_are_read_both_ways_and_the_why_quotes_the_title(
    target: str, matches: set[str], never: set[str]
) -> None:
    ranker = ranker_over(ABBREVIATED)
    ranked = ranker.rank([Target(target)], top=None)
    listed = set(ranked[C.POSITION])
    assert matches <= listed
    assert not listed & never
    for title, why in zip(ranked[C.POSITION], ranked[C.WHY], strict=True):
        # The parenthesis quotes words the title has, or a field title it is.
        quoted = why.split("(", 1)[1].split(")", 1)[0]
        words = [w.strip('"') for w in quoted.split(" in title")[0].split(", ")]
        assert " is a" in quoted or all(w.lower() in title.lower() for w in words), why


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("physical", "physics", True),
        ("physical", "physicist", False),
        ("physics", "physicist", True),
        ("biological", "biology", True),
        ("biological", "biologist", True),
        ("electrical", "electrician", False),
        ("electrical", "electric", True),
        ("technical", "technician", False),
        ("optical", "optician", False),
        ("therapy", "therapist", True),
    ],
)
def test_an_adjective_meets_its_subject_but_not_its_practitioner(
    a: str, b: str, meet: bool
) -> None:
    (_, sa), (_, sb) = content_stems(a)[0], content_stems(b)[0]
    assert stems_meet(sa, sb) is meet


@given(a=_word, b=_word)
def test_stems_meet_is_symmetric(a: str, b: str) -> None:
    assert stems_meet(a, b) == stems_meet(b, a)


@given(a=_word, b=_word)
def test_stems_of_words_and_their_adjectives_meet_symmetrically(a: str, b: str) -> None:
    """Marked adjective stems included: "physical" and "physicist" either way round."""
    for x, y in ((a + "al", b), (a + "ical", b + "ist"), (a + "al", a + "ician")):
        sx, sy = word_stem(x), word_stem(y)
        assert stems_meet(sx, sy) == stems_meet(sy, sx)


def _greedy(scores: list[float], employers: list[str], pids: list[str], decay: float) -> list[int]:
    """The definition: repeatedly pick the best discounted score (ties by person_id), then
    discount the rest of that employer."""
    left = set(range(len(scores)))
    seen: dict[str, int] = {}
    order = []
    while left:

        def key(i: int) -> tuple[float, str]:
            count = seen.get(employers[i], 0) if employers[i] else 0
            return (-scores[i] * (1 - decay) ** count, pids[i])

        best = min(left, key=key)
        order.append(best)
        left.remove(best)
        if employers[best]:
            seen[employers[best]] = seen.get(employers[best], 0) + 1
    return order


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from([0.9, 0.8, 0.5, 0.45, 0.3, 0.1]), st.sampled_from(["", "a", "b", "c"])
        ),
        min_size=1,
        max_size=25,
    ),
    decay=st.sampled_from([0.0, 0.5, 0.75]),
)
def test_the_diversity_order_is_the_greedy_order(
    rows: list[tuple[float, str]], decay: float
) -> None:
    from coffeechat.ranking.model import _diverse_order

    scores = [s for s, _ in rows]
    employers = [e for _, e in rows]
    pids = [f"p{i:02d}" for i in range(len(rows))]
    order, factor = _diverse_order(
        pd.Series(scores),
        pd.Series(employers),
        pd.Series(range(len(pids))),
        decay=decay,
        limit=None,
    )
    assert order == _greedy(scores, employers, pids, decay)
    final = [scores[i] * f for i, f in zip(order, factor, strict=True)]
    assert final == sorted(final, reverse=True)


def test_specialised_titles_still_match_their_field() -> None:
    """Tightening the rules must not lose the obvious: a specialist is in the field."""
    ranker = ranker_over(["Oncology Nurse", "ICU Nurse", "Travel Nurse", "Landscape Architect"])
    assert set(matched_titles(ranker, "nursing")) == {"Oncology Nurse", "ICU Nurse", "Travel Nurse"}
    assert matched_titles(ranker, "architecture") == ["Landscape Architect"]


def test_production_is_not_product_management() -> None:
    ranker = ranker_over(["Production Coordinator", "Production Assistant", "Product Lead"])
    assert matched_titles(ranker, "product management") == ["Product Lead"]


@pytest.mark.parametrize(
    ("target", "titles", "matches"),
    [
        # A word several fields use ("architect": buildings, data, systems) is decided by its
        # modifier; a word only one field uses ("nurse") is not, whatever the setting.
        ("architecture",
         ["Systems Architect", "Data Architect", "Information Architect", "Web Architect",
          "Landscape Architect", "Project Architect"],
         {"Landscape Architect", "Project Architect"}),
        ("UX research", ["Games User Researcher", "UX Researcher"],
         {"Games User Researcher", "UX Researcher"}),
        ("software engineering", ["Software Engineer", "Programmer", "CNC Programmer"],
         {"Software Engineer", "Programmer"}),
        ("nursing",
         ["School Nurse", "Public Health Nurse", "Oncology Nurse", "Nursing Aide",
          "Nursing Assistant", "Psychiatric Nursing Aide", "Veterinary Nurse"],
         {"School Nurse", "Public Health Nurse", "Oncology Nurse"}),
        # An adjective in -al is not the practitioner: "physical" is no physicist.
        ("physicists", ["Physicist", "Health Physicist", "Physical Design Engineer",
                        "GIS Physical Scientist"], {"Physicist", "Health Physicist"}),
        ("electricians", ["Electrician", "Industrial Electrician", "Electrical Supervisor",
                          "Electrical Designer"], {"Electrician", "Industrial Electrician"}),
        ("electrical engineering", ["Electrical Engineer", "Electrician"], {"Electrical Engineer"}),
        # A support role beside the work, unless support is asked for.
        ("underwriting", ["Underwriter", "Underwriting Manager", "Underwriting Support Specialist"],
         {"Underwriter", "Underwriting Manager"}),
        ("customer support", ["Customer Support Representative", "Customer Success Manager"],
         {"Customer Support Representative"}),
        # Business planning, not city planning.
        ("urban planning", ["Urban Planner", "Planning Analyst"], {"Urban Planner"}),
        # A bare "therapy" does not claim a therapy of another field; naming it does.
        ("therapy", ["Therapist", "Music Therapist", "Physical Therapy Aide", "Massage Therapist"],
         {"Therapist"}),
        ("physical therapy", ["Physical Therapist", "Physical Therapy Aide", "Music Therapist"],
         {"Physical Therapist"}),
        # Support roles are their own job; asking for one finds it.
        ("medicine", ["Physician", "Physician Assistant", "Medical Assistant"], {"Physician"}),
        ("physician assistant", ["Physician", "Physician Assistant"], {"Physician Assistant"}),
        ("marketing", ["Marketing Assistant", "Marketing Manager"],
         {"Marketing Assistant", "Marketing Manager"}),
        # Snowball folds these together; they are different work.
        ("surveying", ["Land Surveyor", "Survey Research Consultant", "Market Survey Representative"],
         {"Land Surveyor"}),
        ("mechanical engineering", ["Mechanical Engineer", "Small Engine Mechanic"],
         {"Mechanical Engineer"}),
        ("social work", ["Social Worker", "Financial Counselor", "Mental Health Counselor"],
         {"Social Worker", "Mental Health Counselor"}),
        # A title that is, word for word, another field's occupation is that field's job.
        ("communications", ["Communications Engineer", "Communications Manager", "Press Officer"],
         {"Communications Manager", "Press Officer"}),
        ("architecture", ["Naval Architect", "Document Imaging Architect", "Project Architect"],
         {"Project Architect"}),
        ("audit", ["Quality Auditor", "Internal Auditor"], {"Internal Auditor"}),
        ("nutrition", ["Dairy Nutrition Consultant", "Nutrition Consultant"],
         {"Nutrition Consultant"}),
        # Other work's titles, named in the vocabulary so that the rule above can place them.
        ("accounting", ["Night Auditor", "Energy Auditor", "Staff Auditor"], {"Staff Auditor"}),
        ("software engineering", ["Pattern Maker Programmer", "Web Programmer"], {"Web Programmer"}),
        ("architecture", ["Solutions Architect", "Design Architect"], {"Design Architect"}),
        ("communications",
         ["Communications Operator", "Emergency Communications Operator", "Communications Director"],
         {"Communications Director"}),
        # A technical communicator writes documentation: technical writing's, not PR's.
        ("communications", ["Technical Communicator", "Communications Manager"],
         {"Communications Manager"}),
        # A title that is as much a plant's as a film set's places nobody in film.
        ("film production", ["Production Coordinator", "Line Producer"], {"Line Producer"}),
    ],
)  # fmt: skip
def test_a_title_of_other_work_is_no_match(
    target: str, titles: list[str], matches: set[str]
) -> None:
    """The claims the O*NET benchmark found false, each the kind of a class: the same word naming
    other work."""
    assert set(matched_titles(ranker_over(titles), target)) == matches


def test_explaining_only_the_head_gives_the_same_sentences_and_order() -> None:
    ranker = ranker_over(["UX Researcher", "Senior UX Researcher", "UX Research Lead", "Chef"])
    full = ranker.rank([Target("UX research")])
    head = ranker.rank([Target("UX research")], explain=2)
    assert head[C.PERSON_ID].tolist() == full[C.PERSON_ID].tolist()
    assert head[C.WHY].tolist()[:2] == full[C.WHY].tolist()[:2]
    assert head[C.WHY].tolist()[2:] == [""] * (len(full) - 2) and len(full) == 3


def test_an_abbreviation_ranks_as_its_words_do() -> None:
    """Relevance reads the target every way evidence does: "ML" orders people as "machine
    learning" does, not by the letters "ml" that no title has."""
    ranker = ranker_over(ABBREVIATED)
    short = ranker.rank([Target("ML")], top=None)
    long_ = ranker.rank([Target("machine learning")], top=None)
    assert short[C.PERSON_ID].tolist() == long_[C.PERSON_ID].tolist()
    assert short[C.RELEVANCE].tolist() == long_[C.RELEVANCE].tolist()
