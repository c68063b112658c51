"""The `coffeechat` command: a thin click layer over the library. Each verb makes one library call
and turns library errors into one `Error: ...` line (exit 1; usage errors exit 2)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import CoffeechatError, UsageError
from coffeechat.kinds import SOURCES
from coffeechat.network.graphfiles import FORMATS as GRAPH_FORMATS
from coffeechat.workspace import DB_FILE, PROFILE_FILE, Workspace

F = TypeVar("F", bound=Callable[..., Any])


class CoffeechatGroup(click.Group):
    """A click group whose errors are single `Error:` lines, never tracebacks."""

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in given or bool(os.environ.get("COFFEECHAT_DEBUG"))
        given = [a for a in given if a != "--debug"]
        try:
            code = super().main(given, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            hint = (
                f" (see `coffeechat {exc.ctx.info_name} --help`)"
                if exc.ctx and exc.ctx.parent
                else ""
            )
            click.echo(f"Error: {exc.format_message()}{hint}", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.format_message()}", err=True)
            sys.exit(1)
        except click.Abort:
            click.echo("Error: aborted", err=True)
            sys.exit(1)
        except CoffeechatError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            sys.exit(2 if isinstance(exc, UsageError) else 1)
        except OSError as exc:
            if debug:
                raise
            where = f", {exc.filename}" if exc.filename else ""
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                click.echo(
                    f"Error: the disk is full{where}, free some space and run the command again"
                    " (nothing half-written was kept)",
                    err=True,
                )
                sys.exit(1)
            click.echo(
                f"Error: {exc.strerror or exc}{where}, check the path and its permissions", err=True
            )
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; nothing half-written was kept", err=True)
            sys.exit(130)
        except Exception as exc:
            if debug:
                raise
            report = write_crash_report(exc, given)
            click.echo(
                f"Error: something went wrong inside coffeechat ({exc.__class__.__name__}), "
                f"{'a crash report is in ' + str(report) if report else 'no crash report written'}"
                ", please report it with that file (run again with --debug to see the details)",
                err=True,
            )
            sys.exit(70)  # EX_SOFTWARE
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def write_crash_report(exc: BaseException, args: list[str]) -> Path | None:
    """What went wrong, for a bug report, in `<workspace>/crash-reports/`: versions, the command
    and its option names (never their values), the exception's type and where in coffeechat it
    was raised. No message and no values: those may hold a contact's name or email."""
    import platform
    import traceback
    from datetime import datetime
    from importlib.metadata import version

    root = Path(os.environ.get("COFFEECHAT_WORKSPACE", "."))
    for flag in ("-w", "--workspace"):
        if flag in args and args.index(flag) + 1 < len(args):
            root = Path(args[args.index(flag) + 1])
    command = [a for a in args if a.startswith("-") and a not in ("-w", "--workspace")]
    verb = next((a for a in args if not a.startswith("-")), "")
    frames = [
        f"  {Path(f.filename).name}:{f.lineno} in {f.name}"
        for f in traceback.extract_tb(exc.__traceback__)
    ]
    text = "\n".join(
        [
            f"coffeechat {version('coffeechat')}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}",
            f"command: coffeechat {verb} {' '.join(command)}".rstrip(),
            f"error: {exc.__class__.__module__}.{exc.__class__.__name__}",
            "where:",
            *frames,
        ]
    )
    try:
        folder = root / "crash-reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        return path
    except OSError:
        return None


def workspace_option(func: F) -> F:
    """--workspace DIR on every command (default: COFFEECHAT_WORKSPACE, else the current folder)."""
    return click.option(
        "--workspace",
        "-w",
        "workspace",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="COFFEECHAT_WORKSPACE",
        default=Path("."),
        show_default="current folder or $COFFEECHAT_WORKSPACE",
        help="The workspace folder (coffeechat.toml + coffeechat.db).",
    )(func)


reports_folder_option = click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"), show_default=True,
    help="The folder to write into.",
)  # fmt: skip
format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
    help="A table to read, or CSV / JSON for other programs.",
)  # fmt: skip


def _open(workspace: Path, *, must_exist: bool = True) -> Workspace:
    ws = Workspace(workspace, create=not must_exist)
    if must_exist and not ws.db_path.exists():
        raise CoffeechatError(
            "no coffeechat workspace here",
            where=str(workspace.resolve()),
            fix="run `coffeechat init` and `coffeechat import FILE`, or pass --workspace DIR",
        )
    return ws


