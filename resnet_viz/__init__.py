"""ResNet Explorer's library: models, layer tables, training, images and explanations. Never imports Streamlit."""

from .device import describe_device, pick_device
from .explain import feature_maps, grad_cam, predict
from .images import load_image
from .models import CIFAR_NAMES, MODEL_NAMES, TORCHVISION_NAMES, build_model
from .summary import LayerTable, describe, layer_table

__all__ = [
    "CIFAR_NAMES", "MODEL_NAMES", "TORCHVISION_NAMES", "LayerTable", "build_model", "describe", "describe_device",
    "layer_table", "pick_device", "load_image", "predict", "feature_maps", "grad_cam",
]
