"""Field order of the exported tables: the output contract's leg and place properties.

``shared/eval/OUTPUT_CONTRACT.md`` defines these; the CSV and GeoJSON
exports list them first, in this order, then any other column.
"""
from __future__ import annotations

from pipeline.contract import FLOW_FIELDS, PLACE_FIELDS  # noqa: F401  (PLACE_FIELDS: re-exported)

# The contract's properties, in the order the build writes them.
LEG_FIELDS = FLOW_FIELDS

# Counts that come out of pandas as floats (NaN for missing) but are whole numbers.
INT_FIELDS = {"leg", "people", "quote_start", "quote_end", "mentions", "population"}