@contextmanager
def _progress() -> Iterator[Callable[[str], None] | None]:
    """A rich progress display on a terminal; nothing when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  transient=True) as bar:  # fmt: skip
        task = bar.add_task("working", total=None)
        yield lambda what: bar.update(task, description=what)


# A cell a spreadsheet would run as a formula starts with one of these (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe: imported text
    such as `=HYPERLINK(...)` or `+cmd|' /C calc'!A0` is shown, never run."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.StringDtype):
            # A whole text column at once (Arrow): 580,000 pairs of a big network's `dupes`
            # took 10 s cell by cell.
            risky = values.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            out[column] = values.where(~risky, "'" + values)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            # Built as objects: `map` would infer a type, and 7 beside a blank would print 7.0.
            out[column] = pd.Series(
                ["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
                 for v in values],
                index=out.index, dtype=values.dtype,
            )  # fmt: skip
    return out


# A table on a terminal shows this many rows at most (a career office's 500,000 contacts, or
# 400,000 possible duplicates, would scroll for minutes); csv and json give every row.
TABLE_ROWS = 500
DUPES_SHOWN = 50  # pairs to review at a time


def _emit(
    frame: pd.DataFrame, fmt: str, *, title: str = "", most: int | None = None, total: int = 0
) -> None:
    """Print a frame as csv, json or a table (at most `most` rows, else TABLE_ROWS, of `total`
    rows, else of the frame's)."""
    total = max(total, len(frame))
    most = TABLE_ROWS if most is None else most
    if fmt == "table" and total > most:
        frame = frame.head(most)
        click.echo(
            f"Showing the first {most:,} of {total:,}: --format csv lists them all.", err=True
        )
    if fmt == "csv":
        click.echo(_csv_safe(frame).to_csv(index=False, lineterminator="\n"), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(frame.to_dict("records"), ensure_ascii=False, indent=2, default=str))
    else:
        _print_table([str(c) for c in frame.columns], frame.itertuples(index=False), title=title)


def _print_table(columns: list[str], rows: Iterable[Sequence[Any]], *, title: str = "") -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title or None, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        # Text, not markup: an imported "Engineer [Contract]" is shown as it is, never styled.
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    Console().print(table)


@click.group(cls=CoffeechatGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coffeechat")
def cli() -> None:
    """Turn your contacts into a plan of informational interviews."""


@cli.command()
@workspace_option
def init(workspace: Path) -> None:
    """Create a workspace: a commented coffeechat.toml profile and the database.

    \b
    Examples:
      coffeechat init
      coffeechat init -w ~/my-network
    """
    with Workspace(workspace) as ws:
        result = ws.init()
    if result.profile_created:
        click.echo(f"Wrote {ws.profile_path}: edit it to set your targets and LAMP employers.")
    else:
        click.echo(f"Kept your existing {ws.profile_path}.")
    click.echo(f"Database: {ws.db_path}")


def _parse_map(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        header, sep, field = value.rpartition("=")
        if not sep or not header.strip() or not field.strip():
            raise click.BadParameter(f"'{value}' is not Header=field", param_hint="--map")
        mapping[header.strip()] = field.strip()
    return mapping


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--source",
    type=click.Choice(SOURCES),
    default="auto",
    show_default=True,
    help="What the file is; auto recognises it from its name and header.",
)
@click.option("--name", "label", default="", help="A label for this import (e.g. 'alumni 2026').")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="'Header=field'",
    help="Map a directory column onto a field (repeatable).",
)
@click.option("--encoding", default=None, help="The file's text encoding, if not detected.")
@click.option(
    "--school",
    default="",
    metavar="NAME",
    help="Everyone in this directory is an alum of NAME (where it names no school itself).",
)
@click.option("--dry-run", is_flag=True, help="Print the report and write nothing.")
@workspace_option
def import_(
    path: Path,
    source: str,
    label: str,
    mapping: tuple[str, ...],
    encoding: str | None,
    school: str,
    dry_run: bool,
    workspace: Path,
) -> None:
    """Import a LinkedIn export (ZIP, folder or CSV), a directory CSV/XLSX or an introductions log.

    \b
    Examples:
      coffeechat import Basic_LinkedInDataExport_11-20-2026.zip
      coffeechat import alumni.csv --name 'alumni 2026' --map 'Grad Yr=class_year'
      coffeechat import pioneer_alumni.csv --school 'Pioneer University'
    """
    with ExitStack() as stack:
        if dry_run and not (workspace / DB_FILE).exists():
            # A dry run writes nothing: not even a new workspace. It reads into a throwaway one
            # (with the profile, if there is one).
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            if (workspace / PROFILE_FILE).exists():
                shutil.copy(workspace / PROFILE_FILE, scratch / PROFILE_FILE)
            workspace = scratch
        ws = stack.enter_context(_open(workspace, must_exist=False))
        step = stack.enter_context(_progress())
        report = ws.import_path(
            path, source=source, label=label, encoding=encoding, overrides=_parse_map(mapping),
            school=school, dry_run=dry_run, progress=step,
        )  # fmt: skip
    for line in report.lines():
        click.echo(line)
    # A file skipped as a whole (the others were imported): its own error line, and exit 1.
    for line in report.errors:
        click.echo(line, err=True)
    if report.errors:
        sys.exit(1)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json", "vcf"]), default="table",
    show_default=True, help="A table to read, CSV / JSON for other programs, vCard for a phone.",
)  # fmt: skip
@click.option("--changed", is_flag=True, help="List new connections and job changes instead.")
@click.option("--plan", "on_plan", is_flag=True, help="Only the people on your plan.")
@workspace_option
def contacts(fmt: str, changed: bool, on_plan: bool, workspace: Path) -> None:
    """Everyone in the workspace, one row per person.

    \b
    Examples:
      coffeechat contacts --format csv > contacts.csv
      coffeechat contacts --plan --format vcf > plan.vcf
      coffeechat contacts --changed
    """
    with _open(workspace) as ws:
        people = ws.contacts()
        if on_plan:
            outreach = ws.store.outreach()
            planned = outreach[outreach["on_plan"].eq(1) & outreach[C.STATUS].ne("skip")]
            people = people[people[C.PERSON_ID].isin(list(planned[C.PERSON_ID]))]
        if fmt == "vcf" and not changed:
            from coffeechat.ingest.vcard import write_vcards

            click.echo(write_vcards(people), nl=False)
            return
        frame = ws.store.events() if changed else people[list(C.CONTACTS_CSV)]
        if fmt == "vcf":
            raise click.UsageError("--changed lists changes, not people: use --format csv")
    if fmt == "table" and not changed:
        frame = frame[[C.FULL_NAME, C.COMPANY, C.POSITION, C.SOURCES, C.CONNECTED_ON]]
    _emit(frame, fmt, title="Changes" if changed else "Contacts")


