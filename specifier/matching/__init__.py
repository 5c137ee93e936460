"""Matching priorities to measures: glossary, embeddings, hybrid ranking, feedback, evaluation."""
