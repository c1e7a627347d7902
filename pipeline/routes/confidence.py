"""A route's confidence from its evidence, calibrated on the real-news ``tune`` split.

Each draft carries the names of the evidence behind it (how its origin was
found, whether its destination came from a strong rule or only from context,
whether other sentences repeat it ...). The confidence is a logistic score
of that evidence: ``WEIGHTS`` is data, fitted by ``python -m pipeline evaluate
--calibrate`` (which prints a new table) on the ``tune`` split only, so that at
``pipeline.config.MIN_CONFIDENCE`` the map shows what is likely right.
"""
from __future__ import annotations

import math
from collections.abc import Iterable

# Evidence a draft may carry, and what it means.
EVIDENCE = {
    "rule": "the weakest role rule behind the route (its table confidence, 0..1): a number, not a flag",
    "origin_stated": "the sentence names where the journey starts",
    "origin_person": "the origin is where a person is from ('a teacher from Kharkiv')",
    "origin_movers": "the origin is the country of the movers the sentence names ('Sudanese')",
    "origin_article": "the origin is the article's source country or its first stated origin",
    "origin_departure": "the origin is where the article says journeys leave from (a return home)",
    "dest_context": "the destination comes from the paragraph or the article, not from the sentence",
    "corridor": "an end comes from a named corridor the sentence says was crossed ('crossed the Channel')",
    "fan_out": "one of several routes the sentence spreads over a list of places",
    "story": "a traveller followed over several sentences",
    "planned_onward": "an onward plan from where a traveller is",
    "head_count": "the sentence gives how many people moved",
    "via": "the route names a stop between its ends",
    "repeated": "another sentence reports the same route",
}

# Logistic weights fitted on tune (157 legs, 2026-12-03, `python -m pipeline evaluate --calibrate`, the origin
# weights kept in order: stated > movers > article); "bias" is the intercept.
WEIGHTS: dict[str, float] = {
    "bias": 1.74,
    "rule": 0.3,
    "origin_stated": 0.28,
    "origin_person": 0.0,
    "origin_movers": 0.23,
    "origin_article": -0.49,
    "origin_departure": -0.12,
    "dest_context": -0.63,
    "corridor": 0.05,
    "fan_out": 1.1,
    "story": -0.56,
    "planned_onward": 0.0,
    "head_count": 0.38,
    "via": 0.3,
    "repeated": 0.59,
}


def features(evidence: Iterable[str], rule: float) -> dict[str, float]:
    """The feature vector of a draft: each evidence flag as 1.0, ``rule`` as the number it is."""
    vector = {name: 0.0 for name in EVIDENCE}
    for name in evidence:
        if name not in EVIDENCE or name == "rule":
            raise ValueError(f"unknown evidence {name!r}")
        vector[name] = 1.0
    vector["rule"] = rule
    return vector


def confidence(evidence: Iterable[str], rule: float, weights: dict[str, float] = WEIGHTS) -> float:
    """Probability-like confidence, 0..1, rounded to two decimals."""
    z = weights["bias"] + sum(weights.get(k, 0.0) * v for k, v in features(evidence, rule).items())
    return round(1.0 / (1.0 + math.exp(-z)), 2)
