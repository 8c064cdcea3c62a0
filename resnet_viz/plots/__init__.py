"""Pure functions from data to plotly figures. No Streamlit, no models: what a page shows, drawn.

One module per subject: ``architecture`` (networks drawn), ``block`` (one residual block from the inside),
``images`` (the Inspector's views), ``training`` (the Lab's curves, the class board, transfer), ``concepts`` (the
Concepts page), and ``style`` (what they share).
"""

from resnet_viz.plots.architecture import architecture_diagram, figure3_comparison, shape_label
from resnet_viz.plots.block import block_drawing
from resnet_viz.plots.concepts import (
                                     batch_norm_histograms,
                                     batch_size_chart,
                                     nested_function_classes,
                                     response_std_chart,
)
from resnet_viz.plots.images import (
                                     HEATMAP_COLOURS,
                                     channel_view,
                                     colour_lut,
                                     enlarge,
                                     faithfulness_chart,
                                     feature_grid,
                                     overlay_image,
                                     png_bytes,
                                     top_k_chart,
)
from resnet_viz.plots.style import (
                                     DEPTH_COLOURS,
                                     ENGLISH,
                                     MODE_COLOURS,
                                     RUN_SYMBOLS,
                                     STAGE_COLOURS,
                                     depth_colour,
                                     figure_png,
                                     model_title,
                                     percent,
)
from resnet_viz.plots.training import class_board_chart, gradient_flow, training_curves, transfer_curves

__all__ = [
    "DEPTH_COLOURS", "ENGLISH", "HEATMAP_COLOURS", "MODE_COLOURS", "RUN_SYMBOLS", "STAGE_COLOURS",
    "architecture_diagram", "batch_norm_histograms", "batch_size_chart", "block_drawing", "channel_view",
    "class_board_chart", "colour_lut", "depth_colour", "enlarge", "faithfulness_chart", "feature_grid",
    "figure3_comparison", "figure_png", "gradient_flow", "model_title", "nested_function_classes", "overlay_image",
    "percent", "png_bytes", "response_std_chart", "shape_label", "top_k_chart", "training_curves", "transfer_curves",
]
