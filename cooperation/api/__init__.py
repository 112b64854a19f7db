"""The API collections of floor 1: places, organisations, initiatives, sources."""
