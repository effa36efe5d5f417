"""What the seed's Python functions paid at cold start: NumPy and Pillow imported at module load."""
import numpy  # noqa: F401
from PIL import Image  # noqa: F401


def noop(event, context):
    return {}
