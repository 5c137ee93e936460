"""Accounts: people who sign in, their passwords and their role in each council."""
