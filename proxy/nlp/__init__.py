"""Detectors, policy-agnostic and imported lazily: Presidio, recognizers, name lists, the toxicity model."""
