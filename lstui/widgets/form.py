"""The run form: one editor per RunConfig field, generated from ``lstui.config.FIELDS``.

Every field is checked as it is typed with the same ``FieldSpec.parse`` the CLI uses; the
reason for a bad value shows on the line under the field, and ``read_config`` refuses to
build a RunConfig while any field is bad.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.events import DescendantBlur, DescendantFocus
from textual.geometry import Size
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from lstui.config import FIELD_BY_NAME, FIELDS, PRESETS, ConfigError, FieldSpec, RunConfig, preset, split_list
from lstui.sweep_values import LIST_FIELDS, list_text
from lstui.widgets.choice import FormSelect, born_compact

# Settings a preset leaves alone: where the user's data lives and where runs go.
KEPT_BY_PRESETS = frozenset(spec.name for spec in FIELDS if spec.group == "output") | {"data_dir"}
PRESET_HELP = "preset: lay a preset's settings over the form (data dir and output stay)"


def field_help(spec: FieldSpec) -> str:
    """A field's help for the line under the form: what is allowed, its default, what it does."""
    default = field_text(getattr(RunConfig(), spec.name)) or "none"
    # What is allowed and the default first: on a narrow form the line is cut after 3 rows.
    text = f"{spec.name.replace('_', ' ')}: {spec.allowed()}; default {default}. {spec.help}"
    if spec.name in LIST_FIELDS:
        text += "; a comma list runs one after another (a sweep)"
    return text


