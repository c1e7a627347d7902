"""The read side: load a build, filter it, and draw it (pydeck, base map, colours)."""
