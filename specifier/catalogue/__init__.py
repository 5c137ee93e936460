"""The measure catalogue: themes, outcomes and measures, ours and each council's own."""
