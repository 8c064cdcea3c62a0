"""Training: the config and presets (``config``), the data as whole tensors (``data``), the device and engine
(``engine``), the trainer (``trainer``), the time estimate (``estimate``), run files (``runs``: reading one needs no
trainer), the Lab's job (``job``) and the job queue (``jobs``), the depth effects of a run (``effects``) and the
class experiment (``classroom``)."""
