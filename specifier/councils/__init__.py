"""Councils: who they are, what local means to them, their policy; moving one between installations."""
