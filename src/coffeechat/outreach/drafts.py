"""Message drafts and question sheets for informational interviews.

Requests follow the practice: lead with the connection, ask for insight and advice (never a job or an
internship), keep it mostly about them, offer 20-30 minutes at their convenience, end the ask with a
question, stay under 100 words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_LIMIT = 100
# Words a request must never contain: asking for a job burns the bridge.
FORBIDDEN = re.compile(
    r"\b(job|jobs|internship|internships|hiring|hire|position open|opening|resume|referral)\b", re.I
)


@dataclass(frozen=True)
class Recipient:
    """What a draft needs to know about the person and how the user knows them."""

    first_name: str
    company: str = ""
    position: str = ""
    field: str = ""
    school: str = ""
    class_year: str = ""
    introduced_by: str = ""
    volunteer: bool = False
    linkedin: bool = False
    messages: int = 0  # messages exchanged with them (LinkedIn)
    recent_messages: bool = False  # some of them in the last three months


def word_count(text: str) -> int:
    return len(re.findall(r"[\w'’-]+", text))


def connection_line(r: Recipient, *, my_school: str = "") -> str:
    """The first sentence: how the user and the recipient are connected."""
    if r.introduced_by:
        return f"{r.introduced_by} suggested I reach out to you."
    # Someone the user has written to never gets a cold opener.
    if r.messages and r.recent_messages:
        return "Thank you again for our recent messages on LinkedIn."
    if r.messages:
        return "We've exchanged messages on LinkedIn before, and I hope you're well."
    if r.school and my_school and r.school.casefold() == my_school.casefold():
        year = f" (class of {r.class_year})" if r.class_year else ""
        return f"I'm a fellow {r.school} student, and I saw you're an alum{year}."
    if r.volunteer:
        return "I found you through the career office's volunteer network, where you offered to talk with students."
    if r.linkedin:
        return "We're connected on LinkedIn, and I've been following your work."
    return "I came across your profile while learning about your field."


def request_draft(r: Recipient, *, me: str, my_school: str = "") -> str:
    """The first email: connection first, one question, about them, 20-30 minutes at their convenience."""
    role = f"your path to {r.position} at {r.company}" if r.position and r.company else "your path"
    field = r.field or "your field"
    return (
        f"Hi {r.first_name},\n\n"
        f"{connection_line(r, my_school=my_school)} I'm exploring {field}, and {role} is the kind of "
        "story I'm hoping to learn from. Would you be open to a 20-30 minute conversation, at a time "
        "that suits you, to share your insight and advice?\n\n"
        f"Thank you,\n{me}"
    )


def follow_up_draft(r: Recipient, *, me: str) -> str:
    """The 7-business-day follow-up: short, warm, one question."""
    field = r.field or "your field"
    return (
        f"Hi {r.first_name},\n\n"
        f"I wanted to follow up on my earlier note. I know how busy things get. I'd still value "
        f"hearing how you think about {field}. Would 20 minutes in the next few weeks work for you?\n\n"
        f"Best,\n{me}"
    )


def thank_you_draft(r: Recipient, *, me: str) -> str:
    """The thank-you, sent within a day of the conversation."""
    at = f" at {r.company}" if r.company else ""
    return (
        f"Hi {r.first_name},\n\n"
        f"Thank you for taking the time to talk with me today. Hearing about your work{at} "
        "gave me a much clearer picture, and I'm going to act on your advice. I'll let you know how "
        "it goes.\n\n"
        f"With thanks,\n{me}"
    )


def questions(r: Recipient) -> dict[str, list[str]]:
    """A question sheet by theme, tailored to the person's employer, title and field."""
    at = r.company or "your organisation"
    role = r.position or "your role"
    field = r.field or "the field"
    return {
        "Career path, education and training": [
            f"How did you get into {field}, and what led you to {at}?",
            f"What does a typical week look like as {role}?",
            f"Which skills, courses or experiences prepared you best for {role}?",
        ],
        "Challenges and rewards": [
            "What is the most rewarding part of your work?",
            f"What is hardest about working in {field} right now?",
        ],
        "Culture and environment": [
            f"How would you describe the culture at {at}?",
            "How do teams here work together day to day?",
        ],
        "Salary range for the kind of role": [
            f"What salary range is typical for someone starting out in {field}?",
        ],
        "Who else to talk to": [
            "Who else would you suggest I speak with to learn more?",
            "May I mention that you suggested I reach out?",
        ],
    }


