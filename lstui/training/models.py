"""Networks: MiniGoogLeNet as in the tutorial's book, and a small CNN for CPU work.

Both build for any input from 8x8 up and any number of channels.
"""

from __future__ import annotations

MODEL_NAMES = ("smallcnn", "minigooglenet")


def _conv_module(x, filters: int, kernel: int, stride: int, padding: str = "same"):
    from keras import layers

    x = layers.Conv2D(filters, (kernel, kernel), strides=(stride, stride), padding=padding)(x)
    x = layers.BatchNormalization(axis=-1)(x)
    return layers.Activation("relu")(x)


def _inception_module(x, filters_1x1: int, filters_3x3: int):
    from keras import layers

    branch_1x1 = _conv_module(x, filters_1x1, 1, 1)
    branch_3x3 = _conv_module(x, filters_3x3, 3, 1)
    return layers.Concatenate(axis=-1)([branch_1x1, branch_3x3])


def _downsample_module(x, filters: int):
    from keras import layers

    conv = _conv_module(x, filters, 3, 2, padding="valid")
    pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.Concatenate(axis=-1)([conv, pool])


def mini_googlenet(input_shape: tuple[int, int, int], classes: int):
    """MiniGoogLeNet (1,656,250 parameters at 32x32x3 with 10 classes)."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape)
    x = _conv_module(inputs, 96, 3, 1)
    x = _inception_module(x, 32, 32)
    x = _inception_module(x, 32, 48)
    x = _downsample_module(x, 80)
    x = _inception_module(x, 112, 48)
    x = _inception_module(x, 96, 64)
    x = _inception_module(x, 80, 80)
    x = _inception_module(x, 48, 96)
    x = _downsample_module(x, 96)
    x = _inception_module(x, 176, 160)
    x = _inception_module(x, 176, 160)
    height, width = x.shape[1], x.shape[2]
    if height >= 7 and width >= 7:
        x = layers.AveragePooling2D((7, 7))(x)  # the book's head; 1x1 at 32x32 input
        x = layers.Flatten()(x)
    else:
        x = layers.GlobalAveragePooling2D()(x)  # small inputs: pool whatever map is left
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(classes)(x)
    outputs = layers.Activation("softmax", dtype="float32")(x)  # stable under mixed precision
    return keras.Model(inputs, outputs, name="minigooglenet")


def small_cnn(input_shape: tuple[int, int, int], classes: int):
    """A small, fast CNN (about 30k parameters) for CPU work and the embedded default."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape)
    x = _conv_module(inputs, 32, 3, 1)
    x = _conv_module(x, 32, 3, 1)
    if min(input_shape[0], input_shape[1]) >= 16:
        x = layers.MaxPooling2D((2, 2))(x)
    x = _conv_module(x, 64, 3, 1)
    x = _conv_module(x, 64, 3, 1)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Dense(classes)(x)
    outputs = layers.Activation("softmax", dtype="float32")(x)  # stable under mixed precision
    return keras.Model(inputs, outputs, name="smallcnn")


def build_model(name: str, input_shape: tuple[int, int, int], classes: int):
    """Build the named network for ``input_shape`` (H, W, C) and ``classes`` outputs."""
    if min(input_shape[0], input_shape[1]) < 8:
        raise ValueError(f"images must be at least 8x8, got {input_shape[0]}x{input_shape[1]}")
    builders = {"smallcnn": small_cnn, "minigooglenet": mini_googlenet}
    if name not in builders:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(builders)}")
    return builders[name](tuple(input_shape), classes)