@cli.command()
@click.option(
    "--accept", "accept_id", type=int, default=None, metavar="ID", help="Merge this pair."
)
@click.option(
    "--reject",
    "reject_id",
    type=int,
    default=None,
    metavar="ID",
    help="Keep them apart and never suggest the pair again.",
)
@format_option
@workspace_option
def dupes(accept_id: int | None, reject_id: int | None, fmt: str, workspace: Path) -> None:
    """People who may be the same but were not merged automatically: review each pair.

    \b
    Examples:
      coffeechat dupes
      coffeechat dupes --accept 3
    """
    with _open(workspace) as ws:
        if accept_id is not None or reject_id is not None:
            chosen = accept_id if accept_id is not None else reject_id
            assert chosen is not None
            ws.decide_dupe(chosen, accept=accept_id is not None)
            click.echo(
                f"{'Merged' if accept_id is not None else 'Kept apart'}: candidate {chosen}."
            )
            return
        # A table shows the strongest pairs (the store's order); the rest are a csv away.
        found = ws.dupes(limit=DUPES_SHOWN if fmt == "table" else None)
        total = ws.open_dupes() if fmt == "table" else len(found)
    if found.empty:
        click.echo("No possible duplicates to review.")
        return
    if fmt == "table":
        # Each person on one line of their own cell: name, title at employer, where from.
        def who(side: str) -> pd.Series:
            job = [
                " at ".join(p for p in (str(t or ""), str(e or "")) if p)
                for t, e in zip(found[f"title_{side}"], found[f"employer_{side}"], strict=True)
            ]
            return (
                found[f"name_{side}"].astype(str)
                + pd.Series([f", {j}" if j else "" for j in job], index=found.index)
                + " (from " + found[f"sources_{side}"].astype(str).str.replace(";", ", ") + ")"
            )  # fmt: skip

        shown = pd.DataFrame(
            {"id": found["candidate_id"], "a": who("a"), "b": who("b"),
             C.SCORE: found[C.SCORE].round(0).astype(int), "evidence": found["evidence"]}
        )  # fmt: skip
        _emit(shown, fmt, title="Possible duplicates", most=DUPES_SHOWN, total=total)
        return
    columns = ["candidate_id", "name_a", "title_a", "employer_a", "sources_a", "name_b",
               "title_b", "employer_b", "sources_b", C.SCORE, "evidence"]  # fmt: skip
    _emit(found[columns].rename(columns={"candidate_id": "id"}), fmt, title="Possible duplicates")


