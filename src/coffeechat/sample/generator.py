"""Deterministic generator for data/sample: a fictional graduating student's LinkedIn archive,
a career-office volunteer directory, an introductions log and a profile.

`python -m coffeechat.sample data/sample` rewrites the committed files; the same code always writes the
same bytes. Nothing here describes a real person.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from coffeechat.ranking.fields import BY_KEY
from coffeechat.sample.world import (
    EMPLOYERS,
    FIRST_NAMES,
    JOB_TITLES,
    LAST_NAMES,
    STUDENT,
    STUDENT_EDUCATION,
    STUDENT_POSITIONS,
    TARGETS,
    WILLING_TOPICS,
)

SEED = 20270515
EXPORT_DATE = date(2026, 11, 20)
SCHOOL = "Lakeshore State University"
ARCHIVE_NAME = "Basic_LinkedInDataExport_11-20-2026"
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections "
    'to see or download their email address."\n'
    "\n"
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Connections per month: sparse in high school, bursts at internships, graduation and career fairs.
_BURSTS = {
    (2022, 6): 3.0,
    (2022, 7): 2.5,
    (2024, 5): 3.5,
    (2024, 6): 4.5,
    (2024, 7): 4.0,
    (2024, 8): 3.0,
    (2025, 6): 5.0,
    (2025, 7): 4.5,
    (2025, 8): 3.5,
    (2025, 10): 3.0,
    (2026, 2): 2.5,
    (2026, 10): 3.5,
    (2026, 11): 2.0,
}
_INTERNSHIPS = {2024: "Tidewater Data", 2025: "Northwind Health"}


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    company: str
    field: str
    title: str
    city: str
    slug: str
    email: str
    school: str = ""
    class_year: str = ""
    degree: str = ""
    connected_on: date | None = None
    affiliation: str = ""


def _title(rng: random.Random, field_key: str, level: int) -> str:
    field = BY_KEY[field_key]
    base = _titlecase(rng.choice(JOB_TITLES[field_key]))
    words = base.split()
    area = _titlecase(field.name)
    if level == 0:
        return f"{base} Intern"
    if level == 1 and not any(w.lower() in {"associate", "assistant", "junior"} for w in words):
        return rng.choice([f"Associate {base}", f"Junior {base}", base])
    if level == 3:
        return rng.choice([f"Senior {base}", f"Lead {base}", f"{base} II"])
    if level == 4:
        return rng.choice([f"Director, {area}", f"Head of {area}", f"Principal {base}"])
    if level == 5:
        return rng.choice([f"Vice President, {area}", "Chief Operating Officer", "Founder"])
    return base


def _titlecase(text: str) -> str:
    """`UX researcher` -> `UX Researcher`: capitalise words, keep acronyms and small words."""
    small = {"of", "and", "at", "for", "in", "the"}
    words = text.split()
    return " ".join(
        w if w.isupper() or (i and w in small) else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


class _World:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.used_names: set[tuple[str, str]] = set()
        self.slugs: set[str] = set()

    def person(
        self,
        *,
        company: str | None = None,
        field: str | None = None,
        level: int | None = None,
        alum: bool | None = None,
        affiliation: str = "",
    ) -> Person:
        rng = self.rng
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if (first, last) not in self.used_names:
                break
        self.used_names.add((first, last))
        company = company or rng.choice(sorted(EMPLOYERS))
        fields, city = EMPLOYERS[company]
        field = field or rng.choice(fields)
        level = level if level is not None else rng.choices(range(6), [3, 25, 30, 25, 12, 5])[0]
        slug = self._slug(first, last)
        domain = company.lower().replace("&", "and").replace("'", "").split()[0] + ".example.com"
        is_alum = rng.random() < 0.45 if alum is None else alum
        year = str(2026 - rng.randint(1, 30) + (0 if level else 2)) if is_alum else ""
        return Person(
            first=first,
            last=last,
            company=company,
            field=field,
            title=_title(rng, field, level),
            city=city,
            slug=slug,
            email=f"{first[0].lower()}.{_ascii(last).lower()}@{domain}",
            school=SCHOOL if is_alum else "",
            class_year=year,
            degree=rng.choice(["BA", "BS", "MS", "MBA", "PhD", "MPH"]) if is_alum else "",
            affiliation=affiliation,
        )

    def _slug(self, first: str, last: str) -> str:
        base = f"{first}-{last}".lower().replace(" ", "-")
        while True:
            slug = f"{base}-{self.rng.randrange(16**6):06x}"
            if slug not in self.slugs:
                self.slugs.add(slug)
                return slug


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


def _connection_dates(rng: random.Random, count: int) -> list[date]:
    months = []
    weights = []
    for year in range(2019, 2027):
        for month in range(1, 13):
            if (year, month) < (2019, 9) or (year, month) > (2026, 11):
                continue
            base = {
                2019: 0.3,
                2020: 0.5,
                2021: 0.9,
                2022: 1.3,
                2023: 1.6,
                2024: 2.2,
                2025: 2.6,
                2026: 2.4,
            }[year]
            months.append((year, month))
            weights.append(base * _BURSTS.get((year, month), 1.0))
    picks = rng.choices(months, weights, k=count)
    out = []
    for year, month in picks:
        last_day = 20 if (year, month) == (2026, 11) else 28
        out.append(date(year, month, rng.randint(1, last_day)))
    return sorted(out, reverse=True)


def build_people(
    seed: int = SEED,
) -> tuple[list[Person], list[Person], list[tuple[Person, Person]]]:
    """(LinkedIn connections, directory volunteers, introductions as (introducer, person))."""
    world = _World(seed)
    rng = world.rng
    dates = _connection_dates(rng, 612)
    connections: list[Person] = []
    for when in dates:
        if when.year <= 2020:
            kind = rng.choices(["teacher", "family", "peer"], [2, 3, 5])[0]
        elif when.month in (6, 7, 8) and when.year in _INTERNSHIPS and rng.random() < 0.55:
            kind = "intern"
        else:
            kind = rng.choices(["peer", "professional", "recruiter", "alum"], [4, 4, 1, 3])[0]
        if kind == "teacher":
            p = world.person(
                company="Cedar Hill High School", field="education", level=2, alum=False
            )
        elif kind == "intern":
            p = world.person(company=_INTERNSHIPS[when.year], level=rng.choice([0, 1, 2, 2, 3, 4]))
        elif kind == "peer":
            # Classmates: students then, early-career people now.
            p = world.person(level=rng.choice([0, 1, 1, 1, 2]), alum=True)
            p = replace(p, class_year=str(rng.randint(2022, 2027)))
        elif kind == "recruiter":
            p = world.person(field="human_resources", level=rng.choice([1, 2, 3]))
        elif kind == "alum":
            p = world.person(alum=True)
        else:
            p = world.person()
        connections.append(replace(p, connected_on=when))
    # 12 members deleted their accounts or are private: rows with only a date.
    blanks = set(rng.sample(range(len(connections)), 12))
    connections = [
        replace(c, first="", last="", company="", title="", slug="", email="") if i in blanks else c
        for i, c in enumerate(connections)
    ]
    real = [c for c in connections if c.first]
    # The directory: alumni, employer and parent volunteers; about a third already connected.
    directory: list[Person] = []
    overlap = rng.sample([c for c in real if c.school or rng.random() < 0.3], 130)
    for c in overlap:
        directory.append(
            replace(c, affiliation="Alumni" if c.school else rng.choice(["Employer", "Parent"]))
        )
    while len(directory) < 395:
        affiliation = rng.choices(["Alumni", "Employer", "Parent"], [6, 3, 1])[0]
        directory.append(world.person(alum=affiliation == "Alumni", affiliation=affiliation))
    # The same-name trap: a second, different person with a connection's name.
    twin = rng.choice(real)
    other = world.person(alum=True, affiliation="Alumni")
    directory.append(replace(other, first=twin.first, last=twin.last))
    # Introductions: a few warm contacts each introduced someone new.
    introducers = rng.sample(
        [c for c in real if c.field in ("ux_research", "data_science", "product_management")]
        or real,
        8,
    )
    intros: list[tuple[Person, Person]] = []
    for introducer in introducers:
        for _ in range(rng.choice([1, 1, 2])):
            newcomer = world.person(field=None, level=rng.choice([2, 3, 4]))
            intros.append((introducer, newcomer))
    # One introduced person is already in the directory: the intro links, it does not duplicate.
    intros.append((introducers[0], directory[-5]))
    return connections, directory, intros


# -- writing -------------------------------------------------------------------------------------


def _csv_text(
    header: list[str], rows: list[list[str]], *, quote_all: bool = False, line_end: str = "\n"
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        lineterminator=line_end,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _d_mon_y(d: date) -> str:
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def _url(p: Person) -> str:
    return f"https://www.linkedin.com/in/{p.slug}" if p.slug else ""


def _dirty_name(rng: random.Random, p: Person) -> tuple[str, str]:
    """Names as LinkedIn members really type them: a few with credentials, pronouns or emoji."""
    roll = rng.random()
    first, last = p.first, p.last
    if roll < 0.03:
        last = f"{last}, {rng.choice(['PhD', 'MBA', 'CFA', 'PMP', 'RN'])}"
    elif roll < 0.05:
        last = f"{last} ({rng.choice(['she/her', 'he/him', 'they/them'])})"
    elif roll < 0.06:
        first = f"🌱 {first}"
    elif roll < 0.07:
        first, last = first.upper(), last.upper()
    elif roll < 0.09:
        first = f" {first} "
    return first, last


def connections_csv(connections: list[Person], seed: int = SEED) -> str:
    rng = random.Random(seed + 1)
    rows = []
    for p in connections:
        first, last = _dirty_name(rng, p) if p.first else ("", "")
        email = p.email if p.first and rng.random() < 0.03 else ""
        company, title = (p.company, p.title) if rng.random() > 0.04 else ("", "")
        rows.append(
            [first, last, _url(p), email, company, title, _d_mon_y(p.connected_on or EXPORT_DATE)]
        )
    header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    return PREAMBLE + _csv_text(header, rows).rstrip("\n")


_TOPICS = (
    "Thanks for connecting! I'd love to hear how you got into {field}.",
    "Congrats on the new role at {company}!",
    "Would you have 20 minutes to talk about your path into {field}?",
    "Thank you so much for your time today, that was really helpful.",
    "Happy to share the slides from the talk.",
    "Are you going to the career fair next week?",
)


def messages_csv(connections: list[Person], seed: int = SEED) -> str:
    """2024-era messages.csv: conversations with about 70 connections, plus noise to be dropped."""
    rng = random.Random(seed + 2)
    me = f"{STUDENT['first']} {STUDENT['last']}"
    my_url = "https://www.linkedin.com/in/riley-tan-4a7c21"
    candidates = [c for c in connections if c.first and c.connected_on]
    partners = rng.sample(candidates, 70)
    rows = []
    for n, p in enumerate(partners):
        conv = f"2-{rng.randrange(16**12):012x}"
        count = rng.choice([1, 1, 2, 2, 3, 4, 6, 9, 14])
        start = datetime.combine(p.connected_on or EXPORT_DATE, datetime.min.time())
        for k in range(count):
            when = start + timedelta(
                days=rng.randint(0, 200), hours=rng.randint(8, 20), minutes=rng.randint(0, 59)
            )
            when = min(when, datetime(2026, 11, 19, 17, 0))
            outgoing = (k + n) % 2 == 0
            field = BY_KEY[p.field].name.lower()
            text = rng.choice(_TOPICS).format(field=field, company=p.company)
            sender, sender_url = (me, my_url) if outgoing else (f"{p.first} {p.last}", _url(p))
            to, to_url = (f"{p.first} {p.last}", _url(p)) if outgoing else (me, my_url)
            rows.append(
                [
                    conv,
                    "",
                    sender,
                    sender_url,
                    to,
                    to_url,
                    when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "",
                    text,
                    rng.choice(["INBOX", "ARCHIVE"]),
                    "No",
                ]
            )
    rows.append(
        [
            "2-sponsored0001",
            "Sponsored Conversation",
            "LinkedIn Member",
            "",
            me,
            my_url,
            "2026-03-02 10:00:00 UTC",
            "",
            "<p>Advance your career with Premium</p>",
            "INBOX",
            "No",
        ]
    )
    draft_to = partners[0]
    rows.append(
        [
            "2-draft0001",
            "",
            me,
            my_url,
            f"{draft_to.first} {draft_to.last}",
            _url(draft_to),
            "2026-11-18 21:14:00 UTC",
            "",
            "Hi! I was hoping to",
            "INBOX",
            "Yes",
        ]
    )
    header = [
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
        "IS MESSAGE DRAFT",
    ]
    return _csv_text(header, rows)


def invitations_csv(connections: list[Person], seed: int = SEED) -> str:
    rng = random.Random(seed + 3)
    me = f"{STUDENT['first']} {STUDENT['last']}"
    my_url = "https://www.linkedin.com/in/riley-tan-4a7c21"
    recent = [
        c for c in connections if c.first and c.connected_on and c.connected_on >= date(2026, 6, 1)
    ]
    rows = []
    for p in recent:
        outgoing = rng.random() < 0.6
        when = (p.connected_on or EXPORT_DATE) - timedelta(days=rng.randint(0, 3))
        stamp = f"{when.month}/{when.day}/{when.year % 100:02d}, {rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(['AM', 'PM'])}"
        name = f"{p.first} {p.last}"
        message = (
            "I enjoyed your talk at the career fair." if outgoing and rng.random() < 0.3 else ""
        )
        urn_me, urn_them = "urn:li:member:104201", f"urn:li:member:{rng.randint(10**6, 10**9)}"
        if outgoing:
            rows.append([me, name, stamp, message, "OUTGOING", urn_me, urn_them, my_url, _url(p)])
        else:
            rows.append([name, me, stamp, message, "INCOMING", urn_them, urn_me, _url(p), my_url])
    header = [
        "From",
        "To",
        "Sent At",
        "Message",
        "Direction",
        "inviterProfileUrn",
        "inviteeProfileUrn",
        "inviterProfileUrl",
        "inviteeProfileUrl",
    ]
    return _csv_text(header, rows)


def recommendations_csv(connections: list[Person], seed: int = SEED) -> str:
    """A few connections who wrote the student a recommendation (2021-on layout, dates quoted)."""
    rng = random.Random(seed + 11)
    named = [c for c in connections if c.first and c.connected_on]
    rows = []
    for p in rng.sample(named, 6):
        when = (p.connected_on or EXPORT_DATE) + timedelta(days=rng.randint(30, 300))
        when = min(when, EXPORT_DATE)
        stamp = (
            f"{when.month:02d}/{when.day:02d}/{when.year % 100:02d}, 10:{rng.randint(10, 59)} AM"
        )
        text = f"{STUDENT['first']} was a thoughtful, reliable collaborator on our project."
        rows.append([p.first, p.last, p.company, p.title, text, stamp, "VISIBLE"])
    header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]
    return _csv_text(header, rows)


SKILLS = ("User Research", "Data Analysis", "Python", "Project Management", "Public Speaking")


def endorsements_csv(connections: list[Person], seed: int = SEED) -> str:
    """Skill endorsements from connections; URLs without a scheme, as LinkedIn writes them."""
    rng = random.Random(seed + 12)
    named = [c for c in connections if c.first and c.connected_on]
    rows = []
    for p in rng.sample(named, 25):
        for skill in rng.sample(SKILLS, rng.randint(1, 2)):
            when = datetime(2025, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), 14, 7)
            url = _url(p).removeprefix("https://")
            rows.append([f"{when:%Y/%m/%d %H:%M:%S} UTC", skill, p.first, p.last, url, "ACCEPTED"])
    header = [
        "Endorsement Date",
        "Skill Name",
        "Endorser First Name",
        "Endorser Last Name",
        "Endorser Public Url",
        "Endorsement Status",
    ]
    return _csv_text(header, rows)


def follows_csv(seed: int = SEED) -> str:
    """Organisations the student follows (`Sat Dec 14 08:57:55 UTC 2024` dates)."""
    rng = random.Random(seed + 13)
    rows = []
    for name in rng.sample(sorted(EMPLOYERS), 12):
        when = datetime(2025, rng.randint(1, 12), rng.randint(1, 28), 8, 57, 55)
        rows.append([name, f"{when:%a %b %d %H:%M:%S} UTC {when.year}"])
    return _csv_text(["Organization", "Followed On"], rows)


def owner_files() -> dict[str, str]:
    s = STUDENT
    profile = _csv_text(
        [
            "First Name",
            "Last Name",
            "Maiden Name",
            "Address",
            "Birth Date",
            "Headline",
            "Summary",
            "Industry",
            "Zip Code",
            "Geo Location",
            "Twitter Handles",
            "Websites",
            "Instant Messengers",
        ],
        [
            [
                s["first"],
                s["last"],
                "",
                "",
                "",
                s["headline"],
                "",
                s["industry"],
                "",
                s["location"],
                "",
                "",
                "",
            ]
        ],
    )
    positions = _csv_text(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [[c, t, "", "Chicago, Illinois, United States", a, b] for c, t, a, b in STUDENT_POSITIONS],
    )
    education = _csv_text(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [[school, a, b, "", degree, ""] for school, a, b, degree in STUDENT_EDUCATION],
    )
    emails = _csv_text(
        ["Email Address", "Confirmed", "Primary", "Updated On"],
        [
            [s["email"], "Yes", "Yes", "9/1/25, 10:02 AM"],
            ["riley.tan.design@example.com", "Yes", "No", ""],
        ],
    )
    return {
        "Profile.csv": profile,
        "Positions.csv": positions,
        "Education.csv": education,
        "Email Addresses.csv": emails,
    }


def _class_year_variant(rng: random.Random, year: str) -> str:
    if not year:
        return ""
    roll = rng.random()
    if roll < 0.1:
        return f"'{year[2:]}"
    if roll < 0.18:
        return f"Class of {year}"
    if roll < 0.22:
        return f"{year}, {int(year) + 2}"
    return year


def directory_csv(directory: list[Person], seed: int = SEED) -> str:
    """The career office's volunteer network export (Excel 'CSV UTF-8': BOM and CRLF)."""
    rng = random.Random(seed + 4)
    header = [
        "Record ID",
        "Prefix",
        "First Name",
        "Preferred Name",
        "Last Name",
        "Affiliation",
        "School",
        "Class Year",
        "Degree",
        "Major(s)",
        "Employer",
        "Job Title",
        "Industry",
        "City",
        "State",
        "Email",
        "LinkedIn URL",
        "Willing to help with",
        "Do Not Contact",
        "Deceased",
        "Lost",
        "Notes",
        "Max Students",
        "Availability",
    ]
    rows = []
    # Its own generator, so the rest of the sample stays as it was when this was added.
    several = random.Random(seed + 21)
    # A volunteer's time (added later, with its own generator for the same reason).
    time_rng = random.Random(seed + 22)
    for n, p in enumerate(directory):
        field = BY_KEY[p.field]
        city, _, state = p.city.partition(", ")
        topics = (
            "; ".join(rng.sample(WILLING_TOPICS, rng.randint(1, 3))) if rng.random() < 0.85 else ""
        )
        dnc = "Y" if rng.random() < 0.035 else rng.choice(["N", "N", ""])
        deceased = "Y" if rng.random() < 0.005 else ""
        lost = "TRUE" if rng.random() < 0.01 else ""
        url = _url(p) if rng.random() < 0.35 else ""
        email = p.email.upper() if rng.random() < 0.1 else p.email
        if several.random() < 0.05:  # a personal address too, in the same cell
            email += (
                f"; {_ascii(p.first).lower()}.{_ascii(p.last).lower()}{n % 90 + 10}@mailbox.example"
            )
        prefix = rng.choice(["Dr.", "Ms.", "Mr.", ""]) if rng.random() < 0.15 else ""
        major = field.name if p.school else ""
        row = [
            f"{100200 + n * 7:06d}",
            prefix,
            p.first,
            "",
            p.last,
            p.affiliation,
            p.school,
            _class_year_variant(rng, p.class_year),
            p.degree,
            major,
            p.company,
            p.title,
            (field.industries or ("",))[0].title(),
            city,
            state,
            f" {email} ",
            url,
            topics,
            dnc,
            deceased,
            lost,
            "",
            time_rng.choice(["", "", "", "1", "2", "2", "3"]),
            time_rng.choice(["", "", "", "", "", "", "", "Yes", "Yes", "Not this term"]),
        ]
        rows.append(row)
        if p.school and rng.random() < 0.03:
            # One person, two degrees, two rows.
            second = list(row)
            second[8], second[9] = "MS", rng.choice(["Statistics", "Public Health", "Design"])
            rows.append(second)
    return "\ufeff" + _csv_text(header, rows, line_end="\r\n")


