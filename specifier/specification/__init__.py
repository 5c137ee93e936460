"""Contracts and their specifications: from chosen outcomes to the document, its checks and its exports."""