@cli.command()
@click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="TEXT",
    help="A career field to rank against (repeatable; default: the profile's targets).",
)
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True)
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help="Also people already asked, met, thanked or skipped, those flagged do not contact, and "
    "volunteers with no room this term, with their status.",
)
@click.option("--peers", is_flag=True, help="Also students and interns.")
@format_option
@click.option("--explain", is_flag=True, help="Show every component score and the matcher.")
@workspace_option
def rank(
    targets: tuple[str, ...],
    top: int,
    everyone: bool,
    peers: bool,
    fmt: str,
    explain: bool,
    workspace: Path,
) -> None:
    """Whom to ask first, with the reasons.

    Only people whose own title or profile carries evidence for a target are listed, and the
    `why` says which words matched. The list is in the order of the score it shows.

    \b
    Examples:
      coffeechat rank --target 'UX research' --top 10
      coffeechat rank --all --explain --format csv
    """
    from coffeechat.ranking.model import COMPONENTS

    with _open(workspace) as ws:
        ranked = ws.rank(list(targets), top=top, everyone=everyone, peers=peers)
        unmatched = ws.unmatched(list(targets))
        matcher = ws.ranker().matcher
    for target in unmatched:
        click.echo(target.line(), err=True)
    if explain:
        click.echo(f"matcher: {matcher}", err=True)
    if ranked.empty:
        if not unmatched:
            click.echo(
                "everyone who matches has been asked already, is flagged or has no room this term: "
                "`coffeechat rank --all` shows them",
                err=True,
            )
        return
    extra = [C.STATUS] if everyone else []
    columns = list(C.RANK_CSV) + extra + (["diversity", *COMPONENTS] if explain else [])
    frame = ranked[columns]
    if fmt == "table" and not explain:
        frame = frame[["rank", C.FULL_NAME, C.COMPANY, C.POSITION, C.SCORE, *extra, C.WHY]]
    _emit(frame, fmt, title="Whom to ask first", most=len(frame))  # --top says how many


@cli.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The workbook to write (default: reports/outreach_plan.xlsx in the workspace).",
)
@click.option(
    "--weeks",
    type=click.IntRange(min=1, max=104),
    default=None,
    help="How many weeks of new requests (default: as last time, else 8).",
)
@click.option(
    "--per-week",
    type=click.IntRange(min=1, max=100),
    default=None,
    help="New requests per week (default: the profile's pace).",
)
@click.option(
    "--start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First day of the plan, YYYY-MM-DD (default: as last time, else today).",
)
@click.option("--peers", is_flag=True, help="Also plan students and interns.")
@click.option(
    "--calendar",
    "ics",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the plan's dated actions and meetings to this .ics calendar file.",
)
@workspace_option
def plan(
    out: Path | None,
    weeks: int | None,
    per_week: int | None,
    start: Any,
    peers: bool,
    ics: Path | None,
    workspace: Path,
) -> None:
    """Write the outreach workbook: plan, employers, contacts, introductions, questions, dashboard.

    If the workbook exists, what you typed into it is read back first and kept. Requests not yet
    sent move when you change --start, --per-week, --weeks or the profile's pace.

    \b
    Examples:
      coffeechat plan --out plan.xlsx
      coffeechat plan --out plan.xlsx --start 2027-01-11 --per-week 3
    """
    with _open(workspace) as ws:
        # The default workbook lives in the workspace, wherever the command is run from.
        out = out or ws.root / "reports" / "outreach_plan.xlsx"
        book = ws.write_plan(
            out, start=start.date() if start else None, weeks=weeks, per_week=per_week, peers=peers
        )
        for line in book.unmatched:
            click.echo(f"{line}: nobody planned for it", err=True)
        calendar_path = ws.write_calendar(ics) if ics else None
    if book.synced is not None:
        lines = book.synced.lines()
        # What happened to typed text that is not a plain update: said before the plan's news.
        said = ("Warning", "conflict", "  conflict", "typed into columns", "  Plan row", "  and ",
                "LAMP scores", "coffeechat.toml changed", "Employers row")  # fmt: skip
        notable = [ln for ln in lines if ln.startswith(said)]
        for line in notable:
            click.echo(line)
    employers = book.plan[C.EMPLOYER].nunique() if len(book.plan) else 0
    click.echo(f"Planned {len(book.plan)} people at {employers} employers.")
    if book.people_total > len(book.contacts):
        click.echo(
            f"The Contacts sheet holds the {len(book.contacts):,} best-scored of your "
            f"{book.people_total:,} people; `coffeechat contacts --format csv` lists everyone."
        )
    # Introductions still to ask for (the rest are tracked like any outreach).
    asks = (
        book.plan[book.plan[C.ROLE].eq("introducer") & book.plan[C.STATUS].eq("planned")]
        if len(book.plan)
        else book.plan
    )
    for _, ask in asks.iterrows():
        click.echo(
            f"Nobody you know matches at {ask[C.EMPLOYER]}: ask {ask[C.FULL_NAME]} for an"
            f" introduction (due {ask[C.NEXT_DUE] or 'on hold'})."
        )
    if book.held:
        shown = "; ".join(f"{name} {why}" for name, why in book.held[:5])
        more = f"; and {len(book.held) - 5} more" if len(book.held) > 5 else ""
        click.echo(f"Not asked, no room this term: {shown}{more}")
    if book.withdrawn:
        names = ", ".join(book.withdrawn[:10]) + (" ..." if len(book.withdrawn) > 10 else "")
        click.echo(f"Taken off the plan, flagged do not contact, deceased or lost since: {names}")
    if book.off_target:
        names = ", ".join(book.off_target[:10]) + (" ..." if len(book.off_target) > 10 else "")
        click.echo(
            f"Your targets changed (they were {', '.join(book.targets_before) or 'none'}):"
            f" {len(book.off_target)} people planned and not asked yet match none of them now,"
            f" and stay on the plan: {names}. Type skip in their Status to take them off."
        )
    if book.moved:
        click.echo(f"Rescheduled {len(book.moved)} requests not yet sent:")
        for name, old, new in book.moved[:10]:
            click.echo(f"  {name}: {old.isoformat() if old else '(no date)'} -> {new.isoformat()}")
        if len(book.moved) > 10:
            click.echo(f"  ... and {len(book.moved) - 10} more")
    if book.instead_of is not None:
        click.echo(
            f"{book.instead_of} is open in another program: it was read, not overwritten. The new"
            f" plan is {book.written_to}; close the old one and work in the new one."
        )
    if book.kept_sheets:
        click.echo(
            f"Kept your own sheets: {', '.join(book.kept_sheets)} (their values and formulas;"
            " their formatting is in the copy in backups/)"
        )
    if book.own_contact_columns is not None:
        click.echo(f"Kept your own Contacts columns: {', '.join(book.own_contact_columns.headers)}")
    click.echo(f"Wrote {book.written_to}")
    if calendar_path:
        click.echo(f"Wrote {calendar_path}")


