"""Accounts: people who sign in, their passwords and roles, and the audit log."""
