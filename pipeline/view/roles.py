"""The role each place plays on a set of legs: origin, transit, destination or border crossing.

Pure pandas, no drawing: in comes a legs table (the build's ``flows`` or a
filtered part of it), out comes ``{place_id: role}``. The dashboard's map
(:mod:`pipeline.view.mapview`), the static map exports
(:mod:`pipeline.export.render`) and the GeoJSON export all colour and label
places with it, so every view agrees.
"""
from __future__ import annotations

import pandas as pd

# When a place plays several roles, the most frequent wins; ties go to the
# role earlier in this list.
_ROLE_PRECEDENCE = ("destination", "origin", "transit")


def place_roles(flows_df: pd.DataFrame) -> dict[str, str]:
    """Role of each place on the legs given: origin, transit, destination or border_crossing.

    Within a route, the first leg's start is the origin, the last leg's end
    the destination, the stops between are transit. A place of kind
    ``border_crossing`` on any leg is a border crossing. A place with several
    roles takes its most frequent one.
    """
    if flows_df.empty:
        return {}
    legs = flows_df[["route_id", "leg", "from_place_id", "to_place_id", "from_kind", "to_kind"]]
    by_route = legs.groupby("route_id")["leg"]
    first = legs["leg"] == by_route.transform("min")
    last = legs["leg"] == by_route.transform("max")
    stops = pd.concat([
        pd.DataFrame({"pid": legs.loc[first, "from_place_id"], "role": "origin"}),
        pd.DataFrame({"pid": legs.loc[last, "to_place_id"], "role": "destination"}),
        pd.DataFrame({"pid": legs.loc[~last, "to_place_id"], "role": "transit"}),
    ])
    counts = stops.groupby(["pid", "role"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(_ROLE_PRECEDENCE), fill_value=0)
    roles = counts.idxmax(axis=1).to_dict()  # first column wins a tie
    crossings = set(legs.loc[legs["from_kind"] == "border_crossing", "from_place_id"])
    crossings |= set(legs.loc[legs["to_kind"] == "border_crossing", "to_place_id"])
    roles.update({pid: "border_crossing" for pid in crossings})
    return roles
