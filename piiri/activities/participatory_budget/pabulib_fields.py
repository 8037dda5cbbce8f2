"""The field names of Pabulib's ``.pb`` format, in the order pabulib.org/format (and
pabulib-checker, which warns about any other order) lists them. A file Piiri writes from scratch
uses this order; a file read from elsewhere keeps its own (election.Layout)."""

from __future__ import annotations

# Counted from the file, never stored: written back only where the file had them.
COUNTED = ("num_projects", "num_votes")
# META keys holding the ballot's constraints, all whole numbers (ballot_rules.BallotRules).
WHOLE_NUMBER_KEYS = (
    "min_length",
    "max_length",
    "min_sum_cost",
    "max_sum_cost",
    "min_points",
    "max_points",
    "min_sum_points",
    "max_sum_points",
)
META_ORDER = (
    "description",
    "country",
    "unit",
    "district",
    "subunit",
    "instance",
    *COUNTED,
    "budget",
    "vote_type",
    "rule",
    "date_begin",
    "date_end",
    *WHOLE_NUMBER_KEYS,
    "scoring_fn",
    "default_score",
    "min_project_cost",
    "max_project_cost",
    "min_project_score_threshold",
)
PROJECT_ORDER = (
    "project_id",
    "cost",
    "votes",
    "score",
    "name",
    "category",
    "beneficiaries",
    "selected",
    "neighborhood",
    "subunit",
    "district",
    "description",
    "proposer",
    "public_id",
    "latitude",
    "longitude",
    # Not the format's: Piiri's projects may have a link (the format allows other fields).
    "link",
)
VOTE_ORDER = ("voter_id", "vote", "points", "age", "sex", "voting_method")
# The PROJECTS columns that are a Project's own fields; the rest ride along in Project.extra.
PROJECT_FIELDS = ("project_id", "cost", "name", "description", "category", "link")