def introductions_csv(intros: list[tuple[Person, Person]], seed: int = SEED) -> str:
    rng = random.Random(seed + 5)
    rows = []
    for introducer, person in intros:
        when = date(2026, rng.randint(3, 11), rng.randint(1, 18))
        note = rng.choice(
            [
                "Met at the alumni panel",
                "Suggested after our coffee chat",
                "Works on a team I asked about",
                "",
            ]
        )
        rows.append(
            [
                f"{introducer.first} {introducer.last}",
                _url(introducer),
                f"{person.first} {person.last}",
                _url(person),
                person.company,
                person.title,
                when.isoformat(),
                note,
            ]
        )
    header = [
        "Introduced By",
        "Introduced By URL",
        "Person",
        "Person URL",
        "Company",
        "Position",
        "Date",
        "Note",
    ]
    return _csv_text(header, rows)


def outreach_log_csv(
    intros: list[tuple[Person, Person]], connections: list[Person], seed: int = SEED
) -> str:
    """The student's outreach so far: two autumn campaigns. Everyone who later introduced someone
    was among those asked, met and thanked; a few others replied slowly or not at all."""
    rng = random.Random(seed + 7)
    introducers = list(dict.fromkeys(i for i, _ in intros))
    others = [c for c in connections if c.first and c.slug and c not in introducers
              and c.field in ("ux_research", "data_science", "product_management")]  # fmt: skip
    rows = []
    for n, person in enumerate(introducers + rng.sample(others, 8)):
        campaign = date(2026, 9, 14) if n % 2 == 0 else date(2026, 10, 19)
        sent = campaign + timedelta(days=rng.randint(0, 4))
        rows.append([_url(person), "sent", sent.isoformat()])
        if n < len(introducers) + 3:
            replied = sent + timedelta(days=rng.choice([1, 2, 2, 3, 6, 9]))
            met = replied + timedelta(days=rng.randint(5, 12))
            rows.append([_url(person), "replied", replied.isoformat()])
            if n < len(introducers) + 1:
                rows.append([_url(person), "met", met.isoformat()])
                rows.append([_url(person), "thanked", (met + timedelta(days=1)).isoformat()])
    return _csv_text(["Person URL", "Event", "Date"], rows)


