"""Safety flags are never dropped: any spelling of do-not-contact, deceased or lost reaches the store,
keeps the person out of the ranking and the plan, and a column that only looks like a restriction
stops the import until the user says what it means."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.cli import cli
from coffeechat.errors import InputError
from coffeechat.workspace import Workspace
from tests.outreach_world import PROFILE, START, TODAY

PEOPLE = [
    ("Ana", "Okafor", "Ferrous Labs", "Senior UX Researcher"),
    ("Ben", "Osei", "Ferrous Labs", "UX Researcher"),
    ("Cai", "Ortiz", "Northwind Health", "User Researcher"),
]


def directory(tmp_path: Path, header: str, values: list[str], *, extra: str = "") -> Path:
    """A directory whose last column is `header`, with one value per person."""
    lines = [f"First Name,Last Name,Employer,Job Title,LinkedIn Profile{extra},{header}"]
    for (first, last, company, title), value in zip(PEOPLE, values, strict=True):
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"
        fill = ",N" if extra else ""
        lines.append(f"{first},{last},{company},{title},{url}{fill},{value}")
    path = tmp_path / "volunteers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "coffeechat.toml").write_text(PROFILE, encoding="utf-8")
    workspace = Workspace(root)
    yield workspace
    workspace.close()


def column(ws: Workspace, name: str) -> dict[str, int | None]:
    """first name -> a flag as stored (None: unknown)."""
    people = ws.store.query(f"SELECT first_name, {name} FROM people")
    return {
        first: None if pd.isna(value) else int(value)
        for first, value in zip(people["first_name"], people[name], strict=True)
    }


def flags(ws: Workspace) -> dict[str, int | None]:
    return column(ws, "do_not_contact")


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("isLocalDoNotContact", "true"),
        ("Do Not Email", "Y"),
        ("Email Opt Out", "1"),
        ("DNC_Flag", "X"),
        ("HasOptedOutOfEmail", "TRUE"),
        ("Do_Not_Contact__c", "yes"),
        ("UNSUBSCRIBED", "requested 2024"),  # a reason, not a yes: still do not contact
        ("do-not-contact", "Yes"),
    ],
)
def test_every_spelling_of_do_not_contact_keeps_the_person_out(
    ws: Workspace, tmp_path: Path, header: str, value: str
) -> None:
    report = ws.import_path(directory(tmp_path, header, [value, "N", ""]))
    assert header not in report.files[0].ignored_headers
    assert flags(ws) == {"Ana": 1, "Ben": 0, "Cai": None}  # an empty cell says nothing
    ranked = ws.rank(["UX research"], top=None)
    assert "Ana Okafor" not in set(ranked["full_name"])
    book = ws.plan(start=START, today=TODAY)
    assert "Ana Okafor" not in set(book.plan["full_name"])


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        ("Email Opt In", ["No", "Yes", ""], {"Ana": 1, "Ben": 0, "Cai": None}),
        ("OK to contact", ["N", "Y", "maybe"], {"Ana": 1, "Ben": 0, "Cai": 1}),
        ("Deceased", ["", "Y", "2021-03-04"], None),
    ],
)
def test_permission_and_other_flags_are_read_in_their_direction(
    ws: Workspace, tmp_path: Path, header: str, values: list[str], expected: object
) -> None:
    ws.import_path(directory(tmp_path, header, values))
    if expected is None:
        assert column(ws, "deceased") == {"Ana": None, "Ben": 1, "Cai": 1}
    else:
        assert flags(ws) == expected


def test_several_restriction_columns_add_up(ws: Workspace, tmp_path: Path) -> None:
    path = directory(tmp_path, "Email Opt Out", ["N", "N", "N"], extra=",Do Not Call")
    text = path.read_text().replace(",N,N\n", ",Y,N\n", 1)  # Ana: do not call
    path.write_text(text)
    ws.import_path(path)
    assert flags(ws) == {"Ana": 1, "Ben": 0, "Cai": 0}


@pytest.mark.parametrize(
    "header", ["Contact Preference", "Communication Preferences", "Email Status"]
)
def test_an_unclear_restriction_stops_the_import_until_mapped(
    ws: Workspace, tmp_path: Path, header: str
) -> None:
    path = directory(tmp_path, header, ["no emails", "", "any"])
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(path), "-w", str(ws.root)])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: the column '{header}' looks like a contact restriction")
    assert f"--map '{header}=do_not_contact'" in line and "line 1" in line
    assert ws.store.query("SELECT COUNT(*) AS n FROM people")["n"][0] == 0
    result = runner.invoke(
        cli, ["import", str(path), "--map", f"{header}=contact_ok", "-w", str(ws.root)]
    )
    assert result.exit_code == 0, result.output
    assert flags(ws) == {"Ana": 1, "Ben": None, "Cai": 1}


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("LinkedIn Profile=bogusfield", "unknown field 'bogusfield'"),
        ("NoSuchHeader=company", "the file has no column 'NoSuchHeader'"),
    ],
)
def test_a_map_that_cannot_apply_is_an_error(
    ws: Workspace, tmp_path: Path, mapping: str, message: str
) -> None:
    path = directory(tmp_path, "Do Not Contact", ["", "", ""])
    result = CliRunner().invoke(cli, ["import", str(path), "--map", mapping, "-w", str(ws.root)])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: --map '{mapping}': {message}")
    with pytest.raises(InputError):
        ws.import_path(path, overrides=dict([mapping.split("=")]))


def test_linkedin_profile_headers_are_read_as_profile_urls(ws: Workspace, tmp_path: Path) -> None:
    report = ws.import_path(directory(tmp_path, "Do Not Contact", ["", "", ""]))
    assert report.files[0].mapping["LinkedIn Profile"] == "linkedin_url"
    assert ws.contacts()["linkedin_url"].str.startswith("https://www.linkedin.com/in/").all()


def test_someone_flagged_after_being_planned_is_taken_off_the_plan(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.import_path(directory(tmp_path, "Do Not Contact", ["", "", ""]))
    path = tmp_path / "plan.xlsx"
    book = ws.write_plan(path, start=START, today=TODAY)
    assert "Ana Okafor" in set(book.plan["full_name"])
    ws.log("Ben Osei", "sent", on=date(2026, 12, 1))
    later = tmp_path / "later"
    later.mkdir()
    ws.import_path(directory(later, "Do Not Contact", ["Y", "Y", ""]))
    result = CliRunner().invoke(cli, ["plan", "--out", str(path), "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert "Taken off the plan" in result.output and "Ana Okafor" in result.output
    state = ws.store.outreach().set_index("person_id")
    people = ws.contacts().set_index("full_name")["person_id"]
    assert state.loc[people["Ana Okafor"], "status"] == "skip"
    # Already asked: stays in the history, with no more reminders.
    book = ws.plan(today=TODAY)
    ben = book.plan.set_index("full_name").loc["Ben Osei"]
    assert ben["next_action"] == "do not contact: flagged" and ben["next_due"] is None


def test_a_flagged_person_is_no_way_in_to_their_employer(ws: Workspace, tmp_path: Path) -> None:
    from coffeechat.reporting.insights import employer_coverage_table

    ws.import_path(directory(tmp_path, "Do Not Contact", ["Y", "", "Y"]))
    coverage = ws.reach().coverage("Ferrous Labs").set_index("full_name")
    assert coverage.loc["Ana Okafor", "path"] == "DO NOT CONTACT (flagged)"
    assert coverage.index[0] == "Ben Osei"  # the person you may write to comes first
    table = employer_coverage_table(ws.contacts(), ["Ferrous Labs", "Northwind Health"])
    counts = table.set_index("employer")[["warm", "cold"]].sum(axis=1)
    assert counts.to_dict() == {"Ferrous Labs": 1, "Northwind Health": 0}


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        # Form questions about being contacted: a yes lets the plan ask, a no keeps them out.
        ("Are you happy to be contacted by students?", ["No", "Yes", ""], {"Ana": 1, "Ben": 0, "Cai": None}),
        ("May students reach out to you?", ["Not this year", "Yes, by email", "Sure"], {"Ana": 1, "Ben": 0, "Cai": 0}),
        ("Can a student contact you about your work?", ["n", "YES", "no thanks"], {"Ana": 1, "Ben": 0, "Cai": 1}),
        ("OK for us to share your details so students can contact you", ["Yes", "No", "Yes"], {"Ana": 0, "Ben": 1, "Cai": 0}),
        # Asked the other way round: a yes means do not.
        ("Would you prefer not to be contacted?", ["Yes", "No", ""], {"Ana": 1, "Ben": 0, "Cai": None}),
        ("I do not wish to be contacted by current students", ["yes", "no", "No"], {"Ana": 1, "Ben": 0, "Cai": 0}),
    ],
)  # fmt: skip
def test_a_forms_question_about_being_contacted_is_read_in_its_direction(
    ws: Workspace, tmp_path: Path, header: str, values: list[str], expected: dict[str, int | None]
) -> None:
    # A quoted header: the questions hold commas and question marks, as Google Forms writes them.
    path = directory(tmp_path, f'"{header}"', [f'"{v}"' for v in values])
    report = ws.import_path(path)
    assert header not in report.files[0].ignored_headers
    assert flags(ws) == expected
    # The answer is no willingness to help: nobody became a volunteer by saying yes or no.
    assert set(column(ws, "volunteer").values()) <= {0, None}
    ranked = set(ws.rank(["UX research"], top=None)["full_name"])
    asked_not = {f"{first} {last}" for first, last, _, _ in PEOPLE if expected[first] == 1}
    assert not asked_not & ranked


def test_a_question_about_contacting_whose_answers_are_not_yes_or_no_stops_the_import(
    ws: Workspace, tmp_path: Path
) -> None:
    header = "How would you like students to contact you?"
    path = directory(tmp_path, f'"{header}"', ["Email", "LinkedIn", "Phone"])
    result = CliRunner().invoke(cli, ["import", str(path), "-w", str(ws.root)])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: the column '{header}' looks like a contact restriction")
    assert f"--map '{header}=ignore'" in line
    assert ws.store.query("SELECT COUNT(*) AS n FROM people")["n"][0] == 0


@pytest.mark.parametrize(
    "header",
    [
        "Would you be willing to speak with students?",
        "Happy to talk to current students (Y/N)",
        "Open to informational interviews?",
        "Available to mentor",
    ],
)
def test_a_yes_or_no_willingness_to_talk_makes_a_volunteer_or_keeps_them_out(
    ws: Workspace, tmp_path: Path, header: str
) -> None:
    path = directory(tmp_path, f'"{header}"', ["No", "Yes", ""])
    ws.import_path(path)
    assert flags(ws) == {"Ana": 1, "Ben": 0, "Cai": None}
    assert column(ws, "volunteer") == {"Ana": 0, "Ben": 1, "Cai": 0}
    # Nobody's reason quotes a bare yes or no as what they help with.
    whys = " ".join(ws.rank(["UX research"], top=None, everyone=True)["why"])
    assert "help with yes" not in whys.lower() and "help with no" not in whys.lower()
    assert "Ana Okafor" not in set(ws.rank(["UX research"], top=None)["full_name"])


def test_topics_under_a_willing_header_are_still_what_they_help_with(
    ws: Workspace, tmp_path: Path
) -> None:
    path = directory(tmp_path, "Willing to help with", ["Mock interviews", "No", "Resume review"])
    ws.import_path(path)
    assert flags(ws) == {"Ana": None, "Ben": None, "Cai": None}
    topics = ws.store.query("SELECT first_name, willing_to_help FROM people")
    said = dict(zip(topics["first_name"], topics["willing_to_help"], strict=True))
    # A bare "No" among the topics is no topic, and no offer to help.
    assert said == {"Ana": "Mock interviews", "Ben": "", "Cai": "Resume review"}
    assert column(ws, "volunteer") == {"Ana": 1, "Ben": 0, "Cai": 1}


@pytest.mark.parametrize(
    ("header", "direction"),
    [
        # Restrictions, however a directory words them: a yes keeps the person out.
        ("Exclude from outreach", "restriction"),
        ("Hide from students", "restriction"),
        ("Do NOT reach out", "restriction"),
        ("Do not disturb", "restriction"),
        ("No students", "restriction"),
        ("Blocked", "restriction"),
        ("Not OK to contact", "restriction"),
        # Permissions: a no keeps the person out.
        ("Contact OK", "permission"),
        ("Contact allowed", "permission"),
        ("Student contact (Y/N)", "permission"),
        ("Reachable", "permission"),
    ],
)
def test_restrictions_and_permissions_of_other_wordings_are_read_in_their_direction(
    ws: Workspace, tmp_path: Path, header: str, direction: str
) -> None:
    values = ["Y", "N", ""] if direction == "restriction" else ["N", "Y", ""]
    report = ws.import_path(directory(tmp_path, f'"{header}"', values))
    assert header not in report.files[0].ignored_headers
    assert flags(ws) == {"Ana": 1, "Ben": 0, "Cai": None}


@pytest.mark.parametrize("header", ["Student contact restriction", "Mailing restriction"])
def test_a_permission_or_restriction_of_no_direction_stops_the_import(
    ws: Workspace, tmp_path: Path, header: str
) -> None:
    with pytest.raises(InputError, match="looks like a contact restriction"):
        ws.import_path(directory(tmp_path, header, ["Y", "N", ""]))
    assert ws.store.query("SELECT COUNT(*) AS n FROM people")["n"][0] == 0


GOOGLE = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value\n"
    "Ana,,Okafor,Ferrous Labs,Senior UX Researcher,* myContacts ::: Do not contact,* Work,a@f.test\n"
    "Ben,,Osei,Ferrous Labs,UX Researcher,* myContacts ::: Work ::: Family,* Work,b@f.test\n"
    "Cai,,Ortiz,Northwind Health,User Researcher,Deceased,* Work,c@n.test\n"
)
OUTLOOK = (
    "First Name,Last Name,Company,Job Title,E-mail Address,Categories\n"
    "Ana,Okafor,Ferrous Labs,Senior UX Researcher,a@f.test,Alumni;DNC\n"
    "Ben,Osei,Ferrous Labs,UX Researcher,b@f.test,Alumni\n"
    "Cai,Ortiz,Northwind Health,User Researcher,c@n.test,Lost touch\n"
)
VCARDS = "".join(
    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{first} {last}\r\nN:{last};{first};;;\r\n"
    f"ORG:{org}\r\nTITLE:{title}\r\n{cats}END:VCARD\r\n"
    for (first, last, org, title), cats in zip(
        PEOPLE, ["CATEGORIES:Friends,Do not contact\r\n", "CATEGORIES:Friends\r\n", ""], strict=True
    )
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("contacts.csv", GOOGLE, {"do_not_contact": {"Ana": 1, "Ben": None, "Cai": None},
                                  "deceased": {"Ana": None, "Ben": None, "Cai": 1}}),
        ("outlook.csv", OUTLOOK, {"do_not_contact": {"Ana": 1, "Ben": None, "Cai": None},
                                  "lost": {"Ana": None, "Ben": None, "Cai": 1}}),
        ("contacts.vcf", VCARDS, {"do_not_contact": {"Ana": 1, "Ben": None, "Cai": None}}),
    ],
)  # fmt: skip
def test_an_address_book_label_flags_the_person(
    ws: Workspace, tmp_path: Path, name: str, text: str, expected: dict[str, dict[str, int | None]]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = ws.import_path(path)
    assert not {"Labels", "Categories"} & set(report.files[0].ignored_headers)
    for flag, values in expected.items():
        assert column(ws, flag) == values, flag
    assert "Ana Okafor" not in set(ws.rank(["UX research"], top=None)["full_name"])


@pytest.mark.parametrize(
    "header", ["Block", "Blockchain experience", "How did you hear about us", "Max Students"]
)
def test_a_column_that_only_shares_a_word_with_a_restriction_flags_nobody(
    ws: Workspace, tmp_path: Path, header: str
) -> None:
    ws.import_path(directory(tmp_path, header, ["7", "Y", "yes"]))
    assert flags(ws) == {"Ana": None, "Ben": None, "Cai": None}


@pytest.mark.parametrize(
    ("header", "values", "flag"),
    [
        ("Record Status", ["Deceased", "Active", ""], "deceased"),
        ("Constituent Status", ["Lost", "Active", "Active"], "lost"),
        ("Solicit Codes", ["Do Not Email; Do Not Call", "Newsletter", ""], "do_not_contact"),
        ("Mailing Codes", ["Opted Out", "", "Annual report"], "do_not_contact"),
    ],
)
def test_a_coded_column_flags_by_value(
    ws: Workspace, tmp_path: Path, header: str, values: list[str], flag: str
) -> None:
    report = ws.import_path(directory(tmp_path, header, values))
    assert report.files[0].mapping[header] == "flags by value"
    assert column(ws, flag) == {"Ana": 1, "Ben": None, "Cai": None}  # another value says nothing
    assert "Ana Okafor" not in set(ws.rank(["UX research"], top=None)["full_name"])


def test_prose_that_mentions_a_flag_word_flags_nobody(ws: Workspace, tmp_path: Path) -> None:
    values = ["Her late husband, now deceased, was class of 1990", "Lost the 2019 election", ""]
    ws.import_path(directory(tmp_path, '"Background"', [f'"{v}"' for v in values]))
    assert column(ws, "deceased") == {"Ana": None, "Ben": None, "Cai": None}
    assert column(ws, "lost") == {"Ana": None, "Ben": None, "Cai": None}


def test_a_note_that_is_only_a_code_flags_the_person(ws: Workspace, tmp_path: Path) -> None:
    values = ["DNC per request", "Her late husband, now deceased, was class of 1990", "Deceased"]
    ws.import_path(directory(tmp_path, "Notes", [f'"{v}"' for v in values]))
    assert flags(ws) == {"Ana": 1, "Ben": None, "Cai": None}
    assert column(ws, "deceased") == {"Ana": None, "Ben": None, "Cai": 1}
    # The notes are still the notes.
    notes = ws.store.query("SELECT first_name, notes FROM people")
    assert dict(zip(notes["first_name"], notes["notes"], strict=True))["Ana"] == "DNC per request"


@settings(max_examples=150, deadline=None)
@given(
    field=st.sampled_from(["do_not_contact", "deceased", "lost"]),
    data=st.data(),
    filler=st.lists(
        st.sampled_from(["alum", "since", "2019", "per", "request", "the", "board"]), max_size=6
    ),
)
def test_a_code_is_a_flags_phrase_with_at_most_two_words_more(
    field: str, data: st.DataObject, filler: list[str]
) -> None:
    from coffeechat.ingest.safety import SAFETY_PHRASES, _code_field

    phrase = data.draw(st.sampled_from(SAFETY_PHRASES[field]))
    words = [*phrase.split(), *filler]
    read = _code_field(" ".join(words))
    if len(filler) <= 2 and len(words) <= 5:
        assert read is not None, words  # a short code always flags
    if len(words) > 5:
        assert read is None, words  # prose never does


@pytest.mark.parametrize(
    ("header", "values", "expected"),
    [
        ("Email Opt In", ["Opted out", "Opted in", "Consent given"], {"Ana": 1, "Ben": 0, "Cai": 0}),
        ("Email Opt Out", ["Opted out", "Opted in", "Subscribed"], {"Ana": 1, "Ben": 0, "Cai": 0}),
        ("Contact consent", ["Consent withdrawn", "Consent given", "Not given"],
         {"Ana": 1, "Ben": 0, "Cai": 1}),
    ],
)  # fmt: skip
def test_a_permission_said_in_words_is_read_either_way(
    ws: Workspace, tmp_path: Path, header: str, values: list[str], expected: dict[str, int]
) -> None:
    ws.import_path(directory(tmp_path, header, values))
    assert flags(ws) == expected
