"""What a record came from: each kind of source, and the family it belongs to. The one place that
knows the families: everywhere else asks `family(kind)` or reads the people frame's booleans
(`is_connection`, `from_directory`, `from_address_book`) instead of testing strings."""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """A kind of import batch (stored as its value in `import_batches.kind`)."""

    LINKEDIN_CONNECTIONS = "linkedin_connections"
    LINKEDIN_MESSAGES = "linkedin_messages"
    LINKEDIN_INVITATIONS = "linkedin_invitations"
    LINKEDIN_RECOMMENDATIONS = "linkedin_recommendations"
    LINKEDIN_ENDORSEMENTS = "linkedin_endorsements"
    LINKEDIN_FOLLOWS = "linkedin_follows"
    LINKEDIN_PROFILE = "linkedin_profile"
    LINKEDIN_POSITIONS = "linkedin_positions"
    LINKEDIN_EDUCATION = "linkedin_education"
    LINKEDIN_EMAILS = "linkedin_emails"
    DIRECTORY = "directory"
    GOOGLE = "google"
    OUTLOOK = "outlook"
    VCARD = "vcard"  # a phone or mail app's .vcf
    INTRODUCTIONS = "introductions"
    WORKBOOK = "workbook"  # people typed into a workbook or a command

    @property
    def family(self) -> str:
        return family(self.value)


LINKEDIN = "linkedin"
DIRECTORY = "directory"
ADDRESS_BOOK = "address_book"
INTRODUCTIONS = "introductions"
TYPED = "typed"

_FAMILIES = {
    **{kind.value: LINKEDIN for kind in SourceKind if kind.value.startswith("linkedin_")},
    SourceKind.DIRECTORY.value: DIRECTORY,
    SourceKind.GOOGLE.value: ADDRESS_BOOK,
    SourceKind.OUTLOOK.value: ADDRESS_BOOK,
    SourceKind.VCARD.value: ADDRESS_BOOK,
    SourceKind.INTRODUCTIONS.value: INTRODUCTIONS,
    SourceKind.WORKBOOK.value: TYPED,
}


def family(kind: str) -> str:
    """The family of a source kind (`linkedin_connections` -> `linkedin`); unknown kinds are their
    own family."""
    return _FAMILIES.get(kind, kind)


def families(kinds: str) -> str:
    """`linkedin_connections,directory` -> `directory;linkedin`: the families, sorted."""
    return ";".join(sorted({family(k) for k in kinds.split(",") if k}))


# What `import --source` accepts ("auto" recognises the file).
SOURCES = ("auto", "linkedin", "directory", "google", "outlook", "vcard", "introductions")
