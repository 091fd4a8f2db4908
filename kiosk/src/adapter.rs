//! Copies a [`KioskView`] into the window's [`KioskAdapter`] global: the one place where
//! the controller's state reaches Slint.

use slint::{ComponentHandle, Model, ModelRc, SharedString, VecModel};

use crate::controller::{KioskView, Language, TileView};
use crate::{FieldTile, KioskAdapter, KioskWindow, language};

fn tile(t: &TileView) -> FieldTile {
    FieldTile {
        code: t.code.as_str().into(),
        name: t.name.as_str().into(),
        state: t.state.into(),
        waiting: t.waiting,
        wait: t.wait.as_str().into(),
    }
}

/// Shows `view` in `ui`, with the bundled translation of its language.
///
/// Tiles are updated row by row, so a finger resting on a button is not lost when the
/// queue counts change under it.
pub fn show(ui: &KioskWindow, view: &KioskView) {
    let a = ui.global::<KioskAdapter>();
    // Every time, not only on a change: until the first call the system locale has picked
    // the bundle. Selecting the one already selected changes nothing.
    let lang = if view.language == "en" {
        Language::En
    } else {
        Language::Vi
    };
    if let Err(e) = language::select(lang) {
        tracing::warn!("cannot select the {} translation: {e}", view.language);
    }
    a.set_language(view.language.into());
    let fields = a.get_fields();
    if fields.row_count() == view.fields.len() {
        for (i, t) in view.fields.iter().enumerate() {
            let new = tile(t);
            if fields.row_data(i).as_ref() != Some(&new) {
                fields.set_row_data(i, new);
            }
        }
    } else {
        let tiles: Vec<FieldTile> = view.fields.iter().map(tile).collect();
        a.set_fields(ModelRc::new(VecModel::from(tiles)));
    }
    let s = |text: &str| SharedString::from(text);
    a.set_office_name(s(&view.office_name));
    a.set_clock(s(&view.clock));
    a.set_date(s(&view.date));
    a.set_screen(s(view.screen));
    a.set_chosen_field_name(s(&view.chosen_field_name));
    a.set_ticket_number(s(&view.ticket_number));
    a.set_ticket_ahead(view.ticket_ahead);
    a.set_ticket_class(s(&view.ticket_class));
    a.set_ticket_wait(s(&view.ticket_wait));
    a.set_ticket_note(s(&view.ticket_note));
    a.set_printer_problem(s(&view.printer_problem));
    a.set_hub_online(view.hub_online);
    a.set_message(s(&view.message));
    a.set_busy(view.busy);
    let names = a.get_class_names();
    if names
        .iter()
        .map(|n| n.to_string())
        .ne(view.class_names.iter().cloned())
    {
        let names: Vec<SharedString> = view.class_names.iter().map(|n| s(n)).collect();
        a.set_class_names(ModelRc::new(VecModel::from(names)));
    }
}

/// Copies the device gate (waiting for the hub, the pairing code) over the screen.
pub fn show_gate(ui: &KioskWindow, view: &shared::gate::GateView) {
    ui.global::<KioskAdapter>().set_gate(crate::GateView {
        shown: view.shown,
        title: view.title.as_str().into(),
        code: view.code.as_str().into(),
        hint: view.hint.as_str().into(),
        note: view.note.as_str().into(),
        device: view.device.as_str().into(),
    });
}
