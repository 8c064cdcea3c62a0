"""The networks: the model zoo and its plain twins with the paper's shortcut options (``models``), the stacked twins
the Lab trains as one model (``twins``), the paper's own numbers (``paper``) and the counts read off the models:
layer tables, Table 1, shapes and FLOPs (``summary``)."""
