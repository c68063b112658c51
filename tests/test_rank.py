from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.profile import Employer, Target
from coffeechat.ranking.ranker import COMPONENTS, Context, Ranker, seniority_of


def people(**overrides: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "person_id": ["a", "b", "c", "d"],
        "full_name": ["Ana Lee", "Bo Chen", "Cy Diaz", "Di Eze"],
        "first_name": ["Ana", "Bo", "Cy", "Di"],
        "company": ["Acme", "Globex", "Initech", "Hooli"],
        "position": ["Human Factors Engineer", "Accountant", "Senior UX Researcher", "Pastry Chef"],
        "school": ["", "", "", ""],
        "sources": ["linkedin"] * 4,
    }
    base.update(overrides)
    return pd.DataFrame(base)


def fitted(frame: pd.DataFrame, **context: object) -> Ranker:
    if "is_connection" not in frame and "sources" in frame:
        # The store's people frame says so as a boolean; these hand-made frames say it by family.
        frame = frame.assign(is_connection=frame["sources"].str.contains("linkedin"))
    return Ranker(context=Context(**context), today=date(2026, 11, 26)).fit(frame)  # type: ignore[arg-type]


def test_vocabulary_matches_titles_that_share_no_word_with_the_target() -> None:
    ranked = fitted(people()).rank([Target("UX research")])
    assert ranked["full_name"].tolist()[:2] == ["Cy Diaz", "Ana Lee"]
    assert "Di Eze" not in ranked["full_name"].head(2).tolist()


def test_components_are_in_unit_interval() -> None:
    comps = fitted(people()).components([Target("UX research"), Target("accounting")])
    for name in (*COMPONENTS, "score"):
        assert comps[name].between(0, 1).all(), name


def test_alumni_get_affinity_and_say_so() -> None:
    frame = people(
        school=["Lakeshore State University", "", "", ""], class_year=["2019", "", "", ""]
    )
    ranked = fitted(frame, schools=("Lakeshore State University",)).rank([Target("UX research")])
    ana = ranked.set_index("full_name").loc["Ana Lee"]
    assert ana["affinity"] >= 0.6
    assert "alum of Lakeshore State University, class of 2019" in ana["why"]


def test_seniority_prefers_one_or_two_levels_ahead() -> None:
    levels = seniority_of(
        pd.Series(
            [
                "UX Research Intern",
                "Associate Designer",
                "Designer",
                "Senior Designer",
                "Director of Design",
                "Chief Design Officer",
                "Vice President, Design",
                "",
            ]
        )
    )
    assert levels.tolist()[:7] == [0, 1, 2, 3, 4, 5, 4]
    assert pd.isna(levels.iloc[7])
    frame = people(
        position=[
            "UX Researcher",
            "Chief UX Research Officer",
            "UX Research Intern",
            "Senior UX Researcher",
        ]
    )
    comps = fitted(frame, level="student").components([Target("UX research")])
    # An intern is at the student's own level: 0.4; four levels ahead: 0.3; three: 0.6.
    assert comps["seniority"].tolist() == [1.0, 0.3, 0.4, 0.6]


def test_do_not_contact_people_are_never_ranked() -> None:
    frame = people(do_not_contact=[0, 0, 1, 0])
    assert "Cy Diaz" not in fitted(frame).rank([Target("UX research")])["full_name"].tolist()


def test_one_employer_does_not_fill_the_top() -> None:
    frame = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(6)],
            "full_name": [f"Person {i}" for i in range(6)],
            "company": ["Acme"] * 4 + ["Globex", "Initech"],
            "position": ["UX Researcher"] * 4 + ["UX Research Associate", "Usability Analyst"],
            "sources": ["linkedin"] * 6,
        }
    )
    ranked = fitted(frame).rank([Target("UX research")], top=3)
    assert ranked["company"].tolist().count("Acme") == 1


def test_ties_break_deterministically_on_person_id() -> None:
    frame = pd.DataFrame(
        {
            "person_id": ["z", "m", "a"],
            "full_name": ["Z", "M", "A"],
            "company": ["X", "Y", "W"],
            "position": ["UX Researcher"] * 3,
        }
    )
    assert fitted(frame).rank([Target("UX research")])["person_id"].tolist() == ["a", "m", "z"]


def test_why_names_only_components_that_scored() -> None:
    frame = people(volunteer=[1, 0, 0, 0], willing_to_help=["Informational interviews", "", "", ""])
    ranked = fitted(frame, employers=(Employer("Initech", motivation=3, posting=3),)).rank(
        [Target("UX research")]
    )
    rows = ranked.set_index("full_name")
    assert "willing to help with informational interviews" in rows.loc["Ana Lee", "why"]
    assert rows.loc["Ana Lee", "willingness"] == 1.0
    assert "LAMP" in rows.loc["Cy Diaz", "why"] and rows.loc["Cy Diaz", "employer"] == 1.0
    assert "volunteer" not in rows.loc["Cy Diaz", "why"]


def test_get_params_set_params_round_trip() -> None:
    ranker = Ranker(weights={"relevance": 0.5}, employer_decay=0.3)
    params = ranker.get_params()
    clone = Ranker().set_params(**params)
    assert clone.get_params() == params
    assert params["employer_decay"] == 0.3
    # The fitted model, which the workspace caches, keeps them all.
    model = ranker.fit(people()).model_
    assert model.get_params() == ranker.get_params()


@pytest.mark.parametrize("targets", [[], [Target("UX research")]])
def test_an_empty_network_ranks_to_an_empty_list(targets: list[Target]) -> None:
    empty = people().iloc[0:0]
    assert fitted(empty).rank(targets).empty


