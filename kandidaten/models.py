"""Candidates and their journey (see issue: candidates)."""
