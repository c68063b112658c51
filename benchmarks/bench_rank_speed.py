"""Ranking speed: fitting and ranking many people against a bare TfidfVectorizer, in one run.

    python benchmarks/bench_rank_speed.py [--people 530000] [--small 30000]

1. Fit the ranker on `--people` synthetic contacts and rank them against three targets; compare with
   the time `TfidfVectorizer().fit_transform` takes over the same text (target: within 3x).
2. Re-rank `--small` contacts after changing a target, with the fitted ranker cached (target: < 1 s).
"""

from __future__ import annotations

import argparse
import random

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from coffeechat.profile import Target
from coffeechat.ranking.fields import FIELDS
from coffeechat.ranking.model import person_text
from coffeechat.ranking.ranker import Context, Ranker
from coffeechat.sample.world import EMPLOYERS, FIRST_NAMES, LAST_NAMES, WILLING_TOPICS
from timing import peak_memory_mb, timed

SENIORITY = ("", "", "", "Senior ", "Lead ", "Associate ", "Junior ", "Principal ")


def synthetic_people(n: int, seed: int = 5) -> pd.DataFrame:
    rng = random.Random(seed)
    employers = sorted(EMPLOYERS)
    titles = [t for f in FIELDS for t in f.titles]
    industries = [i for f in FIELDS for i in f.industries] or [""]
    rows = []
    for i in range(n):
        topics = "; ".join(rng.sample(WILLING_TOPICS, 2)) if rng.random() < 0.3 else ""
        rows.append(
            (
                f"p{i}",
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                rng.choice(employers),
                rng.choice(SENIORITY) + rng.choice(titles).title(),
                rng.choice(industries).title(),
                topics,
                "directory" if i % 18 else "linkedin",
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "person_id",
            "full_name",
            "company",
            "position",
            "industry",
            "willing_to_help",
            "sources",
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=530_000)
    parser.add_argument("--small", type=int, default=30_000)
    args = parser.parse_args()
    targets = [Target("UX research"), Target("Data science"), Target("Product management")]

    people = synthetic_people(args.people)
    text = person_text(people)
    base, _ = timed(lambda: TfidfVectorizer().fit_transform(text))
    fit, ranker = timed(lambda: Ranker(context=Context()).fit(people))
    rank, ranked = timed(lambda: ranker.rank(targets, top=50))
    total = fit + rank
    print(f"{args.people} people, {ranker.model_.text_.text_words.shape[0]} distinct texts")
    print(f"  TfidfVectorizer.fit_transform {base:.2f} s")
    print(
        f"  ranker fit {fit:.2f} s + rank 3 targets {rank:.2f} s = {total:.2f} s  ratio {total / base:.2f}x"
    )

    small = synthetic_people(args.small, seed=9)
    fitted = Ranker(context=Context()).fit(small)
    fitted.rank(targets, top=50)
    again, _ = timed(lambda: fitted.rank([Target("Nursing"), *targets[1:]], top=50))
    print(f"{args.small} people: re-rank after changing a target {again:.2f} s (fit cached)")
    print(f"peak memory (max RSS): {peak_memory_mb():.0f} MB")
    assert len(ranked) == 50


if __name__ == "__main__":
    main()
