"""MiniGoogLeNet as in the book, builds for small inputs; the tutorial's polynomial decay."""

import pytest

from lstui.training.models import build_model
from lstui.training.schedules import polynomial_decay


def test_minigooglenet_has_the_books_parameter_count():
    model = build_model("minigooglenet", (32, 32, 3), 10)
    assert model.count_params() == 1_656_250


@pytest.mark.parametrize("shape", [(8, 8, 1), (9, 13, 5), (28, 28, 1)])
@pytest.mark.parametrize("name", ["minigooglenet", "smallcnn"])
def test_models_build_for_small_inputs_and_any_channels(name, shape):
    model = build_model(name, shape, 7)
    assert model.output_shape == (None, 7)


def test_inputs_smaller_than_8_pixels_are_refused():
    with pytest.raises(ValueError, match="8x8"):
        build_model("smallcnn", (7, 7, 1), 10)


def test_linear_decay_matches_the_tutorial():
    # lr = 5e-3 * (1 - epoch / 70) ** 1, epoch from 0
    assert polynomial_decay(0, 70, 5e-3) == pytest.approx(5e-3)
    assert polynomial_decay(35, 70, 5e-3) == pytest.approx(2.5e-3)
    assert polynomial_decay(69, 70, 5e-3) == pytest.approx(5e-3 / 70)


def test_power_shapes_the_decay():
    assert polynomial_decay(5, 10, 1.0, power=2.0) == pytest.approx(0.25)
    assert polynomial_decay(5, 10, 1.0, power=0.0) == pytest.approx(1.0)
