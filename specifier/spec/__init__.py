"""The specification generator: relevance, proportionality, the law, one document, three exports."""
