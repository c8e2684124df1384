"""Two workarounds that let Keras 3's ``fit`` train under MultiWorkerMirroredStrategy.

Keras 3.15's TensorFlow trainer fails with this strategy (keras-team/keras#20585, open;
tensorflow/tensorflow#72388): it builds the model by all-reducing a data batch eagerly
("Attempt to convert a value (PerReplica...)"), and it averages scalar logs with ``axis=0``
("Invalid reduction dimension 0 for input with 0 dimensions"). Both are replaced here, for
multi-worker runs only; checked on two local worker processes (see docs/distributed.md).
"""

from __future__ import annotations


def patch_scalar_reduction() -> None:
    """Average multi-worker scalars (the loss, metrics) over workers without a batch axis."""
    import tensorflow as tf
    from keras.src.backend.tensorflow import trainer

    original = trainer.reduce_per_replica
    if getattr(original, "lstui_patched", False):
        return

    def reduce_per_replica(values, strategy, reduction="auto"):
        if reduction in ("auto", "mean") and trainer._collective_all_reduce_multi_worker(strategy):
            def mean(value):
                rank = strategy.experimental_local_results(value)[0].shape.rank
                return strategy.reduce("MEAN", value, axis=None if rank == 0 else 0)

            return tf.nest.map_structure(mean, values)
        return original(values, strategy, reduction)

    reduce_per_replica.lstui_patched = True
    trainer.reduce_per_replica = reduce_per_replica


def build_from_spec(model, strategy, dataset) -> None:
    """Make ``fit``/``evaluate`` build the model from the dataset's shapes, not from a reduced batch."""

    def symbolic_build(iterator=None, data_batch=None):
        with strategy.scope():
            model._symbolic_build(data_batch=dataset.element_spec)

    model._maybe_symbolic_build = symbolic_build
