//! Transfer keeping the place in line or to the back of it, as docs/calling-policy.md
//! promises ("Transfer" among its worked examples).

use super::*;

/// A001 (VL) arrives, then B001 (BHTN) ten minutes later; counter 1 (VL, BHTN) calls A001
/// and transfers it to BHTN, `tab` times pressing Tab in the dialog. The order counter 1
/// would call BHTN in afterwards, twenty minutes later.
fn transfer_with_tabs(tabs: usize) -> (Bench, String, String, Vec<String>) {
    let mut b = Bench::desk(1, "lan", "1111");
    let a = b.issue("VL", PriorityClass::Regular);
    b.wait(600);
    let bhtn = b.issue("BHTN", PriorityClass::Regular);
    b.act(Key::F(1));
    assert_eq!(b.view().ticket.number, a);
    b.wait(1200);
    b.key(Key::F(6));
    assert!(
        b.view().dialog_keep_place,
        "keeping the place is the default"
    );
    for _ in 0..tabs {
        b.key(Key::Tab);
    }
    let to = b
        .view()
        .dialog_options
        .iter()
        .position(|o| o.label == "Bảo hiểm thất nghiệp");
    let action = b.press(Press::Option(to.expect("BHTN is offered")));
    b.run(action);
    let next = b.view().next.iter().map(|n| n.number.clone()).collect();
    (b, a, bhtn, next)
}

#[test]
fn a_transfer_keeps_its_place_in_the_new_line_by_default() {
    let (b, a, bhtn, next) = transfer_with_tabs(0);
    assert_eq!(next, [a.clone(), bhtn]);
    assert_eq!(
        b.message(),
        format!("Đã chuyển số {a} sang lĩnh vực Bảo hiểm thất nghiệp, giữ thứ tự theo giờ lấy số.")
    );
}

#[test]
fn tab_sends_a_transfer_to_the_back_of_the_line() {
    let (mut b, a, bhtn, next) = transfer_with_tabs(1);
    assert_eq!(next, [bhtn, a.clone()]);
    assert_eq!(
        b.message(),
        format!("Đã chuyển số {a} sang lĩnh vực Bảo hiểm thất nghiệp, xếp cuối hàng.")
    );
    // A second Tab comes back to keeping the place; a click chooses directly.
    b.issue("VL", PriorityClass::Regular);
    b.act(Key::F(1));
    b.key(Key::F(6));
    b.key(Key::Tab);
    b.key(Key::Tab);
    assert!(b.view().dialog_keep_place);
    b.press(Press::Place(false));
    assert!(!b.view().dialog_keep_place);
    b.press(Press::Place(true));
    assert!(b.view().dialog_keep_place);
}
