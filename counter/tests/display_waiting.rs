//! The native display's "Đang chờ" list at a TV's 1920x1080, under Slint's testing backend
//! with the bundled Noto Sans: every field of the default office is named in type large
//! enough to read across the waiting room, the long names take two lines at most, and the
//! whole list fits above the notice strip.

use counter::DisplayWindow;
use counter::display::{DisplayController, Language, Settings, adapter};
use i_slint_backend_testing::ElementHandle;
use shared::board::Board;
use shared::engine::Engine;
use slint::ComponentHandle;

/// One line of Noto Sans is 1.36 times its size: 36 px type makes lines of 49 px.
const LINE: f32 = 36.0 * 1.36 - 1.0;
/// The window's height less the notice strip along the bottom.
const ABOVE_NOTICE: f32 = 1080.0 - 80.0;

/// A name's box as (top, bottom, height).
fn place(e: &ElementHandle) -> (f32, f32, f32) {
    let (y, h) = (e.absolute_position().y, e.size().height);
    (y, y + h, h)
}

#[test]
fn every_field_name_is_large_and_the_list_fits() {
    i_slint_backend_testing::init_no_event_loop();
    let ui = DisplayWindow::new().expect("the window builds");
    ui.window().set_size(slint::PhysicalSize::new(1920, 1080));
    ui.show().expect("shown");
    let office = tests::default_office();
    for language in [Language::Vi, Language::En] {
        let mut c = DisplayController::new(office.clone(), Settings::of(&office, language));
        c.set_board(Board::of(&Engine::new(office.clone())));
        let view = c.view();
        adapter::show(&ui, &view);
        assert_eq!(view.waiting.len(), 10, "the default office's ten fields");
        let mut places = Vec::new();
        for field in &view.waiting {
            let found: Vec<_> = ElementHandle::find_by_accessible_label(&ui, &field.name).collect();
            assert_eq!(found.len(), 1, "{:?} is on screen once", field.name);
            let (top, bottom, height) = place(&found[0]);
            assert!(
                height >= LINE,
                "{:?} is {height} px high: type under 36 px",
                field.name
            );
            assert!(
                height < 3.0 * LINE,
                "{:?} takes {height} px: more than two lines",
                field.name
            );
            assert!(
                bottom <= ABOVE_NOTICE,
                "{:?} ends at {bottom} px, under the notice",
                field.name
            );
            places.push((field.name.clone(), top, bottom));
        }
        for pair in places.windows(2) {
            let ((a, _, a_bottom), (b, b_top, _)) = (&pair[0], &pair[1]);
            assert!(a_bottom <= b_top, "{a:?} runs into {b:?}");
        }
        println!("{language:?}: {places:?}");
    }
}
