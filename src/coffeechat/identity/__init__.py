"""Identity: normalising names, organisations, emails and profile URLs into keys; stable person ids;
resolving records into people (exact and strong rules only); fuzzy duplicate candidates for review."""
