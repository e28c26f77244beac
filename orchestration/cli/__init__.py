"""The `nonferrous` command line: the warehouse for analysts, read-only."""
