"""lstui: a terminal lab for label smoothing in Keras image classifiers.

Importing this package imports neither TensorFlow/Keras nor Textual.
"""

__version__ = "0.1.0"