@cli.command()
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@workspace_option
def sync(workbook: Path, workspace: Path) -> None:
    """Read your statuses, dates, notes, drafts, new rows and introductions back from the workbook.

    Only cells you changed in that workbook count; where the same cell was also changed elsewhere
    since (say with `coffeechat log`), the newer change wins and the conflict is listed. Notes
    changed on both sides are merged: every line either side added is kept.

    \b
    Examples:
      coffeechat sync plan.xlsx
    """
    with _open(workspace) as ws:
        report = ws.sync(workbook)
    for line in report.lines():
        click.echo(line)


_LOG_EVENTS = ("sent", "replied", "scheduled", "met", "thanked", "declined", "no reply",
               "introduced", "congratulated")  # fmt: skip


@cli.command()
@click.argument("person")
@click.option("--sent", is_flag=True, help="You sent the request.")
@click.option("--replied", is_flag=True, help="They replied.")
@click.option("--scheduled", is_flag=True, help="A meeting is agreed (--date is its day).")
@click.option("--met", is_flag=True, help="You met.")
@click.option("--thanked", is_flag=True, help="You sent the thank-you.")
@click.option("--declined", is_flag=True, help="They said no.")
@click.option("--no-reply", "no_reply", is_flag=True, help="They never answered.")
@click.option(
    "--introduced", is_flag=True, help="An introducer made the introduction you asked for."
)
@click.option(
    "--congratulated", is_flag=True, help="You sent the congratulations note (after a job change)."
)
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="When (YYYY-MM-DD; default today). For --scheduled: the meeting's day.",
)
@click.option(
    "--time",
    "at",
    type=click.DateTime(formats=["%H:%M"]),
    default=None,
    help="The meeting's time, HH:MM (with --scheduled).",
)
@click.option("--note", default="", help="A note to add to the person's notes.")
@workspace_option
def log(
    person: str,
    sent: bool,
    replied: bool,
    scheduled: bool,
    met: bool,
    thanked: bool,
    declined: bool,
    no_reply: bool,
    introduced: bool,
    congratulated: bool,
    on: Any,
    at: Any,
    note: str,
    workspace: Path,
) -> None:
    """Log outreach from the terminal: one event per command.

    \b
    Examples:
      coffeechat log 'Ana Lee' --replied --date 2026-12-01
      coffeechat log 'Ana Lee' --scheduled --date 2026-12-03 --time 16:00
      coffeechat log 'Sam Ortiz' --introduced     # an introducer made the introduction
      coffeechat log 'Ana Lee' --congratulated    # the note after her job change went out
    """
    chosen = [
        e
        for e, flag in zip(
            _LOG_EVENTS,
            (sent, replied, scheduled, met, thanked, declined, no_reply, introduced, congratulated),
            strict=True,
        )
        if flag
    ]
    flags = ", ".join("--" + e.replace(" ", "-") for e in chosen)
    if not chosen:
        raise click.UsageError(
            "say what happened: --sent, --replied, --scheduled, --met, --thanked, --declined,"
            " --no-reply, --introduced or --congratulated"
        )
    if len(chosen) > 1:
        raise click.UsageError(
            f"{flags} cannot be logged at once: log one event per command, in the order they"
            " happened"
        )
    if at is not None and chosen[0] != "scheduled":
        raise click.UsageError("--time goes with --scheduled (the meeting's time)")
    event = chosen[0]
    when = on.date() if on else date.today()
    with _open(workspace) as ws:
        pid = ws.log(person, event, on=when, at=at.time() if at else None, note=note)
        name = ws.name_of(pid)
    clock = f" at {at.strftime('%H:%M')}" if at else ""
    click.echo(f"Logged: {name} {event} on {when.isoformat()}{clock}.")