class FieldValidator(Validator):
    """Checks an Input's text with the field's own parser, so the form and the CLI agree."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec

    def validate(self, value: str) -> ValidationResult:
        """Success, or a failure whose description says what is allowed."""
        try:
            if self.spec.name in LIST_FIELDS:  # a comma list sweeps, as on the command line
                split_list(value, self.spec.parse)
            else:
                self.spec.parse(value)
        except ConfigError as exc:
            return self.failure(exc.message)
        return self.success()


class FieldError(Static):
    """The line under a field saying why its value is refused; spans both columns of the form's grid.

    Textual's grid sizes an ``auto`` row by measuring a column-spanning widget at its first column's width
    (the label's 16 columns, all of them padding here), so a one-line reason took six rows; this measures
    it at the grid's full width, which is what the spanning cell gets."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height of the reason wrapped at the form's width, less the line's padding."""
        return super().get_content_height(container, viewport, max(container.width - self.styles.gutter.width, 1))


def field_text(value: Any) -> str:
    """A setting as the form shows it (None is an empty field)."""
    return "" if value is None else str(value)


def editor_id(name: str) -> str:
    """The DOM id of a field's editor, e.g. ``field-batch_size``."""
    return f"field-{name}"


class RunForm(VerticalScroll):
    """Every setting of a run, with a preset chooser on top; locks (``disabled``) during a run."""

    def __init__(self, config: RunConfig | None = None, lists: dict[str, list[Any]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.initial = config or RunConfig()
        self.initial_lists = lists or {}  # a sweep given on the command line, e.g. {"smoothing": [0, 0.1]}

    def compose(self) -> ComposeResult:
        # A two-column grid (app.tcss): label, editor; a field's error line spans both. No container per row:
        # 26 widgets fewer to mount and style before the first frame (issue 12, item 12).
        yield Label("preset", classes="field-label")
        yield FormSelect([(name, name) for name in PRESETS], prompt="choose…", id="preset",
                         tooltip=PRESET_HELP.removeprefix("preset: "))
        for spec in FIELDS:
            yield Label(spec.name.replace("_", " "), classes="field-label")
            value = getattr(self.initial, spec.name)
            if spec.name in self.initial_lists:
                value = list_text(self.initial_lists[spec.name])
            yield self._editor(spec, value)
            yield FieldError("", id=f"error-{spec.name}", classes="field-error")
        # Docked under the rows (it does not scroll): the focused field's help, for keyboard users.
        yield Static("", id="field-help", markup=False)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """Show the focused field's help on the line under the form (a select's open list counts as its select)."""
        editor = next((w for w in (event.widget, *event.widget.ancestors) if (w.id or "").startswith("field-")), None)
        name = editor.id.removeprefix("field-") if editor is not None else ""
        text = field_help(FIELD_BY_NAME[name]) if name in FIELD_BY_NAME else PRESET_HELP
        line = self.query_one("#field-help", Static)
        line.update(text)
        line.display = True

    def on_descendant_blur(self, event: DescendantBlur) -> None:
        """No field focused (the form locked for a run, or focus elsewhere): the rows get the line back."""
        # Checked once focus has settled: closing a select's list blurs the list after its select is focused.
        self.call_after_refresh(self._hide_help_unless_focused)

    def _hide_help_unless_focused(self) -> None:
        focused = self.app.focused
        if focused is None or self not in focused.ancestors:
            self.query_one("#field-help", Static).display = False

    def _editor(self, spec: FieldSpec, value: Any) -> Widget:
        tooltip = f"{spec.help} ({spec.allowed()})"
        if spec.name in LIST_FIELDS:
            tooltip += "; a comma-separated list runs one after another (a sweep)"
        if spec.kind == "choice":
            choices = list(spec.choices)
            if spec.name in LIST_FIELDS:  # sweeping every choice is one option; a given list is another
                choices += [c for c in (",".join(spec.choices), value) if c not in choices]
            return FormSelect([(c, c) for c in choices], value=value, allow_blank=False,
                          id=editor_id(spec.name), tooltip=tooltip)
        if spec.kind == "bool":  # a select, not a Switch: "on"/"off" reads in any terminal, colour or not
            return FormSelect([("on", True), ("off", False)], value=bool(value), allow_blank=False,
                          id=editor_id(spec.name), tooltip=tooltip)
        placeholder = "(empty: none)" if spec.kind.startswith("optional") else ""
        validator = FieldValidator(spec)
        # Born with the class its first check will give it (Textual's Input adds it after mounting: a restyle).
        valid = validator.validate(field_text(value)).is_valid
        return born_compact(Input(field_text(value), placeholder=placeholder, validators=[validator],
                                  validate_on=["changed", "submitted"], id=editor_id(spec.name), tooltip=tooltip,
                                  classes="-valid" if valid else "-invalid"))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Show or clear the reason beside a field as it is typed."""
        name = (event.input.id or "").removeprefix("field-")
        if name in FIELD_BY_NAME and event.validation_result is not None:
            failures = event.validation_result.failure_descriptions
            self.show_error(name, failures[0] if failures else "")

    def on_select_changed(self, event: Select.Changed) -> None:
        """Choosing a preset lays its settings over the form."""
        if event.select.id == "preset" and isinstance(event.value, str):
            self.apply(preset(event.value), keep=KEPT_BY_PRESETS)

    def show_error(self, name: str, message: str) -> None:
        """Put ``message`` under field ``name`` (an empty message clears it)."""
        error = self.query_one(f"#error-{name}", Static)
        error.update(message)
        error.set_class(bool(message), "-shown")

    def apply(self, config: RunConfig, keep: frozenset[str] = frozenset()) -> None:
        """Fill every field from ``config``, except the names in ``keep``."""
        for spec in FIELDS:
            if spec.name in keep:
                continue
            editor = self.query_one(f"#{editor_id(spec.name)}")
            value = getattr(config, spec.name)
            if isinstance(editor, Input):
                editor.value = field_text(value)
            else:
                editor.value = value

    def raw_values(self) -> dict[str, Any]:
        """What the form holds now: text for typed fields, the chosen value for selects."""
        return {spec.name: self.query_one(f"#{editor_id(spec.name)}").value for spec in FIELDS}

    def read_config(self) -> RunConfig:
        """The checked RunConfig (the first one of a sweep); raises the first ConfigError."""
        return self.read_configs()[0]

    def read_configs(self) -> list[RunConfig]:
        """The checked RunConfigs, one per combination of the method and smoothing lists (one without lists).

        Raises the first ConfigError after marking every bad field. Uses the same checks as the headless
        mode (``lstui.validation``): each value, then the output folder and the dataset path. The dataset's
        contents are read by the run itself, off the UI thread.
        """
        from lstui.validation import check_sweep_values

        configs, problems = check_sweep_values(self.raw_values())
        bad = {problem.name: problem.message for problem in reversed(problems)}  # first problem per field wins
        for spec in FIELDS:
            self.show_error(spec.name, bad.get(spec.name, ""))
        if problems:
            raise problems[0]
        return configs
