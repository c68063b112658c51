"""Ranking: the scikit-learn style ranker and its components, the text model, the career fields."""
