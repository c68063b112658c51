"""The `coffeechat` command (and `python -m coffeechat`)."""

from __future__ import annotations


def main() -> None:
    # Before anything imports them: commands that need no pandas or numpy do not wait for them.
    from coffeechat.deferred import HEAVY, defer

    defer(*HEAVY)
    from coffeechat.cli import main as run

    run()


if __name__ == "__main__":
    main()