def test_why_agrees_with_the_components_on_the_sample(workspace) -> None:  # type: ignore[no-untyped-def]
    ranked = workspace.ranker(today=date(2026, 11, 26)).rank([Target("UX research")], top=None)
    for row in ranked.itertuples():
        assert (
            row.why.split(";")[0].endswith(("matches UX research", "(UX research)"))
            or "matches" in row.why
        )
        if "alum of" in row.why:
            assert row.affinity > 0
        if "volunteer" in row.why:
            assert row.willingness > 0
        if "LAMP list" in row.why:
            assert row.employer > 0
        if "step or two ahead" in row.why:
            assert row.seniority == 1.0
        if "message" in row.why:
            assert row.warmth >= 0.75


def test_the_workspace_reuses_its_fitted_ranker_until_the_data_changes(workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = workspace.ranker()
    assert workspace.ranker() is first
    (tmp_path / "Connections.csv").write_text(
        "First Name,Last Name,Company,Position,Connected On\nNew,Person,Acme,UX Researcher,01 Jan 2026\n"
    )
    workspace.import_path(tmp_path / "Connections.csv")
    assert workspace.ranker() is not first


def test_warmth_tie_strength_and_freshness_components() -> None:
    frame = people(
        sources=["linkedin", "linkedin", "directory", "linkedin"],
        message_count=[0, 4, 0, 40],
        messages_sent=[0, 2, 0, 20],
        messages_received=[0, 2, 0, 20],
        introduced_by=["", "", "pX", ""],
        status=["", "asked", "", "thanked"],
        asked_on=["", "2026-11-20", "", "2025-01-05"],
    )
    comps = fitted(frame).components([Target("UX research")]).set_index(frame["full_name"])
    # Warmth: introduced > two-way messages > a bare connection.
    assert comps.loc["Cy Diaz", "warmth"] == 1.0
    assert comps.loc["Bo Chen", "warmth"] == 0.9
    assert comps.loc["Ana Lee", "warmth"] == 0.6
    # Tie strength: a few messages beat none and very many; one shared context beats none.
    assert comps.loc["Bo Chen", "tie_strength"] > comps.loc["Ana Lee", "tie_strength"]
    assert comps.loc["Bo Chen", "tie_strength"] > comps.loc["Di Eze", "tie_strength"]
    assert comps.loc["Cy Diaz", "tie_strength"] > comps.loc["Ana Lee", "tie_strength"]
    # Freshness: already asked scores 0, done long ago a little, never asked fully.
    assert comps.loc["Bo Chen", "freshness"] == 0.0
    assert comps.loc["Di Eze", "freshness"] == 0.3
    assert comps.loc["Ana Lee", "freshness"] == 1.0


def test_an_unfitted_ranker_says_so() -> None:
    from sklearn.exceptions import NotFittedError

    from coffeechat.profile import Target
    from coffeechat.ranking.ranker import Ranker

    ranker = Ranker()
    with pytest.raises(NotFittedError):
        ranker.rank([Target("UX research")])
    with pytest.raises(NotFittedError):
        ranker.fields_of_people()


def test_every_weight_has_a_registered_component_and_each_scores_in_range() -> None:
    from coffeechat.profile import DEFAULT_WEIGHTS
    from coffeechat.ranking.components import REGISTRY, Facts

    assert [c.key for c in REGISTRY if c.key != "relevance"] and {c.key for c in REGISTRY} == set(
        DEFAULT_WEIGHTS
    )
    frame = people(message_count=[0, 3, 0, 40], introduced_by=["", "", "pX", ""])
    frame = frame.assign(is_connection=True)
    facts = Facts.of(frame, Context(schools=("Lakeshore",)), today=date(2026, 11, 26))
    for component in REGISTRY:
        if component.score is None:
            continue
        values = component.score(facts)
        assert len(values) == 4 and ((values >= 0) & (values <= 1)).all(), component.key


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["", "planned", "asked", "replied", "met", "thanked", "declined", "skip"]
            ),
            st.sampled_from(["", "2026-11-20", "2026-01-05", "not a date"]),
        ),
        max_size=20,
    )
)
def test_freshness_is_read_for_the_people_with_outreach_only(
    rows: list[tuple[str, str]],
) -> None:
    """Only rows with a status or an ask date are read; the result is each row's own rule."""
    from coffeechat.ranking.components import freshness_of

    frame = pd.DataFrame(
        {"status": [s for s, _ in rows], "asked_on": [a for _, a in rows]}, dtype="str"
    )
    today = date(2026, 11, 28)

    def one(status: str, asked: str) -> float:
        day = pd.to_datetime(asked, errors="coerce", format="ISO8601")
        recent = not pd.isna(day) and (pd.Timestamp(today) - day).days < 90
        if status in ("asked", "replied", "met", "scheduled") or recent:
            return 0.0
        return 0.3 if status in ("thanked", "done", "declined") else 1.0

    assert list(freshness_of(frame, today)) == [one(s, a) for s, a in rows]


def test_the_fields_kept_at_fit_are_those_worked_out_afresh(workspace) -> None:  # type: ignore[no-untyped-def]
    """Each person's closest field is worked out at fit and kept with the model (graph and
    report ask for it); it equals the field worked out again, and a stricter threshold only
    leaves more people without one."""
    model = workspace.ranker()
    kept = model.fields_of_people()
    assert kept.ne("").sum() > 100  # the sample's people mostly have a field
    model.field_codes_ = None
    again = model.fields_of_people()
    pd.testing.assert_series_equal(kept, again)
    strict = model.fields_of_people(threshold=0.5)
    assert ((strict == kept) | (strict == "")).all() and strict.eq("").sum() > kept.eq("").sum()
