"""Pages of the kinerja app: thin views over selectors and services."""
