from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.identity.keys import (
    email_list,
    name_key,
    normalize_email,
    normalize_profile_url,
    org_key,
    split_emails,
)
from coffeechat.identity.names import clean_name, split_full_name
from coffeechat.identity.resolve import KeyIndex

CANONICAL = "https://www.linkedin.com/in/josé-garcía"


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa",
        "https://www.linkedin.com/in/josé-garcía/",
        "www.linkedin.com/in/José-García",
        "https://de.linkedin.com/in/jos%C3%A9-garc%C3%ADa?trk=public_profile",
        "josé-garcía",
        "  HTTPS://WWW.LINKEDIN.COM/in/jos%C3%A9-garc%C3%ADa/  ",
    ],
)
def test_profile_urls_normalise_to_one_form(raw: str) -> None:
    assert normalize_profile_url(raw) == CANONICAL


@pytest.mark.parametrize(
    "raw", ["", "https://example.com/in/ana", "https://www.linkedin.com/company/acme"]
)
def test_non_profile_urls_are_dropped(raw: str) -> None:
    assert normalize_profile_url(raw) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Ana.Lee@Example.COM ", "ana.lee@example.com"),
        ("urn:li:member:123456", ""),
        ("not an email", ""),
        ("a@x.org; b@y.org", "a@x.org"),
        ("NA", ""),
    ],
)
def test_emails_are_validated_and_lower_cased(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


def test_clean_name_splits_credentials_pronouns_nicknames_and_prefixes() -> None:
    name = clean_name("Dr. Priya (Pri)", "Raman, PhD (she/her)")
    assert (name.first, name.last, name.full) == ("Priya", "Raman", "Priya Raman")
    assert name.credentials == "PhD"
    assert name.pronouns == "she/her"
    assert name.nickname == "Pri"
    assert name.prefix == "Dr."


def test_clean_name_drops_emoji_folds_bold_letters_and_fixes_case() -> None:
    assert clean_name("🟢 𝐊𝐚𝐢", "LEE 🔸").full == "Kai Lee"
    assert clean_name("ana", "o'sullivan, CFA, CAIA").credentials == "CFA, CAIA"


def test_real_names_that_look_like_placeholders_survive() -> None:
    assert clean_name("Na", "Null").full == "Na Null"


def test_split_full_name_handles_last_name_first() -> None:
    assert split_full_name("Lee, Ana") == ("Ana", "Lee")
    assert split_full_name("Ana Maria Lee") == ("Ana Maria", "Lee")


def test_keys_ignore_case_accents_and_company_suffixes() -> None:
    assert name_key("José  GARCÍA") == name_key("jose garcia")
    assert org_key("Acme, Inc.") == org_key("ACME") == "acme"


def _match(known: list[dict[str, str]], incoming: dict[str, str]) -> tuple[object, str]:
    people = pd.DataFrame(known).fillna("")
    index = KeyIndex(people)
    found = index.match(pd.DataFrame([incoming]).fillna(""))
    person = found.person.iloc[0]
    return (None if pd.isna(person) else person), found.rule.iloc[0]


def test_same_name_alone_never_matches() -> None:
    known = [{"person_id": "p1", "full_name": "Chris Lee", "company": "Acme"}]
    assert _match(known, {"full_name": "Chris Lee", "company": "Globex"}) == (None, "new")
    assert _match(known, {"full_name": "Chris Lee"}) == (None, "new")
    assert _match(known, {"full_name": "chris lee", "company": "ACME Inc"}) == (
        "p1",
        "name+employer",
    )


def test_profile_url_beats_weaker_evidence() -> None:
    known = [
        {
            "person_id": "p1",
            "full_name": "Ana Lee",
            "company": "Acme",
            "linkedin_url": "https://www.linkedin.com/in/al",
        },
        {"person_id": "p2", "full_name": "Ana Lee", "email": "ana@x.org"},
    ]
    record = {
        "full_name": "Ana Lee",
        "email": "ana@x.org",
        "linkedin_url": "https://www.linkedin.com/in/al",
    }
    assert _match(known, record) == ("p1", "profile_url")


def test_different_profile_urls_are_different_people_despite_name_and_employer() -> None:
    known = [
        {
            "person_id": "p1",
            "full_name": "Ana Lee",
            "company": "Acme",
            "linkedin_url": "https://www.linkedin.com/in/a1",
        }
    ]
    other = {
        "full_name": "Ana Lee",
        "company": "Acme",
        "linkedin_url": "https://www.linkedin.com/in/a2",
    }
    assert _match(known, other) == (None, "new")
    assert _match(known, {"full_name": "Ana Lee", "company": "Acme"}) == ("p1", "name+employer")


def test_rows_of_one_file_join_through_any_key_but_never_across_urls() -> None:
    index = KeyIndex(pd.DataFrame(columns=["person_id", "full_name"]))
    rows = pd.DataFrame(
        {
            "full_name": ["Ana Lee", "Ana Lee", "Ana Lee", "Bo Chen"],
            "company": ["Acme", "Acme", "", ""],
            "email": ["", "ana@x.org", "ana@x.org", ""],
            "linkedin_url": [
                "https://www.linkedin.com/in/a1",
                "",
                "https://www.linkedin.com/in/a2",
                "",
            ],
        }
    )
    clusters = index.match(rows).cluster.tolist()
    assert clusters[0] != clusters[2]  # two profiles stay two people
    assert clusters[3] not in clusters[:3]


def test_rows_join_the_same_way_when_earlier_rows_were_dropped() -> None:
    """Rows skipped before matching (the user's own address, a forgotten person) leave gaps in the
    index; clusters must still join the right rows."""
    index = KeyIndex(pd.DataFrame(columns=["person_id", "full_name"]))
    rows = pd.DataFrame(
        {
            "full_name": ["Ana Lee", "Ana Lee", "Bo Chen", "Ana Lee", "Cy Diaz"],
            "email": ["ana@x.org", "", "bo@x.org", "ana@x.org", "cy@x.org"],
            "company": ["", "Acme", "", "Acme", ""],
        },
        index=[3, 5, 6, 9, 12],
    )
    clusters = index.match(rows).cluster
    assert clusters[3] == clusters[5] == clusters[9]  # by email, then by name and employer
    assert len({clusters[3], clusters[6], clusters[12]}) == 3


_ADDRESSY = st.lists(
    st.one_of(
        st.emails().map(lambda e: e if len(e) < 60 else e[-59:]),
        st.sampled_from(["; ", ", ", " ", "<", ">", "NA", "mailto:", "\u00a0", "x@", "@y.org"]),
        st.text(max_size=5),
    ),
    max_size=6,
).map("".join)


@given(_ADDRESSY)
def test_every_address_in_a_cell_is_found_once_lower_cased(cell: str) -> None:
    found = email_list(cell)
    assert len(found) == len(set(found))
    assert all(e == e.lower() and "@" in e and " " not in e for e in found)
    assert email_list("; ".join(found)) == found  # the stored form reads back the same
    first, rest = split_emails(pd.Series([cell]))
    assert first[0] == (found[0] if found else "")
    assert rest[0] == "; ".join(found[1:])


@given(st.text())
def test_normalisers_never_raise_and_are_idempotent(text: str) -> None:
    url = normalize_profile_url(text)
    assert normalize_profile_url(url) == url
    email = normalize_email(text)
    assert normalize_email(email) == email
    clean_name(text, text)


@given(
    st.text(
        alphabet=st.characters(categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd", "Mn")), max_size=30
    )
)
def test_scalar_and_vectorised_keys_agree(text: str) -> None:
    import pandas as pd

    from coffeechat.identity.keys import name_keys, org_keys

    assert name_keys(pd.Series([text])).iloc[0] == name_key(text)
    assert org_keys(pd.Series([text])).iloc[0] == org_key(text)


@pytest.mark.parametrize(
    ("first", "last", "want"),
    [
        ('Robert "Bob"', "Smith", ("Robert", "Smith", "Bob")),
        ("Robert \u201cBobby\u201d", "Smith", ("Robert", "Smith", "Bobby")),
        ("Robert 'Bob'", "Smith", ("Robert", "Smith", "Bob")),
        ("Robert (Bob)", "Smith", ("Robert", "Smith", "Bob")),
        ("Sean", "O'Brien", ("Sean", "O'Brien", "")),
        ("D'Angelo", "Russo", ("D'Angelo", "Russo", "")),
        ('"Bob"', "Smith", ("Bob", "Smith", "Bob")),
    ],
)
def test_a_nickname_in_quotes_or_brackets_is_kept_apart(
    first: str, last: str, want: tuple[str, str, str]
) -> None:
    from coffeechat.identity.names import clean_name

    got = clean_name(first, last)
    assert (got.first, got.last, got.nickname) == want
    assert '"' not in got.full and "(" not in got.full


def test_drafts_greet_people_by_the_name_they_go_by(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from coffeechat.workspace import Workspace
    from tests.conftest import write

    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "coffeechat.toml").write_text(
        '[me]\nname = "Riley Tan"\n\n[[targets]]\nname = "UX research"\n', "utf-8"
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_path(
        write(
            tmp_path / "alumni.csv",
            'First Name,Last Name,Email,Title,Employer\n"Robert ""Bob""",Smith,bob@x.org,UX Researcher,Acme\n',
        )
    )
    book = ws.plan(today=date(2026, 11, 27))
    row = book.plan.set_index("full_name").loc["Robert Smith"]
    assert row["request_draft"].startswith("Hi Bob,")
    ws.close()


_FIELD = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Nd", "Zs", "Po", "Pd", "Mn")), max_size=20
)


@given(
    st.fixed_dictionaries(
        {
            "full_name": _FIELD,
            "company": _FIELD,
            "school": _FIELD,
            "class_year": st.sampled_from(["", "2019", "2024"]),
            "linkedin_url": st.sampled_from(["", "https://www.linkedin.com/in/ana-lee"]),
            "email": st.sampled_from(["", "ana@x.test"]),
            "other_emails": st.sampled_from(["", "a2@x.test", "a2@x.test; a3@y.test"]),
        }
    )
)
def test_one_persons_key_hashes_are_those_of_the_frame_rules(person: dict[str, str]) -> None:
    """`forget` hashes one stored row in plain Python: the same hashes as the import's rules
    (key_frame and addresses), so a forgotten person is not brought back by any of them."""
    from coffeechat.identity.resolve import (
        addresses,
        hash_key,
        key_frame,
        key_hashes,
        person_key_hashes,
    )

    row = pd.DataFrame([person])
    framed = [h for h in key_hashes(key_frame(row)).iloc[0] if h]
    framed += [hash_key(e) for e in addresses(row)["email"]]
    assert person_key_hashes(person) == list(dict.fromkeys(framed))
