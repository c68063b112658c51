"""The ranker: whom to ask first, and why, as a scikit-learn style estimator.

Parameters are only stored in `__init__`, `fit` learns and returns self, learned state ends in `_`,
so `get_params()` records exactly how a ranking was made. What it learns is a `RankingModel`
(`coffeechat.ranking.model`), which ranks without scikit-learn: the workspace caches that model, and
a warm `rank` never imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from coffeechat.profile import Target
from coffeechat.ranking.components import Context, seniority_of
from coffeechat.ranking.model import (
    COMPONENTS,
    FIELD_THRESHOLD,
    MATCHER,
    RankingModel,
    Relevance,
    explain,
)
from coffeechat.ranking.semantic import Encode

__all__ = [
    "COMPONENTS",
    "MATCHER",
    "Context",
    "Ranker",
    "RankingModel",
    "Relevance",
    "explain",
    "seniority_of",
]


class Ranker(BaseEstimator):
    """Rank people against target fields with explainable components.

    >>> ranker = Ranker(context=Context(level="student")).fit(people)   # doctest: +SKIP
    >>> ranker.rank([Target("UX research")], top=10)                    # doctest: +SKIP
    """

    def __init__(
        self,
        context: Context | None = None,
        weights: dict[str, float] | None = None,
        employer_decay: float = 0.5,
        field_expansion: float = 1.0,
        today: date | None = None,
        encode: Encode | None = None,
        semantic_weight: float = 0.8,
    ) -> None:
        self.context = context
        self.weights = weights
        self.employer_decay = employer_decay
        self.field_expansion = field_expansion
        self.today = today
        self.encode = encode
        self.semantic_weight = semantic_weight

    def fit(self, people: pd.DataFrame, y: object = None) -> Ranker:
        """Learn the text model over these people and the field vocabulary (`model_`)."""
        self.model_ = RankingModel(**self.get_params()).fit(people)
        return self

    @property
    def model(self) -> RankingModel:
        """The fitted model (NotFittedError before `fit`)."""
        check_is_fitted(self, "model_")
        return self.model_

    # What the fitted model answers; each is documented on RankingModel.

    @property
    def people_(self) -> pd.DataFrame:
        return self.model.people_

    @property
    def matcher(self) -> str:
        return self.model.matcher

    def rank(self, targets: Sequence[Target], **options: Any) -> pd.DataFrame:
        return self.model.rank(targets, **options)

    def components(self, targets: Sequence[Target]) -> pd.DataFrame:
        return self.model.components(targets)

    def relevance(self, targets: Sequence[Target]) -> Relevance:
        return self.model.relevance(targets)

    def whys(
        self, targets: Sequence[Target], ranked: pd.DataFrame, person_ids: Collection[str]
    ) -> dict[str, str]:
        return self.model.whys(targets, ranked, person_ids)

    def target_fields(self, targets: Sequence[Target]) -> list[str]:
        return self.model.target_fields(targets)

    def closest_fields(self, target: Target, n: int = 3) -> list[str]:
        return self.model.closest_fields(target, n)

    def fields_of_people(self, *, threshold: float = FIELD_THRESHOLD) -> pd.Series:
        return self.model.fields_of_people(threshold=threshold)
