"""Shared web glue: access, security headers, blueprint helpers, shared form pieces, the database handle."""
