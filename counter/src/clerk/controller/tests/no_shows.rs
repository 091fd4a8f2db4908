//! A citizen who missed the call comes back to the counter: F7 and the number, or the list
//! of today's no-shows still within `queue.no_show_return_minutes` (30), brings the ticket
//! back and calls it; after that time the refusal says so.

use shared::model::TicketState;

use super::*;

/// Counter 3 calls a GDNN ticket, which becomes a no-show at 08:31; another waits.
fn missed() -> (Bench, String, String) {
    let mut b = Bench::desk(3, "mai", "3333");
    let missed = b.issue("GDNN", PriorityClass::Regular);
    let other = b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    b.wait(60);
    b.act(Key::F(5));
    assert_eq!(b.message(), format!("Đã ghi nhận số {missed} vắng mặt."));
    (b, missed, other)
}

#[test]
fn a_no_show_typed_at_f7_is_brought_back_and_called() {
    let (mut b, missed, other) = missed();
    b.wait(600);
    b.key(Key::F(7));
    b.type_text(&missed);
    b.act(Key::Enter);
    let v = b.view();
    assert_eq!(
        (v.ticket.number.as_str(), v.ticket.state),
        (missed.as_str(), "called")
    );
    assert_eq!(v.message, "");
    assert_eq!(v.next[0].number, other, "the other one still waits");
}

#[test]
fn the_no_shows_still_within_the_time_are_listed_to_call_back() {
    let (mut b, missed, _) = missed();
    // A second no-show, at 08:40: the latest comes first.
    b.wait(540);
    b.act(Key::F(1));
    let later = b.view().ticket.number;
    b.act(Key::F(5));
    b.wait(60);
    b.key(Key::F(7));
    let labels: Vec<String> = b
        .view()
        .dialog_options
        .iter()
        .map(|o| o.label.clone())
        .collect();
    assert_eq!(
        labels,
        [
            format!("{later} · Giáo dục nghề nghiệp · vắng mặt lúc 08:40, quầy 3"),
            format!("{missed} · Giáo dục nghề nghiệp · vắng mặt lúc 08:31, quầy 3"),
        ]
    );
    // Down goes to the first, again to the second; Enter brings it back and calls it.
    b.key(Key::Down);
    b.key(Key::Down);
    assert!(b.view().dialog_options[1].cursor);
    b.act(Key::Enter);
    assert_eq!(b.view().ticket.number, missed);
    // The one called is off the list; a click on the other calls it once this one is done.
    b.act(Key::F(3));
    b.act(Key::F(4));
    b.key(Key::F(7));
    assert_eq!(b.view().dialog_options.len(), 1);
    let click = b.press(Press::Option(0));
    b.run(click);
    assert_eq!(b.view().ticket.number, later);
}

#[test]
fn after_the_time_to_return_the_refusal_says_so() {
    let (mut b, missed, _) = missed();
    b.wait(30 * 60 + 1);
    b.key(Key::F(7));
    assert!(b.view().dialog_options.is_empty(), "no longer listed");
    b.type_text(&missed);
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(
        b.message(),
        format!(
            "Số {missed} vắng mặt lúc 08:31, đã quá thời gian gọi lại (30 phút): xin mời công dân lấy số mới."
        )
    );
}

#[test]
fn a_no_show_of_a_field_the_counter_does_not_serve_goes_back_in_line() {
    let (mut b, missed, _) = missed();
    // Counter 3 now serves LDNN only: the ticket goes back to the GDNN line for another.
    b.key(Key::F(9));
    b.key(Key::Char('3'));
    let fields = b.key(Key::Enter);
    b.run(fields);
    assert_eq!(b.view().served_fields, "Lao động ngoài nước");
    b.key(Key::F(7));
    b.type_text(&missed);
    b.act(Key::Enter);
    assert_eq!(
        b.message(),
        format!(
            "Đã đưa số {missed} trở lại hàng chờ, ở vị trí cũ: quầy phục vụ lĩnh vực này sẽ gọi."
        )
    );
    let t = b.engine.ticket_by_display(&missed).expect("ticket");
    assert_eq!(t.state, TicketState::Waiting);
}
