"""The ForwardAccumulator section of advanced_autodiff_guide.ipynb (forward mode)."""
FORWARD = []