@cli.command()
@click.option(
    "--week", is_flag=True, help="Everything due by the end of this week, not only today."
)
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day to plan from, YYYY-MM-DD (default today).",
)
@format_option
@workspace_option
def agenda(week: bool, on: Any, fmt: str, workspace: Path) -> None:
    """What to do today: requests to send, follow-ups and switches to the backup, thank-yous,
    meetings (with their questions) and keep-in-touch notes. Overdue first.

    \b
    Examples:
      coffeechat agenda
      coffeechat agenda --week --format csv
    """
    today = on.date() if on else date.today()
    with _open(workspace) as ws:
        due = ws.agenda(today=today, week=week)
    if due.empty:
        click.echo(f"Nothing due {'this week' if week else 'today'}.")
        return
    if fmt == "table":
        due = due.drop(columns=[C.PERSON_ID])
    _emit(due, fmt, title=f"{'This week' if week else 'Today'}, {today.isoformat()}")


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@workspace_option
def calendar(out: Path, workspace: Path) -> None:
    """Write the plan's dated actions and meetings as a calendar file (.ics).

    Import it into your calendar; import it again after `coffeechat plan` or `log`: each person's
    action keeps its event id, so events are updated, not copied.

    \b
    Examples:
      coffeechat calendar plan.ics
    """
    with _open(workspace) as ws:
        path = ws.write_calendar(out)
    click.echo(f"Wrote {path}")


@cli.command()
@click.argument("person", required=False)
@format_option
@workspace_option
def history(person: str | None, fmt: str, workspace: Path) -> None:
    """Every change to outreach (one person's, or everyone's), oldest first, with where it came
    from: the workbook, the terminal, an import, the planner, an undo.

    \b
    Examples:
      coffeechat history "Ana Lee"
      coffeechat history --format csv > history.csv
    """
    with _open(workspace) as ws:
        events = ws.history_rows(person)
    if not events:
        click.echo("No outreach recorded yet.")
        return
    columns = ["event", "when", C.FULL_NAME, "source", "origin", "change", "note"]
    if fmt == "table":
        # One person's history needs no name column; the table keeps to what fits a terminal.
        columns = [c for c in columns if not (person and c == C.FULL_NAME) and c != "origin"]
    rows = [
        {
            **e,
            "event": e["event_id"],
            "when": str(e["recorded_at"]).replace("T", " ")[: 16 if fmt == "table" else 19],
        }
        for e in events
    ]
    # Plain rows to a terminal: one person's history answers without loading pandas.
    if fmt == "table" and len(rows) <= TABLE_ROWS:
        _print_table(columns, [[r[c] for c in columns] for r in rows], title="Outreach history")
        return
    # Object columns: a merge has no event number, and the others stay whole numbers (not 7.0).
    _emit(pd.DataFrame(rows, columns=columns, dtype=object), fmt, title="Outreach history")


@cli.command()
@click.argument("person")
@click.option("--merge", "ref", default=None, help="Which merge (as `history PERSON` lists it).")
@workspace_option
def unmerge(person: str, ref: str | None, workspace: Path) -> None:
    """Undo a merge into PERSON: an accepted duplicate, or a record an import joined to them.

    The person or record merged in becomes a person of their own again, with their sources,
    messages and outreach; what the merge changed goes back, unless it changed since. The two
    are never suggested as duplicates again.

    \b
    Examples:
      coffeechat history 'Priya Sharma'      # lists the merges, e.g. m3 or r812
      coffeechat unmerge 'Priya Sharma' --merge r812
    """
    with _open(workspace) as ws:
        kept, restored = ws.unmerge(person, ref)
        click.echo(f"Unmerged: {ws.name_of(restored)} ({restored}) is apart from"
                   f" {ws.name_of(kept)} ({kept}) again.")  # fmt: skip


