"""Renderers of the one document model: Word, standalone HTML and OCDS."""
