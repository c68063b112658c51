"""What an import did, file by file: counts per outcome, reasons and line numbers, as lines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

_FACT_LABELS = {
    "follows": "organisations you follow",
    "titles": "job titles",
    "profile_urls": "profile URL",
}


@dataclass
class FileReport:
    """What one file contributed: counts per outcome, with reasons and line numbers for skips."""

    name: str
    kind: str
    rows_read: int = 0
    added: int = 0
    merged: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    interactions_added: int = 0
    interactions_unmatched: int = 0
    introductions_added: int = 0
    events: Counter[str] = field(default_factory=Counter)
    already_imported: bool = False
    batch_id: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=dict)  # facts about the user, by kind
    # Outreach the file's messages moved on: (person, new status, date).
    outreach: list[tuple[str, str, str]] = field(default_factory=list)
    # Congratulations notes the file's job changes made due: (person, what changed).
    congratulations: list[tuple[str, str]] = field(default_factory=list)
    # Kept but changed on the way, by line (a value cut, a date left empty, a stray quote).
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # The whole file was skipped (a damaged file in a folder): the one-line error.
    error: str = ""

    def lines(self) -> list[str]:
        """The report as printable lines."""
        if self.already_imported:
            return [f"{self.name}: already imported (same content), nothing changed"]
        if self.error:
            return [f"{self.name}: skipped, nothing of it was stored ({self.error})"]
        out = [f"{self.name} ({self.kind}): {self.rows_read} rows read"]
        if self.mapping:
            out.append("  columns: " + ", ".join(f"{h} -> {f}" for h, f in self.mapping.items()))
        if self.ignored_headers:
            out.append("  ignored columns: " + ", ".join(self.ignored_headers))
        if self.added or self.merged:
            merged = ", ".join(f"{n} by {rule}" for rule, n in sorted(self.merged.items()))
            out.append(
                f"  people added: {self.added}; merged: {sum(self.merged.values())}"
                + (f" ({merged})" if merged else "")
            )
        if self.interactions_added or self.interactions_unmatched:
            out.append(
                f"  interactions added: {self.interactions_added}; "
                f"not matched to a contact: {self.interactions_unmatched}"
            )
        if self.introductions_added:
            out.append(f"  introductions added: {self.introductions_added}")
        if self.facts:
            about = ", ".join(
                f"{n} {_FACT_LABELS.get(kind, kind.replace('_', ' '))}"
                for kind, n in self.facts.items()
            )
            out.append(f"  about you: {about}")
        for kind, n in sorted(self.events.items()):
            out.append(f"  {kind.replace('_', ' ')}s recorded: {n}")
        if self.outreach:
            moved = "; ".join(f"{who} {status} on {day}" for who, status, day in self.outreach[:5])
            more = f" and {len(self.outreach) - 5} more" if len(self.outreach) > 5 else ""
            out.append(f"  outreach from your messages: {moved}{more}")
        if self.congratulations:
            shown = "; ".join(f"{who} ({what})" for who, what in self.congratulations[:5])
            more = (
                f" and {len(self.congratulations) - 5} more"
                if len(self.congratulations) > 5
                else ""
            )
            out.append(f"  congratulations to send: {shown}{more}")
        for label, items in (("skipped", self.skipped), ("warning", self.warnings)):
            reasons = Counter(reason for _, reason in items)
            for reason, n in reasons.most_common():
                where = [str(line) for line, r in items if r == reason][:5]
                more = ", ..." if n > 5 else ""
                lines = "line" if n == 1 else "lines"
                out.append(f"  {label} {n}: {reason} ({lines} {', '.join(where)}{more})")
        return out


@dataclass
class ImportReport:
    """The outcome of one `import`: a report per file."""

    path: str
    files: list[FileReport]
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def merged(self) -> int:
        return sum(sum(f.merged.values()) for f in self.files)

    @property
    def errors(self) -> list[str]:
        """One `Error:` line per file skipped as a whole."""
        return [f"Error: {f.error}" for f in self.files if f.error]

    def lines(self) -> list[str]:
        out = [line for f in self.files for line in f.lines()]
        if self.dry_run:
            out.append("dry run: nothing was written")
        return out
