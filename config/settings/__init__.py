"""Settings package: `base` holds what every environment shares; the others change what differs."""
