//! Copies a [`DisplayView`] into the window's `DisplayAdapter` global: the one place where
//! the controller's state reaches Slint.

use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};

use super::texts::Language;
use super::view::DisplayView;
use crate::{
    DisplayAdapter, DisplayCounter, DisplayField, DisplayRecent, DisplayWindow, DisplayWords,
};

/// Shows `view` in `ui`, with the display's words in its language.
pub fn show(ui: &DisplayWindow, view: &DisplayView) {
    let a = ui.global::<DisplayAdapter>();
    let s = |text: &str| SharedString::from(text);
    let words = Language::parse(view.language).unwrap_or_default().words();
    let words = DisplayWords {
        title: s(words.title),
        calling: s(words.calling),
        recalling: s(words.recalling),
        last: s(words.last),
        none: s(words.none),
        recent: s(words.recent),
        waiting: s(words.waiting),
        closed: s(words.closed),
        paused: s(words.paused),
        free: s(words.free),
        missed: s(words.missed),
        cancelled: s(words.cancelled),
    };
    if a.get_words() != words {
        a.set_words(words);
    }
    a.set_language(s(view.language));
    a.set_office_name(s(&view.office));
    a.set_clock(s(&view.clock));
    a.set_date(s(&view.date));
    a.set_notice(s(&view.notice));
    a.set_call_number(s(&view.call.number));
    a.set_call_counter(s(&view.call.counter));
    a.set_call_lit(view.call.lit);
    a.set_call_recall(view.call.recall);
    let counters = view.counters.iter().map(|c| DisplayCounter {
        label: s(&c.label),
        number: s(&c.number),
        state: s(c.state),
        lit: c.lit,
    });
    update(a.get_counters(), counters.collect(), |m| a.set_counters(m));
    let recent = view.recent.iter().map(|r| DisplayRecent {
        number: s(&r.number),
        counter: s(&r.counter),
        lit: r.lit,
        mark: s(r.mark),
    });
    update(a.get_recent(), recent.collect(), |m| a.set_recent(m));
    let waiting = view.waiting.iter().map(|f| DisplayField {
        name: s(&f.name),
        waiting: f.waiting,
        count: s(&f.count),
        open: f.open,
    });
    update(a.get_waiting(), waiting.collect(), |m| a.set_waiting(m));
    a.set_link(s(view.link));
    a.set_link_message(s(&view.link_message));
}

/// Changes only the rows that differ, so an unchanged list is not redrawn every second.
/// The first time, the preview's sample rows are replaced by a model of our own.
fn update<T: Clone + PartialEq + 'static>(
    model: ModelRc<T>,
    rows: Vec<T>,
    replace: impl FnOnce(ModelRc<T>),
) {
    let ours = model.as_any().downcast_ref::<VecModel<T>>().is_some();
    if !ours || model.row_count() != rows.len() {
        replace(ModelRc::new(VecModel::from(rows)));
        return;
    }
    for (i, row) in rows.into_iter().enumerate() {
        if model.row_data(i).as_ref() != Some(&row) {
            model.set_row_data(i, row);
        }
    }
}
