"""The printed and exported documents, one module each, with their views and URLs."""
