"""Scoring the extractor against the hand-labelled gold set (tests/gold/), and the baseline the
gold regression gate holds it to. Reads files; the extraction package it scores stays pure.

    python -m orchestration.evaluation --help
"""
