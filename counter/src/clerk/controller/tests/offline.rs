//! The hub out of reach: a clear state, nothing sent, and recovery when it is back.

use super::*;

#[test]
fn offline_everything_waits_and_comes_back_by_itself() {
    let mut b = Bench::desk(3, "mai", "3333");
    let number = b.issue("GDNN", PriorityClass::Regular);
    b.act(Key::F(1));
    b.c.set_online(false);
    let v = b.view();
    assert!(!v.online);
    assert_eq!(v.screen, "desk", "the clerk stays logged in");
    assert_eq!(v.ticket.number, number, "the last known ticket stays shown");
    assert!(v.buttons.iter().all(|x| !x.enabled));
    for key in [Key::F(1), Key::F(2), Key::F(3), Key::F(6), Key::F(8)] {
        assert_eq!(b.key(key), None, "{key:?} sent while offline");
        assert_eq!(b.view().dialog, "", "{key:?} opened a dialog while offline");
    }
    assert_eq!(
        b.message(),
        "Chưa kết nối được hệ thống: xin chờ kết nối lại."
    );
    // Meanwhile the citizen arrived and another device started the service.
    b.elsewhere(Command::StartServing {
        counter: CounterId(3),
    });
    b.c.set_online(true);
    // Connected: the header says so, and nothing beside it says otherwise.
    let v = b.view();
    assert!(v.online);
    assert_eq!((v.message.as_str(), v.message_kind), ("", ""));
    b.wait(1);
    let v = b.view();
    assert!(v.online);
    assert_eq!(v.ticket.state, "serving", "the screen catches up");
    assert!(b.button(DeskAction::Finish).enabled);
    b.act(Key::F(4));
    assert_eq!(b.view().ticket.state, "none");
}

#[test]
fn a_request_lost_with_the_connection_is_said_and_freed() {
    let mut b = Bench::desk(3, "mai", "3333");
    b.issue("GDNN", PriorityClass::Regular);
    let sent = b.key(Key::F(1));
    assert!(sent.is_some());
    b.c.set_online(false);
    b.c.answered(Err(ClientError::ConnectionLost), b.at);
    assert!(!b.view().busy);
    assert_eq!(
        b.message(),
        "Kết nối bị gián đoạn trước khi hệ thống trả lời: màn hình cho biết lệnh đã thực hiện hay chưa."
    );
}

#[test]
fn no_login_while_offline_or_before_the_office_arrives() {
    let mut b = Bench::new(3);
    b.c.set_online(false);
    b.type_text("mai3333");
    assert!(!b.view().can_login);
    assert_eq!(b.key(Key::Enter), None);
    assert_eq!(
        b.message(),
        "Chưa kết nối được hệ thống: xin chờ kết nối lại."
    );
    // Online without the office's state yet: the login may go (the hub checks it all),
    // the screen says it is loading.
    b.c.set_online(true);
    let v = b.c.view(None, b.now);
    assert!(v.loading && v.can_login);
    assert!(b.c.key(KeyPress::plain(Key::Enter), None, b.at).is_some());
}

#[test]
fn a_loading_notice_goes_once_the_office_arrives() {
    let mut b = Bench::desk(3, "mai", "3333");
    // Reconnected, the office's state not there yet: a desk key says it is loading.
    b.c.set_online(false);
    b.c.set_online(true);
    let v = b.c.view(None, b.now);
    assert!(v.loading);
    b.c.press(Press::Desk(DeskAction::CallNext), None, b.at);
    assert_eq!(
        b.c.view(None, b.now).message,
        "Đang tải dữ liệu của bộ phận…"
    );
    assert_eq!(b.view().message, "", "the office is there: no more loading");
}