def profile_toml(directory: list[Person], connections: list[Person], seed: int = SEED) -> str:
    """The sample profile: three targets and a LAMP list of 40 employers."""
    rng = random.Random(seed + 6)
    target_fields = {
        "ux_research",
        "data_science",
        "product_management",
        "ux_design",
        "data_analytics",
    }
    relevant = [e for e, (fields, _) in sorted(EMPLOYERS.items()) if set(fields) & target_fields]
    others = [e for e in sorted(EMPLOYERS) if e not in relevant]
    chosen = relevant[:32] + rng.sample(others, 40 - len(relevant[:32]))
    s = STUDENT
    lines = [
        "# Sample profile for the fictional student Riley Tan (generated by coffeechat.sample).",
        "",
        "[me]",
        f'name = "{s["first"]} {s["last"]}"',
        f'emails = ["{s["email"]}"]',
        f'location = "{s["location"]}"',
        'country = "US"',
        f'schools = ["{SCHOOL}", "Cedar Hill High School"]',
        'past_employers = ["Northwind Health", "Tidewater Data", "Open Door Food Network"]',
        'level = "student"',
        "",
    ]
    for name, description in TARGETS:
        lines += ["[[targets]]", f'name = "{name}"', f'description = "{description}"', ""]
    for employer in chosen:
        motivation = rng.choices([0, 1, 2, 3], [1, 3, 4, 3])[0]
        posting = rng.choices([1, 2, 3], [5, 3, 2])[0]
        lines += [
            "[[employers]]",
            f'name = "{employer}"',
            f"motivation = {motivation}",
            f"posting = {posting}",
            "",
        ]
    lines += [
        "[pace]",
        "employers_at_once = 5",
        "contacts_per_employer = 2",
        "requests_per_week = 6",
        "",
    ]
    return "\n".join(lines)


def write_sample(out: Path, seed: int = SEED) -> list[Path]:
    """Write every sample file under `out`; returns the paths written."""
    connections, directory, intros = build_people(seed)
    archive = {
        "Connections.csv": connections_csv(connections, seed),
        "messages.csv": messages_csv(connections, seed),
        "Invitations.csv": invitations_csv(connections, seed),
        "Recommendations_Received.csv": recommendations_csv(connections, seed),
        "Endorsement_Received_Info.csv": endorsements_csv(connections, seed),
        "Company Follows.csv": follows_csv(seed),
        **owner_files(),
    }
    written = []
    folder = out / ARCHIVE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in archive.items():
        (folder / name).write_bytes(text.encode("utf-8"))
        written.append(folder / name)
    zip_path = out / f"{ARCHIVE_NAME}.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in archive.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    written.append(zip_path)
    for name, text in {
        "volunteer_directory.csv": directory_csv(directory, seed),
        "introductions.csv": introductions_csv(intros, seed),
        "outreach_log.csv": outreach_log_csv(intros, connections, seed),
        "coffeechat.toml": profile_toml(directory, connections, seed),
    }.items():
        (out / name).write_bytes(text.encode("utf-8"))
        written.append(out / name)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "data/sample")
    for path in write_sample(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
