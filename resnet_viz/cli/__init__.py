"""The command line, one module per command (``summary``, ``train``, ``explain``, ``fetch-weights``, ``transfer``,
``board``): each has ``register(subparsers)``, which adds its parser and sets ``func(args) -> exit code``.
``python -m resnet_viz`` (:mod:`resnet_viz.__main__`) only dispatches."""
