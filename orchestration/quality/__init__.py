"""Validation: Great Expectations suites (files in expectations/) run against the warehouse."""