def tiara_questions(r: Recipient) -> dict[str, str]:
    """The TIARA variant: Trends, Insights, Advice, Resources, Assignments."""
    field = r.field or "your field"
    at = r.company or "your organisation"
    return {
        "Trends": f"What trends are shaping {field} over the next few years?",
        "Insights": f"What do you know now about working at {at} that you wish you had known earlier?",
        "Advice": "What would you do in my position to prepare for this path?",
        "Resources": "Which resources, communities or people should I know about?",
        "Assignments": "Which projects or assignments were turning points in your career?",
    }


# -- asking for an introduction (double opt-in) ----------------------------------------------

# Where the paragraph for the introducer to forward begins.
FORWARD_MARK = "To forward:"
# A congratulations note stays short: it asks for nothing and needs no answer.
NOTE_WORD_LIMIT = 60


@dataclass(frozen=True)
class AboutMe:
    """What the paragraph an introducer forwards says about the user."""

    name: str
    school: str = ""
    level: str = "student"
    field: str = ""
    about: str = ""  # the profile's own sentence, if any


def forwardable(me: AboutMe, employer: str) -> str:
    """A paragraph the introducer can forward as it is: who the user is, what they hope to learn,
    and that a no is fine."""
    who = me.about or (
        f"a {me.level} at {me.school}" if me.school else f"a {me.level}" if me.level else ""
    )
    exploring = f" exploring {me.field}" if me.field and not me.about else ""
    intro = f"{me.name} is {who}{exploring}." if who else f"{me.name} is exploring {me.field}."
    first = me.name.split()[0] if me.name.split() else me.name
    return (
        f"{intro} {first} would be grateful for 20 minutes with someone at {employer} to hear "
        "about their path and any advice, at a time that suits them. It is a request for insight "
        "only, and a no is completely fine."
    )


def introduction_request_draft(r: Recipient, *, employer: str, me: AboutMe,
                               my_school: str = "") -> str:  # fmt: skip
    """The ask to an introducer: short, easy to decline, and double opt-in (they ask the other
    person first), with the paragraph to forward below it."""
    field = me.field or "a new field"
    return (
        f"Hi {r.first_name},\n\n"
        f"{connection_line(r, my_school=my_school)} I'm exploring {field}, and {employer} is one "
        "of the places I'd most like to learn about. Would you know someone there who works in "
        f"or near {field} and might be open to a short conversation? If so, could you check with "
        "them first, and forward the note below only if they're happy to?\n\n"
        f"Thank you,\n{me.name}\n\n"
        f"{FORWARD_MARK}\n{forwardable(me, employer)}"
    )


def introduction_follow_up_draft(r: Recipient, *, employer: str, me: str) -> str:
    """The follow-up to an introducer: a gentle reminder that makes saying no easy."""
    return (
        f"Hi {r.first_name},\n\n"
        f"I wanted to follow up on my note about {employer}. If nobody comes to mind, no "
        "worries at all, and thank you for reading it. Would anyone there be worth asking?\n\n"
        f"Best,\n{me}"
    )


def introducer_thank_you_draft(r: Recipient, *, employer: str, me: str) -> str:
    """The thank-you to an introducer once the introduction is made."""
    return (
        f"Hi {r.first_name},\n\n"
        f"Thank you for introducing me to someone at {employer}. I'll write to them today and "
        "let you know how the conversation goes. I really appreciate you vouching for me.\n\n"
        f"With thanks,\n{me}"
    )


def congratulations_draft(r: Recipient, *, news: str, me: str) -> str:
    """A note that asks for nothing, when someone the user met changes jobs (under 60 words)."""
    note = (
        f"Hi {r.first_name},\n\n"
        f"Congratulations on {news}! I still think about our conversation, and your advice has "
        "helped me a lot. Wishing you a great start.\n\n"
        f"Warmly,\n{me}"
    )
    if word_count(note) >= NOTE_WORD_LIMIT:  # a long title: the news alone, still warm
        note = f"Hi {r.first_name},\n\nCongratulations on {news}!\n\nWarmly,\n{me}"
    return note
