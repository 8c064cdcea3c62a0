"""Anatomy: what a network is made of, measured on the real modules. The shape walk (``walk``), one residual block
drawn as data with the tensor shape on every edge (``block``), and the source that builds it, beside the modules it
builds (``source``).
"""

from __future__ import annotations

from resnet_viz.anatomy.block import BlockEdges, Edge, Node, all_block_names, block_edges, block_names
from resnet_viz.anatomy.source import Excerpt, Mark, block_source
from resnet_viz.anatomy.walk import ShapeStep, conv_output_size, shape_walk, stage_of

__all__ = [
    "BlockEdges", "Edge", "Excerpt", "Mark", "Node", "ShapeStep", "all_block_names", "block_edges", "block_names",
    "block_source", "conv_output_size", "inside_block", "shape_walk", "stage_of",
]


def inside_block(name: str, block: str, input_size: int = 224, shortcut: str | None = None,
                 residual: bool = True) -> tuple[BlockEdges, list[Excerpt]]:
    """One block of one network, measured (:func:`block_edges`), and the source that builds it, its marked lines
    tied to the measured block (:func:`block_source`)."""
    drawing = block_edges(name, block, input_size, shortcut, residual)
    return drawing, block_source(drawing)
