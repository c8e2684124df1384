"""Modal screens: the key help, and the message of a failed run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from lstui.widgets.run_view import tab_keys

HELP_TEXT = """\
[b]lstui[/b]: train a Keras classifier with label smoothing and watch it learn.

[b]ctrl+r[/b]  start a run with the settings in the form
[b]ctrl+x[/b]  stop the run after the current batch; it is evaluated and saved as "stopped"
[b]ctrl+q[/b]  quit; during a run it asks first, then stops and saves the run
[b]ctrl+o[/b]  the runs in the output folder: [b]s[/b] sorts, [b]space[/b] selects runs to overlay and \
compare, [b]enter[/b] shows one in full (a [b]live[/b] one is followed as it trains; ctrl+x then stops it), \
[b]i[/b] its numbers, [b]v[/b] its penultimate-layer picture (two selected: side by side), [b]r[/b] resumes a \
stopped one, [b]/[/b] filters, [b]d[/b] deletes (after [b]y[/b]), [b]c[/b] copies a run's path, [b]escape[/b] goes back
{tab_keys}  the tabs under the charts, from anywhere on the main screen
[b]F1[/b] or [b]?[/b]  this help; [b]ctrl+p[/b] the command palette, which lists every action
[b]tab[/b], [b]shift+tab[/b]  move between fields; [b]enter[/b] opens a list

Each field is checked as you type: the reason for a bad value shows under it, and the run \
cannot start until it is fixed. The line under the form says what the focused field does, what it \
allows and its default. A preset fills the form \
(data dir and output stay). The form is locked while a run is active.
A comma list in [b]smoothing[/b] (e.g. 0,0.05,0.1) or [b]labels,loss[/b] in method is a sweep: one run \
per combination, one after another; ctrl+x stops the sweep. Its summary (also sweep.csv and \
sweep.png in its own sweep-<time>-<n> folder of the output root) shows in the Report tab.

The charts plot loss, accuracy and learning rate per epoch; the log has one line per epoch; \
the Report tab shows the classification report and confusion matrix when a run ends, the Calibration tab its \
reliability diagram, confidence histogram and risk-coverage curve, the Representation tab its penultimate-layer \
picture, the Mistakes tab its most confident mistakes. Each run is saved in a new \
folder under the output root: config, history, report, plot.png and the model.

[dim]escape, q, ? or F1 closes this help[/dim]"""


def help_text() -> str:
    """The help, with the tab keys as ``run_view.TABS`` gives them (F2 Log, F3 Report, …)."""
    keys = ", ".join(f"[b]{key.upper()}[/b] {tab.title}" for key, tab in tab_keys())
    return HELP_TEXT.replace("{tab_keys}", keys)


class HelpScreen(ModalScreen[None]):
    """The keys and how the app works."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(help_text(), id="help-text")


class ErrorScreen(ModalScreen[None]):
    """A run failed: say why and what was kept; the app stays usable after it is closed."""

    BINDINGS = [Binding("escape,enter", "dismiss", "Close")]

    def __init__(self, message: str, kept: str = "") -> None:
        super().__init__()
        self.message = message
        self.kept = kept

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box", classes="dialog"):
            yield Static("[b]The run failed[/b]", id="error-title")
            yield Static(self.message, id="error-message", markup=False)
            if self.kept:
                yield Static(f"What was saved so far is kept in {self.kept}", id="error-kept", markup=False)
            yield Button("OK", id="error-ok", variant="error")

    def on_mount(self) -> None:
        """Enter or escape closes it at once."""
        self.query_one(Button).focus()

    def on_button_pressed(self) -> None:
        """OK closes the dialog."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: ``y`` or ``enter`` answers yes, ``escape`` or ``n`` no."""

    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("escape,n", "answer(False)", "No")]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(f"[b]{self.question}[/b]", id="confirm-question")
            if self.detail:
                yield Static(self.detail, id="confirm-detail", markup=False)
            yield Static("[b]y[/b]/[b]enter[/b] yes · [b]escape[/b] no", id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