@cli.command()
@click.argument("event", type=int, required=False)
@workspace_option
def undo(event: int | None, workspace: Path) -> None:
    """Reverse the last change (or one event, by its number in `coffeechat history`).

    The undo is itself recorded, so it can be undone too. A field changed again since is left as
    it is.

    \b
    Examples:
      coffeechat undo
      coffeechat undo 42
    """
    with _open(workspace) as ws:
        result = ws.undo(event)
    if not result.reverted and not result.lamp:
        click.echo("Nothing reversed: every field was changed again since.")
    for eid, name, fields in result.reverted:
        click.echo(f"Reversed event {eid}: {name} ({', '.join(fields)})")
    for name, fields in result.left:
        click.echo(f"Left as is (changed again since): {name} ({', '.join(fields)})")
    if result.lamp:
        click.echo(f"LAMP scores put back in coffeechat.toml: {'; '.join(result.lamp)}")
    if result.lamp_left:
        click.echo(f"LAMP scores left as they are: {'; '.join(result.lamp_left)}")


@cli.command()
@click.argument("introducer", metavar="FROM")
@click.argument("person", metavar="TO")
@click.option("--note", default="", help="What they said about the introduction.")
@click.option("--company", default="", help="TO's employer, if TO is new to you.")
@click.option("--position", default="", help="TO's title, if TO is new to you.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@workspace_option
def intro(
    introducer: str, person: str, note: str, company: str, position: str, on: Any, workspace: Path
) -> None:
    """Log that FROM introduced you to TO (TO becomes a contact if new).

    TO is the contact with that whole name (case, accents and titles ignored), or their id or
    LinkedIn URL; any other name is somebody new, and the command says so.

    \b
    Examples:
      coffeechat intro 'Ana Lee' 'Bo Chen' --company 'Northwind Health'
    """
    with _open(workspace) as ws:
        done = ws.intro(
            introducer,
            person,
            note=note,
            company=company,
            position=position,
            on=on.date() if on else None,
        )
        # Names, whether FROM and TO were given as names or as ids.
        by = done.introducer_id
        by_name, to_name = ws.name_of(by), ws.name_of(done.person_id)
    click.echo(f"Logged: {by_name} introduced you to {to_name}.")
    if done.new_person:
        # Said, not silent: a name typed short of someone's full name makes a new contact.
        click.echo(f"{to_name} is new to you: added as a contact ({done.person_id}).")
    for change in done.changes:
        if change.person_id == by:
            click.echo(f"{by_name} made the introduction you asked for: thank them (see `agenda`).")
        else:
            employer = change.fields.get(C.EMPLOYER) or "your plan"
            click.echo(
                f"{to_name} joins your plan for {employer}, the request due"
                f" {change.fields.get(C.REQUEST_ON)}: write soon, they expect you."
            )


@cli.command()
@click.option(
    "--export",
    "export",
    type=click.Choice(GRAPH_FORMATS),
    default=None,
    help="Write the graph for Gephi.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write it (default: reports/network.graphml or .gexf).",
)
@click.option(
    "--path",
    "path_to",
    metavar="PERSON",
    default=None,
    help="Show the warmest path to a person (name or id).",
)
@click.option("--employer", default=None, help="Whom you know at an employer, and how.")
@click.option(
    "--introducers",
    default=None,
    metavar="EMPLOYER",
    help="Who could introduce you to someone at an employer where you know nobody warm.",
)
@click.option(
    "--brokers",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="The N contacts who best bridge separate groups of your network. effective_size: how "
    "many of their contacts do not know one another; constraint: how much their ties sit in one "
    "closed group (0 spread across groups, 1 all in one).",
)
@format_option
@workspace_option
def graph(
    export: str | None,
    fmt: str,
    out: Path | None,
    path_to: str | None,
    employer: str | None,
    introducers: str | None,
    brokers: int | None,
    workspace: Path,
) -> None:
    """Your network as a graph: warm paths, employer coverage, introducers, brokers, Gephi export.

    \b
    Examples:
      coffeechat graph --employer 'Northwind Health'
      coffeechat graph --brokers 10 --export graphml
    """
    from coffeechat.network import graph as g
    from coffeechat.network.graphfiles import export_graph

    with _open(workspace) as ws, _progress() as step:
        if not (path_to or employer or introducers or brokers or export):
            for key, n in sorted(ws.graph_summary().items()):
                click.echo(f"{key.replace(':', ' ')}: {n}")
            return
        if path_to or employer or introducers:
            if step:
                step("searching your network")
            reach = ws.reach()
        if path_to:
            pid = ws.find(path_to)
            if flags := ws.flags_of(pid):
                click.echo(
                    f"{ws.name_of(pid)} is marked {' and '.join(flags)}: no way to them is offered."
                )
            else:
                found = reach.path(pid)
                click.echo(found.text if found else "No warm path: you would be writing cold.")
        if employer:
            _emit(
                reach.coverage(employer).drop(columns="cost"),
                fmt,
                title=f"Whom you know at {employer}",
            )
        if introducers:
            asked = reach.introducers(introducers)
            if asked.empty:
                click.echo(
                    f"Nobody you know has a tie to {introducers}: no one works or worked there or "
                    "went to school with people there."
                )
            else:
                _emit(asked, fmt, title=f"Who could introduce you at {introducers}")
        if not (brokers or export):
            return
        if step:
            step("building the graph")
        network = ws.graph()
        if brokers:
            if step:
                step("measuring brokers")
            bridges = g.brokers(network, top=brokers)
            bridges["in plain words"] = [
                f"bridges {round(size)} contacts who do not know one another"
                for size in bridges["effective_size"]
            ]
            _emit(
                bridges,
                fmt,
                title="Brokers in your network: they bridge otherwise separate groups "
                "(effective_size: contacts who do not know one another; constraint: 0 = ties "
                "spread across groups, 1 = all in one closed group)",
            )
        if export:
            target = out or Path("reports") / f"network.{export}"
            export_graph(network, target, fmt=export)
            click.echo(f"Wrote {target}")


@cli.command()
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@workspace_option
def forget(person: str, yes: bool, workspace: Path) -> None:
    """Remove a person everywhere (privacy); re-importing old files will not bring them back.

    \b
    Examples:
      coffeechat forget 'Ana Lee' --yes
    """
    with _open(workspace) as ws:
        pid = ws.find(person)
        name = ws.name_of(pid)
        if not yes:
            click.confirm(f"Forget {name} everywhere in this workspace?", abort=True, err=True)
        ws.forget(pid)
        kept = ws.kept_elsewhere
    click.echo(f"Forgot {name}, in the workspace, its workbooks and their backups.")
    for path in kept:
        click.echo(f"Warning: {path} is open in another program and still holds them: close it"
                   " and delete it, or run `coffeechat plan` to write it again", err=True)  # fmt: skip
    click.echo("Regenerate your report: charts written before still show them.")


@cli.command()
@reports_folder_option
@click.option(
    "--pseudonymize",
    is_flag=True,
    help="Replace names with stable aliases, to share the report with an advisor.",
)
@workspace_option
def report(out: Path, pseudonymize: bool, workspace: Path) -> None:
    """Charts (PNG and SVG) and one self-contained report.html.

    \b
    Examples:
      coffeechat report --out reports
      coffeechat report --pseudonymize --out for-my-advisor
    """
    with _open(workspace) as ws:
        written = ws.report(out, pseudonymize=pseudonymize)
    click.echo(f"Wrote {len(written) - 1} chart files and {out / 'report.html'}")


@cli.command()
@reports_folder_option
@click.option(
    "--sample",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/sample"),
    show_default=True,
    help="The sample folder (generated afresh if missing).",
)
def demo(out: Path, sample: Path) -> None:
    """Run the whole pipeline on the synthetic sample into a reports folder.

    \b
    Examples:
      coffeechat demo
      coffeechat demo --out /tmp/demo
    """
    from coffeechat.demo import run_demo

    result = run_demo(out, sample=sample if sample.exists() else None, today=date.today())
    merged = ", ".join(f"{n} by {rule}" for rule, n in sorted(result.merged.items()))
    click.echo(
        f"Imported {result.people} people from {sum(len(r.files) for r in result.reports)} files; "
        f"{sum(result.merged.values())} records merged across sources ({merged})."
    )
    nodes = sum(v for k, v in result.graph.items() if k.startswith("nodes:"))
    edges = sum(v for k, v in result.graph.items() if k.startswith("edges:"))
    click.echo(f"Graph: {nodes} nodes, {edges} edges.")
    click.echo("Top five to ask first:")
    for row in result.top.itertuples(index=False):
        click.echo(f"  {row.rank}. {row.full_name} ({row.position}, {row.company}) - {row.why}")
    click.echo(f"Planned {result.planned} people.")
    for path in result.files:
        click.echo(f"Wrote {path}")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
