"""exodus map: geoparse news articles into journeys on a map."""

PIPELINE_VERSION = "1"
